// The background session server process (started by server-launcher.ts, never by hand). It ignores
// the terminal's hang-up, logs to its log file, and exits when the session ends.
import {enableQuietCollection, limitYoungGeneration} from '../runtime-memory.js';
import {formatError} from '../domain/result.js';
import {defaultSocketDir, ensureSocketDir, sessionFiles, validateSessionName} from './session-paths.js';

// The same memory policy as the app process (cli.ts, runtime-memory.ts): the server holds every
// pane's scrollback, so it gains the most. First thing, before loading the panes' modules grows
// the young generation; those are imported in main() for that reason.
limitYoungGeneration(Number(process.env.LVS_TUI_SEMI_SPACE_MB ?? 8));
enableQuietCollection();

function log(line: string): void {
	process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}

async function main(argv: string[]): Promise<number> {
	const nameAt = argv.indexOf('--name');
	const name = validateSessionName(nameAt >= 0 ? argv[nameAt + 1] ?? '' : '');
	if (!name.ok) {
		log(formatError(name.error));
		return 2;
	}
	const rest = nameAt >= 0 ? [...argv.slice(0, nameAt), ...argv.slice(nameAt + 2)] : argv;
	const dir = ensureSocketDir(defaultSocketDir());
	if (!dir.ok) {
		log(formatError(dir.error));
		return 1;
	}
	const {createSessionHost, parseServerArgs} = await import('./session-host.js');
	const {SessionServer} = await import('./session-server.js');
	const options = parseServerArgs(rest);
	if (!options.ok) {
		log(formatError(options.error));
		return 2;
	}
	// The terminal that started us may hang up at any time; the session outlives it.
	process.on('SIGHUP', () => log('ignoring SIGHUP: the session keeps running'));
	process.on('SIGPIPE', () => undefined);

	const created = createSessionHost(options.value, log);
	if (!created.ok) {
		for (const error of created.error) log(formatError(error));
		return 2;
	}
	const hosted = created.value;
	const server = new SessionServer({
		files: sessionFiles(dir.value, name.value),
		host: hosted.host,
		state: hosted.state,
		services: hosted.services,
		questions: hosted.questions,
		log,
		onEnd: () => {
			hosted.dispose();
			// Let the 'detached' messages reach the clients, then go.
			setTimeout(() => process.exit(0), 200).unref();
		},
	});
	const started = await server.start();
	if (!started.ok) {
		log(formatError(started.error));
		hosted.dispose();
		return 1;
	}
	process.on('SIGTERM', () => server.end('terminated (SIGTERM)'));
	process.on('SIGINT', () => server.end('interrupted (SIGINT)'));
	// A bug in one handler must not take every pane down with it: log it and keep serving.
	process.on('uncaughtException', error => log(`internal error (kept running): ${error.stack ?? error.message}`));
	process.on('unhandledRejection', reason => log(`internal error (kept running): ${String(reason)}`));
	return -1;
}

main(process.argv.slice(2)).then(code => {
	if (code >= 0) process.exit(code);
});
