import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';
import {startSshHost, type SshHost} from '../helpers/netns-sshd.js';
import {SftpFileAccess} from '../../source/transports/ssh/sftp-file-access.js';
import {hostConfig, testClientEnv, type TestClientEnv} from './ssh-support.js';

// The sshd runs in its own network namespace but shares this machine's files, so the test checks
// what SFTP did directly on disk.
describe.skipIf(missing(isRoot, hasCommand('/usr/sbin/sshd'), hasCommand('nsenter')))('SFTP file access against a real sshd', () => {
	let host: SshHost;
	let env: TestClientEnv;
	let files: SftpFileAccess;
	let dir: string;
	let small: string | undefined;

	beforeAll(async () => {
		host = await startSshHost({name: 'sftp'});
		env = testClientEnv([host.knownHostsLine]);
		const pool = env.makePool([hostConfig('sftp', host)]);
		files = new SftpFileAccess('sftp', pool.connection('sftp'));
		dir = mkdtempSync(join(tmpdir(), 'lvst-sftp-data-'));
	});
	afterAll(async () => {
		if (small) {
			try {
				host.execInMountNamespace(['umount', small]);
			} catch {
				// sshd already gone: its mount namespace went with it
			}
			rmSync(small, {recursive: true, force: true});
		}
		env?.cleanup();
		await host?.stop();
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('reads and stats files, null for a missing one', async () => {
		const path = join(dir, 'read.txt');
		writeFileSync(path, 'line one\nline two\n');
		chmodSync(path, 0o640);
		expect(Buffer.from(await files.readFile(path)).toString()).toBe('line one\nline two\n');
		expect(await files.stat(path)).toEqual({mode: 0o640, size: 18, isDirectory: false});
		expect((await files.stat(dir))?.isDirectory).toBe(true);
		expect(await files.stat(join(dir, 'nope'))).toBeNull();
		await expect(files.readFile(join(dir, 'nope'))).rejects.toThrow(`sftp: cannot read ${join(dir, 'nope')}: No such file or directory`);
	});

	it('replaces a file atomically with the requested mode and leaves no temp file', async () => {
		const path = join(dir, 'dhcpd.conf');
		writeFileSync(path, 'old\n');
		const before = statSync(path).ino;
		const data = 'host rs3 { hardware ethernet 52:54:00:12:34:56; }\n'.repeat(2000);
		await files.writeFileAtomic(path, data, 0o600);
		expect(readFileSync(path, 'utf8')).toBe(data);
		expect(statSync(path).mode & 0o7777).toBe(0o600);
		// Rename, not rewrite: a new inode replaced the old one in one step.
		expect(statSync(path).ino).not.toBe(before);
		expect(readdirSync(dir).filter(f => f.includes('lvs-tui'))).toEqual([]);
	});

	it('keeps the existing mode when none is given, and creates new files 0644', async () => {
		const path = join(dir, 'keep-mode');
		writeFileSync(path, 'x');
		chmodSync(path, 0o750);
		await files.writeFileAtomic(path, new Uint8Array([0, 1, 2, 255]));
		expect(statSync(path).mode & 0o7777).toBe(0o750);
		expect([...readFileSync(path)]).toEqual([0, 1, 2, 255]);
		const fresh = join(dir, 'fresh');
		await files.writeFileAtomic(fresh, 'new\n');
		expect(statSync(fresh).mode & 0o7777).toBe(0o644);
	});

	it('leaves the original intact and no temp file when the write fails (disk full)', async () => {
		// A 64 KiB tmpfs mounted where sshd (in its own mount namespace) writes.
		small = mkdtempSync(join(tmpdir(), 'lvst-sftp-full-'));
		const inSshd = (...argv: string[]) => host.execInMountNamespace(argv);
		inSshd('mount', '-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small);
		const path = join(small, 'ks.cfg');
		inSshd('sh', '-c', 'printf "original\\n" > "$1"', 'sh', path);
		await expect(files.writeFileAtomic(path, 'x'.repeat(1024 * 1024), 0o644)).rejects.toThrow(new RegExp(`^sftp: cannot write ${path}: `));
		expect(inSshd('cat', path)).toBe('original\n');
		expect(inSshd('ls', '-A', small)).toBe('ks.cfg\n');
	});
});
