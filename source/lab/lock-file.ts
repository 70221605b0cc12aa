// An owner-only lock file holding the owner's PID. A lock whose owner is gone is taken over, so a
// killed `lab up` or test run never blocks the next one.
import {closeSync, existsSync, openSync, readFileSync, rmSync, writeSync} from 'node:fs';
import {processAlive} from './vm-runner.js';

export type Release = () => void;

/** Take the lock now, or report the PID holding it. */
export function tryLock(path: string): {release: Release} | {holder: number} {
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			const fd = openSync(path, 'wx', 0o600);
			writeSync(fd, String(process.pid));
			closeSync(fd);
			return {
				release: () => {
					if (existsSync(path) && readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path, {force: true});
				},
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			let holder = 0;
			try {
				holder = Number(readFileSync(path, 'utf8').trim());
			} catch {
				continue; // released between our open and read
			}
			// Held by a live process (this one included: two calls in one process must not share it).
			if (holder && processAlive(holder)) return {holder};
			rmSync(path, {force: true});
		}
	}
	return {holder: 0};
}

/** Wait (bounded) for the lock, e.g. while another process builds the shared kit. */
export async function waitForLock(path: string, timeoutMs: number, onWait?: (holder: number) => void): Promise<{release: Release} | {holder: number}> {
	const deadline = Date.now() + timeoutMs;
	let told = false;
	for (;;) {
		const got = tryLock(path);
		if ('release' in got || Date.now() > deadline) return got;
		if (!told) onWait?.(got.holder);
		told = true;
		await new Promise(r => setTimeout(r, 250));
	}
}
