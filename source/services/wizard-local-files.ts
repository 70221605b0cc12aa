// FileAccess for this machine: the same atomic-write contract as the SFTP one (temp file beside
// the target, mode set before the rename), so wizards write locally and remotely alike.
import {randomBytes} from 'node:crypto';
import {chmod, open, readFile, rename, stat, unlink} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';
import type {FileAccess} from '../transports/command-runner.js';

export class LocalFileAccess implements FileAccess {
	/** `host`: the config's name for this machine, when it is a configured host. */
	constructor(readonly host = 'local') {}

	async readFile(path: string): Promise<Uint8Array> {
		return readFile(path);
	}

	async writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
		const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
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
