// `lvs-tui kill [NAME]`: end a session and every pane in it. Works against a server of another
// lvs-tui version too (the kill request is part of the frozen handshake).
import {existsSync} from 'node:fs';
import {formatError} from '../domain/result.js';
import {sessionFiles, validateSessionName} from '../session/session-paths.js';
import {connectSession} from '../session/session-connection.js';
import {listSessions} from '../session/session-list.js';
import {badUsage, parseCommandLine} from './command-line.js';
import {readableSessionDir} from './session-dir.js';

const USAGE = 'usage: lvs-tui kill [NAME]   end a session and its panes (default: the only one)';

export async function run(argv: string[]): Promise<number> {
	const args = parseCommandLine('lvs-tui kill', USAGE, {args: argv, allowPositionals: true, options: {help: {type: 'boolean', short: 'h'}}});
	if (typeof args === 'number') return args;
	if (args.positionals.length > 1) return badUsage('lvs-tui kill', `unexpected argument '${args.positionals[1]}'`, USAGE);
	const dir = readableSessionDir();
	if (dir === null) return 1;
	let name = args.positionals[0];
	if (name === undefined) {
		const listing = await listSessions(dir);
		for (const problem of listing.problems) process.stderr.write(`lvs-tui: ${problem}\n`);
		if (listing.sessions.length !== 1) {
			process.stderr.write(
				listing.sessions.length === 0
					? 'lvs-tui: there is no session to kill\n'
					: `lvs-tui: there are several sessions; name one: ${listing.sessions.map(s => s.name).join(', ')}\n`,
			);
			return 1;
		}
		name = listing.sessions[0]!.name;
	}
	const valid = validateSessionName(name);
	if (!valid.ok) return badUsage('lvs-tui', formatError(valid.error));
	const files = sessionFiles(dir, name);
	const connected = await connectSession(files, {intent: 'kill'});
	if (!connected.ok) {
		process.stderr.write(`lvs-tui: ${formatError(connected.error)}\n`);
		return connected.error.code === 'session.stale' ? 0 : 1;
	}
	const panes = connected.value.welcome.session.panes;
	// The server removes its socket as it ends; wait for that (bounded) so `ls` right after is right.
	await new Promise<void>(resolve => {
		connected.value.onClose(() => resolve());
		setTimeout(resolve, 3000).unref();
	});
	for (let i = 0; i < 100 && existsSync(files.socket); i++) await new Promise(resolve => setTimeout(resolve, 20));
	process.stdout.write(`killed session ${name} (${panes} pane${panes === 1 ? '' : 's'})\n`);
	return 0;
}
