// FileAccess over SFTP on the host's pooled connection. writeFileAtomic writes a temp file in the
// same directory, sets its mode (and the original's owner when there was one), then renames it over
// the target with posix-rename@openssh.com when the server offers it (atomic), else remove + rename.
// A failure removes the temp file and leaves the original untouched.
import {randomBytes} from 'node:crypto';
import {posix} from 'node:path';
import type {SFTPWrapper, Stats} from 'ssh2';
import type {FileAccess} from '../command-runner.js';
import type {SshClient} from './ssh-connect.js';
import type {SshClientSource} from './ssh-exec-runner.js';
import {isSessionRefusal, MAX_REFUSED_ATTEMPTS} from './session-slots.js';

const NO_SUCH_FILE = 2;
const CHUNK = 32 * 1024;

type SftpError = Error & {code?: number};

function promisify<T>(run: (cb: (error: SftpError | null | undefined, value: T) => void) => void): Promise<T> {
	return new Promise((resolve, reject) => {
		try {
			run((error, value) => (error ? reject(error) : resolve(value)));
		} catch (error) {
			reject(error);
		}
	});
}

export class SftpFileAccess implements FileAccess {
	private readonly sftpByClient = new WeakMap<SshClient, Promise<SFTPWrapper>>();

	constructor(
		readonly host: string,
		private readonly connection: SshClientSource,
	) {}

	private async sftp(): Promise<SFTPWrapper> {
		const client = await this.connection.getClient();
		let session = this.sftpByClient.get(client);
		if (!session) {
			// The SFTP channel holds one of the connection's session slots for as long as it is open.
			const slots = this.connection.sessions;
			session = (async () => {
				for (let attempt = 1; ; attempt++) {
					const release = (await slots?.acquire()) ?? (() => undefined);
					try {
						const s = await promisify<SFTPWrapper>(cb => client.sftp((e, sftp) => cb(e, sftp)));
						s.on('close', () => {
							this.sftpByClient.delete(client);
							release();
						});
						s.on('error', () => undefined);
						return s;
					} catch (error) {
						release();
						// As for exec: sshd's MaxSessions is lower than assumed; learn it and wait for a slot.
						if (!slots || attempt >= MAX_REFUSED_ATTEMPTS || !isSessionRefusal((error as Error).message)) throw error;
						slots.refused();
					}
				}
			})();
			session.catch(() => this.sftpByClient.delete(client));
			this.sftpByClient.set(client, session);
		}
		try {
			return await session;
		} catch (error) {
			throw new Error(`${this.host}: cannot start SFTP (is the sftp subsystem enabled in sshd_config?): ${(error as Error).message}`);
		}
	}

	private failure(action: string, path: string, error: unknown): Error {
		const e = error as SftpError;
		const why = e.code === NO_SUCH_FILE ? 'No such file or directory' : e.code === 3 ? 'Permission denied' : e.message;
		return new Error(`${this.host}: cannot ${action} ${path}: ${why}`);
	}

	async readFile(path: string): Promise<Uint8Array> {
		const sftp = await this.sftp();
		try {
			const data = await promisify<Buffer>(cb => sftp.readFile(path, (e: SftpError | undefined, d: Buffer) => cb(e, d)));
			return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
		} catch (error) {
			throw this.failure('read', path, error);
		}
	}

	async stat(path: string): Promise<{mode: number; size: number; isDirectory: boolean} | null> {
		const sftp = await this.sftp();
		try {
			const s = await promisify<Stats>(cb => sftp.stat(path, (e, st) => cb(e, st)));
			return {mode: s.mode & 0o7777, size: s.size, isDirectory: s.isDirectory()};
		} catch (error) {
			if ((error as SftpError).code === NO_SUCH_FILE) return null;
			throw this.failure('stat', path, error);
		}
	}

	async writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
		const sftp = await this.sftp();
		const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
		const temp = posix.join(posix.dirname(path), `.${posix.basename(path)}.lvs-tui-${randomBytes(4).toString('hex')}.tmp`);
		let original: Stats | null = null;
		try {
			original = await promisify<Stats>(cb => sftp.stat(path, (e, st) => cb(e, st)));
		} catch {
			original = null;
		}
		const finalMode = mode ?? (original ? original.mode & 0o7777 : 0o644);
		let handle: Buffer | null = null;
		try {
			// 'wx': never reuse an existing file as the temp file. Created owner-only; the mode comes after.
			handle = await promisify<Buffer>(cb => sftp.open(temp, 'wx', {mode: 0o600}, (e, h) => cb(e, h)));
			for (let offset = 0; offset < bytes.length; offset += CHUNK) {
				const length = Math.min(CHUNK, bytes.length - offset);
				await promisify<void>(cb => sftp.write(handle!, bytes, offset, length, offset, e => cb(e, undefined)));
			}
			if (original) {
				// Keep the owner of the file being replaced (works when we are root; harmless otherwise).
				await promisify<void>(cb => sftp.fchown(handle!, original!.uid, original!.gid, e => cb(e, undefined))).catch(() => undefined);
			}
			await promisify<void>(cb => sftp.fchmod(handle!, finalMode, e => cb(e, undefined)));
			const h = handle;
			handle = null;
			await promisify<void>(cb => sftp.close(h, e => cb(e, undefined)));
			await this.rename(sftp, temp, path, original !== null);
		} catch (error) {
			if (handle) {
				const h = handle;
				await promisify<void>(cb => sftp.close(h, e => cb(e, undefined))).catch(() => undefined);
			}
			await promisify<void>(cb => sftp.unlink(temp, e => cb(e, undefined))).catch(() => undefined);
			throw this.failure('write', path, error);
		}
	}

	private async rename(sftp: SFTPWrapper, from: string, to: string, exists: boolean): Promise<void> {
		let posixRename = true;
		try {
			await promisify<void>(cb => sftp.ext_openssh_rename(from, to, e => cb(e, undefined)));
			return;
		} catch (error) {
			if (!/does not support/i.test((error as Error).message)) throw error;
			posixRename = false;
		}
		// SFTP v3 rename refuses to replace: remove the target first (a short window without it).
		if (!posixRename && exists) await promisify<void>(cb => sftp.unlink(to, e => cb(e, undefined)));
		await promisify<void>(cb => sftp.rename(from, to, e => cb(e, undefined)));
	}
}
