// Where session sockets live and the checks that keep them private. The directory is the first
// line of defence: owner-only (0700) so no other uid can even reach the socket, which is 0600.
// A directory someone else owns or that others can enter is refused, never "fixed", because
// silently trusting it would let another user listen in place of our server.
import {lstatSync, mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {appError, fail, ok, type Result} from '../domain/result.js';

/** Unix socket paths are limited to 108 bytes on Linux (sun_path). */
const MAX_SOCKET_PATH = 107;

export function defaultSocketDir(env: NodeJS.ProcessEnv = process.env): string {
	if (env.LVS_TUI_SOCKET_DIR) return env.LVS_TUI_SOCKET_DIR;
	const uid = process.getuid?.() ?? 0;
	if (env.XDG_RUNTIME_DIR) {
		try {
			if (lstatSync(env.XDG_RUNTIME_DIR).isDirectory()) return join(env.XDG_RUNTIME_DIR, 'lvs-tui');
		} catch {
			// No runtime dir (su, cron): fall back to /tmp like screen does.
		}
	}
	return `/tmp/lvs-tui-${uid}`;
}

export function validateSessionName(name: string): Result<string> {
	if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/.test(name)) {
		return fail(
			appError(
				'session.bad-name',
				`session name '${name}' is not allowed: use 1-64 letters, digits, '.', '_' or '-', not starting with '.' or '-'`,
			),
		);
	}
	return ok(name);
}

export interface SessionFiles {
	name: string;
	socket: string;
	/** Per-session secret the client presents in the handshake (0600). */
	key: string;
	/** The background server's stdout/stderr. */
	log: string;
}

export function sessionFiles(dir: string, name: string): SessionFiles {
	return {name, socket: join(dir, `${name}.sock`), key: join(dir, `${name}.key`), log: join(dir, `${name}.log`)};
}

/** Verify (creating if missing) that dir is a real directory owned by us with mode 0700. */
export function ensureSocketDir(dir: string): Result<string> {
	const uid = process.getuid?.() ?? 0;
	try {
		mkdirSync(dir, {mode: 0o700});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code !== 'EEXIST') {
			return fail(
				appError('session.dir', `cannot create the session directory ${dir}: ${(error as Error).message}`),
			);
		}
	}
	return checkSocketDir(dir, uid);
}

export function checkSocketDir(dir: string, uid: number = process.getuid?.() ?? 0): Result<string> {
	let stat;
	try {
		stat = lstatSync(dir);
	} catch (error) {
		return fail(appError('session.dir', `cannot read the session directory ${dir}: ${(error as Error).message}`));
	}
	if (stat.isSymbolicLink()) {
		return fail(
			appError('session.dir-unsafe', `refusing the session directory ${dir}: it is a symbolic link (remove it; lvs-tui creates a real directory)`),
		);
	}
	if (!stat.isDirectory()) {
		return fail(appError('session.dir-unsafe', `refusing the session directory ${dir}: it is not a directory`));
	}
	if (stat.uid !== uid) {
		return fail(
			appError(
				'session.dir-unsafe',
				`refusing the session directory ${dir}: it belongs to uid ${stat.uid}, not to you (uid ${uid}); another user could read your sessions. Remove it or set LVS_TUI_SOCKET_DIR`,
			),
		);
	}
	const mode = stat.mode & 0o777;
	if ((mode & 0o077) !== 0) {
		return fail(
			appError(
				'session.dir-unsafe',
				`refusing the session directory ${dir}: its mode is ${mode.toString(8).padStart(4, '0')}, so other users can reach the sockets; run 'chmod 700 ${dir}'`,
			),
		);
	}
	if (join(dir, 'x'.repeat(64) + '.sock').length > MAX_SOCKET_PATH) {
		return fail(
			appError('session.dir', `the session directory path ${dir} is too long for a Unix socket (limit ${MAX_SOCKET_PATH} bytes); set LVS_TUI_SOCKET_DIR to a shorter path`),
		);
	}
	return ok(dir);
}
