// Node cannot read SO_PEERCRED, so the peer uid is checked by what the peer can read: the server
// writes a random key to an owner-only (0600) file in the owner-only (0700) directory and every
// client must present it in its hello. Another uid can neither connect (directory + socket modes)
// nor read the key, and a stray process reusing a leftover socket path gets nothing.
import {randomBytes, timingSafeEqual} from 'node:crypto';
import {closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync} from 'node:fs';
import {appError, fail, ok, type Result} from '../domain/result.js';

export function writeSessionKey(path: string): string {
	const key = randomBytes(32).toString('hex');
	const temporary = `${path}.${process.pid}.tmp`;
	// Created 0600 from the start, then renamed into place so a reader never sees half a key.
	const fd = openSync(temporary, 'wx', 0o600);
	try {
		writeSync(fd, key + '\n');
	} finally {
		closeSync(fd);
	}
	renameSync(temporary, path);
	return key;
}

export function readSessionKey(path: string): Result<string> {
	try {
		const key = readFileSync(path, 'utf8').trim();
		if (!/^[0-9a-f]{64}$/.test(key)) return fail(appError('session.key', `the session key file ${path} is damaged`));
		return ok(key);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EACCES') return fail(appError('session.key', `cannot read the session key ${path}: the session belongs to another user`));
		return fail(appError('session.key', `cannot read the session key ${path}: ${(error as Error).message}`));
	}
}

export function keysMatch(expected: string, presented: string): boolean {
	const a = Buffer.from(expected, 'utf8');
	const b = Buffer.from(presented, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}

export function removeQuietly(path: string): void {
	try {
		unlinkSync(path);
	} catch {
		// Already gone.
	}
}
