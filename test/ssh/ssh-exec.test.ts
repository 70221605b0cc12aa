import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';
import {startSshHost, type SshHost} from '../helpers/netns-sshd.js';
import {SshConnectionPool} from '../../source/services/ssh-connection-pool.js';
import {SshExecRunner} from '../../source/transports/ssh/ssh-exec-runner.js';
import {SftpFileAccess} from '../../source/transports/ssh/sftp-file-access.js';

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met within ' + timeoutMs + ' ms');
		await new Promise(r => setTimeout(r, 20));
	}
}

describe.skipIf(missing(isRoot, hasCommand('/usr/sbin/sshd')))('SshExecRunner against a real sshd', () => {
	let host: SshHost;
	let pool: SshConnectionPool;
	let runner: SshExecRunner;
	let dir: string;

	beforeAll(async () => {
		host = await startSshHost({name: 'exec'});
		dir = mkdtempSync(join(tmpdir(), 'lvst-exec-'));
		writeFileSync(join(dir, 'known_hosts'), host.knownHostsLine + '\n', {mode: 0o600});
		pool = new SshConnectionPool({
			hosts: [{name: 'exec', host: host.address, user: 'root', identityFile: host.userKeyPath, transport: 'ssh2'}],
			settings: {home: dir, knownHostsFile: join(dir, 'known_hosts'), agentSocket: undefined},
		});
		runner = new SshExecRunner('exec', pool.connection('exec'));
	});
	afterAll(async () => {
		pool?.closeAll();
		await host?.stop();
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('runs on the remote host and returns stdout, stderr and the exit code', async () => {
		const r = await runner.exec('hostname; echo oops >&2; exit 7');
		expect(r).toEqual({code: 7, stdout: host.hostname + '\n', stderr: 'oops\n'});
	});

	it('reuses one connection for many commands', async () => {
		const results = await Promise.all([1, 2, 3, 4, 5].map(n => runner.exec(`echo $((${n} * 2))`)));
		expect(results.map(r => r.stdout.trim())).toEqual(['2', '4', '6', '8', '10']);
		// One TCP connection to sshd: one established session on the server side.
		const sessions = host.exec(['ss', '-Htn', 'state', 'established', `sport = :${host.port}`]).trim().split('\n').filter(Boolean);
		expect(sessions).toHaveLength(1);
	});

	it('keeps stdout exactly, including output without a final newline and a syntax error', async () => {
		expect((await runner.exec('printf abc')).stdout).toBe('abc');
		const bad = await runner.exec('if then fi');
		expect(bad.code).toBe(2);
		expect(bad.stderr).toMatch(/syntax error/i);
	});

	it('feeds stdin', async () => {
		const r = await runner.exec('tr a-z A-Z', {stdin: 'remote\n'});
		expect(r.stdout).toBe('REMOTE\n');
	});

	it('ends a command that never returns at the timeout and the connection keeps working', async () => {
		// The timeout includes opening the channel (a few hundred ms on a loaded machine).
		const r = await runner.exec('echo begun; sleep 600', {timeoutMs: 2500});
		expect(r.interrupted).toBe('timeout');
		expect(r.code).toBeNull();
		expect(r.stdout).toBe('begun\n');
		expect((await runner.exec('echo still here')).stdout).toBe('still here\n');
		// The remote command is gone too, not left running on the host.
		await waitFor(() => !host.processes().some(p => p === 'sleep 600'));
	});

	it('cancels through an AbortSignal', async () => {
		const controller = new AbortController();
		const pending = runner.exec('sleep 600', {signal: controller.signal});
		setTimeout(() => controller.abort(), 200);
		const r = await pending;
		expect(r.interrupted).toBe('cancelled');
		await waitFor(() => !host.processes().some(p => p === 'sleep 600'));
	});

	it('carries megabytes intact and stops endless output at the limit', async () => {
		const big = await runner.exec('head -c 8000000 /dev/zero | tr "\\0" y');
		expect(big.code).toBe(0);
		expect(big.stdout.length).toBe(8_000_000);
		const endless = await runner.exec('yes lvs', {maxOutputBytes: 2_000_000});
		expect(endless.interrupted).toBe('output-limit');
		expect(endless.stdout.length).toBe(2_000_000);
		expect((await runner.exec('echo ok')).stdout).toBe('ok\n');
	});

	it('queues commands beyond sshd\'s MaxSessions (10) instead of failing them', async () => {
		const results = await Promise.all(Array.from({length: 25}, (_, i) => runner.exec(`sleep 0.2; echo ${i}`)));
		expect(results.map(r => r.stdout.trim())).toEqual(Array.from({length: 25}, (_, i) => String(i)));
	});
});

describe.skipIf(missing(isRoot, hasCommand('/usr/sbin/sshd')))('a server with a lower MaxSessions', () => {
	let host: SshHost;
	let dir: string;
	afterAll(async () => {
		await host?.stop();
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('learns the limit and still runs every command, beside an SFTP channel', async () => {
		host = await startSshHost({name: 'maxs', sshdConfig: ['MaxSessions 3']});
		dir = mkdtempSync(join(tmpdir(), 'lvst-maxs-'));
		writeFileSync(join(dir, 'known_hosts'), host.knownHostsLine + '\n', {mode: 0o600});
		const pool = new SshConnectionPool({
			hosts: [{name: 'maxs', host: host.address, user: 'root', identityFile: host.userKeyPath, transport: 'ssh2'}],
			settings: {home: dir, knownHostsFile: join(dir, 'known_hosts'), agentSocket: undefined},
		});
		try {
			const connection = pool.connection('maxs');
			const files = new SftpFileAccess('maxs', connection);
			const runner = new SshExecRunner('maxs', connection);
			const [stat, ...results] = await Promise.all([files.stat('/'), ...Array.from({length: 12}, (_, i) => runner.exec(`sleep 0.1; echo ${i}`))]);
			expect(stat?.isDirectory).toBe(true);
			expect(results.map(r => r.stdout.trim())).toEqual(Array.from({length: 12}, (_, i) => String(i)));
			// Learned from refusals: never above what the server allows (lower only costs parallelism).
			expect(connection.sessions.limit).toBeLessThanOrEqual(3);
		} finally {
			pool.closeAll();
		}
	});
});
