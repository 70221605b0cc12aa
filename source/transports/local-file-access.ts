// FileAccess for this machine: the same atomic-write contract as the SFTP one (temp file beside
// the target, created with its final mode, synced, then renamed over it), so wizards write locally
// and remotely alike. writeFileAtomicSync is the same for state files written synchronously.
import {randomBytes} from 'node:crypto';
import {closeSync, fchmodSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync} from 'node:fs';
import {chmod, open, readFile, rename, stat, unlink} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';
import type {FileAccess} from './command-runner.js';

/** A hidden, unique temp name beside `path`: the rename stays on one file system. */
function tempPathBeside(path: string): string {
	return join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
}

export function writeFileAtomicSync(path: string, data: string | Uint8Array, mode = 0o644): void {
	const temp = tempPathBeside(path);
	// Created with the final mode ('wx': never through a planted file), so a 0600 file is never readable by others.
	const fd = openSync(temp, 'wx', mode);
	try {
		writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
		fsyncSync(fd);
		// The umask may have narrowed the mode open() was given.
		fchmodSync(fd, mode);
		closeSync(fd);
		renameSync(temp, path);
	} catch (error) {
		try {
			closeSync(fd);
		} catch {
			// Already closed.
		}
		try {
			unlinkSync(temp);
		} catch {
			// Never created or already renamed.
		}
		throw error;
	}
}

export class LocalFileAccess implements FileAccess {
	/** `host`: the config's name for this machine, when it is a configured host. */
	constructor(readonly host = 'local') {}

	async readFile(path: string): Promise<Uint8Array> {
		return readFile(path);
	}

	async writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
		const temp = tempPathBeside(path);
		// Created with the final mode, so a 0600 file is never readable by others, not even briefly.
		const handle = await open(temp, 'wx', mode);
		try {
			await handle.writeFile(data);
			await handle.sync();
			await handle.close();
			await chmod(temp, mode);
			await rename(temp, path);
		} catch (error) {
			await handle.close().catch(() => {});
			await unlink(temp).catch(() => {});
			throw error;
		}
	}

	async stat(path: string): Promise<{mode: number; size: number; isDirectory: boolean} | null> {
		try {
			const s = await stat(path);
			return {mode: s.mode & 0o7777, size: s.size, isDirectory: s.isDirectory()};
		} catch {
			return null;
		}
	}
}
