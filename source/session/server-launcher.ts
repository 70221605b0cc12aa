// Starts a session server in the background, the way screen forks its backend: a detached child in
// its own session and process group (so the terminal's SIGHUP never reaches it), stdio to an
// owner-only log file, and the caller waits until the socket answers or the child dies saying why.
import {spawn} from 'node:child_process';
import {closeSync, existsSync, openSync, readFileSync, statSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {appError, fail, ok, type Result} from '../domain/result.js';
import {ensureSocketDir, sessionFiles, validateSessionName, type SessionFiles} from './session-paths.js';
import {removeQuietly} from './session-key.js';
import {probeSocket} from './socket-probe.js';

/**
 * Node flags of the server process (only the node command line can set these). V8's memory reducer
 * runs full collections ~8-12 s after activity (~70 ms of CPU with the panes' scrollback), in what is
 * otherwise idle time: 0.7-0.8 % of the bench's idle CPU. The server already runs one full
 * collection once output is quiet (runtime-memory.ts, called from server-main.ts); measured with the
 * reducer off: idle 0.3 % with the panel shown, peak RSS unchanged (~123 MB).
 */
export const SERVER_NODE_FLAGS = ['--no-memory-reducer'];

export interface LaunchOptions {
	dir: string;
	name: string;
	/** Passed to the server's host builder (the UI's own options: --config, --read-only, …). */
	serverArgs?: string[];
	/** How long to wait for the socket (start-up builds every pane). */
	timeoutMs?: number;
	env?: NodeJS.ProcessEnv;
}

export interface Launched {
	files: SessionFiles;
	pid: number;
	/** Set when a stale socket of a crashed server had to be removed first. */
	removedStale?: string;
}

/**
 * The built server entry. source/ and dist/ are both two levels below the package root, so this
 * finds dist/ from either (tests import source/ under vitest and run the built server).
 */
export function serverEntry(): string {
	return fileURLToPath(new URL('../../dist/session/server-main.js', import.meta.url));
}

export async function launchSessionServer(options: LaunchOptions): Promise<Result<Launched>> {
	const name = validateSessionName(options.name);
	if (!name.ok) return name;
	const dir = ensureSocketDir(options.dir);
	if (!dir.ok) return dir;
	const files = sessionFiles(options.dir, options.name);
	let removedStale: string | undefined;
	const state = await probeSocket(files.socket);
	if (state === 'alive') {
		return fail(appError('session.exists', `a session named '${options.name}' is already running ('lvs-tui -r ${options.name}' attaches to it)`));
	}
	if (state === 'stale' || state === 'denied') {
		removeQuietly(files.socket);
		removeQuietly(files.key);
		removedStale = `removed the stale socket of session '${options.name}' (its server had crashed or was killed)`;
	}
	const entry = serverEntry();
	if (!existsSync(entry)) {
		return fail(appError('session.no-server', `the session server ${entry} is missing: run 'npm run build'`));
	}
	const logStart = existsSync(files.log) ? statSync(files.log).size : 0;
	const log = openSync(files.log, 'a', 0o600);
	let child;
	try {
		child = spawn(process.execPath, [...SERVER_NODE_FLAGS, entry, '--name', options.name, ...(options.serverArgs ?? [])], {
			detached: true,
			stdio: ['ignore', log, log],
			env: {...(options.env ?? process.env), LVS_TUI_SOCKET_DIR: options.dir},
			// The client's directory, so ./lvs-tui.yaml and relative --config paths mean the same.
			cwd: process.cwd(),
		});
	} finally {
		closeSync(log);
	}
	let exited: {code: number | null; signal: NodeJS.Signals | null} | undefined;
	child.once('exit', (code, signal) => {
		exited = {code, signal};
	});
	child.once('error', () => {
		exited = {code: null, signal: null};
	});
	child.unref();

	const deadline = Date.now() + (options.timeoutMs ?? 15_000);
	for (;;) {
		if (exited) {
			return fail(
				appError('session.start', `the session server for '${options.name}' exited during start-up (${exited.signal ?? `code ${exited.code}`})`, {
					detail: logTail(files.log, logStart),
				}),
			);
		}
		if (existsSync(files.socket) && existsSync(files.key) && (await probeSocket(files.socket)) === 'alive') break;
		if (Date.now() > deadline) {
			return fail(appError('session.start', `the session server for '${options.name}' did not open its socket in time; see ${files.log}`));
		}
		await new Promise(resolve => setTimeout(resolve, 20));
	}
	return ok({files, pid: child.pid ?? 0, removedStale});
}

function logTail(path: string, from: number): string {
	try {
		return readFileSync(path, 'utf8').slice(from).split('\n').slice(-15).join('\n');
	} catch {
		return '';
	}
}
