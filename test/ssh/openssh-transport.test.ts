import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';
import {startSshHost, type SshHost} from '../helpers/netns-sshd.js';
import {OpenSshSession} from '../../source/transports/openssh/openssh-session.js';
import type {HostConfig} from '../../source/domain/config/cluster-config.js';
import type {PaneConnectionStatus, PaneProcessExit} from '../../source/transports/pane-process.js';
import {waitFor} from './ssh-support.js';

describe.skipIf(missing(isRoot, hasCommand('/usr/sbin/sshd'), hasCommand('ssh')))('transport: openssh (the system ssh) against real sshd', () => {
	let a: SshHost;
	let b: SshHost;
	let dir: string;
	let controlDir: string;
	let knownHostsFile: string;
	let hosts: HostConfig[];
	const sessions: OpenSshSession[] = [];

	const session = (name: string) => {
		const s = new OpenSshSession(hosts.find(h => h.name === name)!, {hosts, knownHostsFile, controlDir});
		sessions.push(s);
		return s;
	};

	beforeAll(async () => {
		a = await startSshHost({name: 'osa'});
		b = await startSshHost({name: 'osb', behind: a});
		dir = mkdtempSync(join(tmpdir(), 'lvst-openssh-'));
		controlDir = join(dir, 'control');
		knownHostsFile = join(dir, 'known_hosts');
		writeFileSync(knownHostsFile, `${a.knownHostsLine}\n${b.knownHostsLine}\n`, {mode: 0o600});
		hosts = [
			{name: 'director', host: a.address, user: 'root', identityFile: a.userKeyPath, transport: 'openssh'},
			{name: 'rs1', host: b.address, user: 'root', identityFile: b.userKeyPath, jump: 'director', transport: 'openssh'},
			{name: 'loop1', host: 'x', jump: 'loop2', transport: 'openssh'},
			{name: 'loop2', host: 'y', jump: 'loop1', transport: 'openssh'},
		];
	});
	afterAll(async () => {
		for (const s of sessions) s.close();
		// Let the ControlMasters exit before the servers vanish under them.
		await waitFor(() => !existsAny(controlDir), 'control sockets to go', 10_000).catch(() => undefined);
		await b?.stop();
		await a?.stop();
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('runs commands with exit codes and stderr, sharing one ControlMaster in an owner-only directory', async () => {
		const s = session('director');
		const r = await s.runner.exec('hostname; echo err >&2; exit 4');
		expect(r).toEqual({code: 4, stdout: a.hostname + '\n', stderr: 'err\n'});
		expect((await s.runner.exec('echo again')).stdout).toBe('again\n');
		expect(statSync(controlDir).mode & 0o777).toBe(0o700);
		const sockets = readdirSync(controlDir);
		expect(sockets).toHaveLength(1);
		expect(statSync(join(controlDir, sockets[0])).isSocket()).toBe(true);
		// Two commands, one login: the second went through the master.
		expect(a.log().match(/Accepted publickey/g)).toHaveLength(1);
	});

	it('runs many commands at once over the shared master', async () => {
		const s = session('director');
		const results = await Promise.all(Array.from({length: 16}, (_, i) => s.runner.exec(`sleep 0.2; echo ${i}`)));
		expect(results.map(r => r.stdout.trim())).toEqual(Array.from({length: 16}, (_, i) => String(i)));
	});

	it('kills a timed-out command on the host and reads/writes files atomically', async () => {
		const s = session('director');
		const r = await s.runner.exec('echo started; sleep 600', {timeoutMs: 1500});
		expect(r.interrupted).toBe('timeout');
		expect(r.stdout).toBe('started\n');
		await waitFor(() => !a.processes().includes('sleep 600'), 'the remote sleep to be killed');

		const path = join(dir, 'conf');
		writeFileSync(path, 'old');
		await s.files.writeFileAtomic(path, 'new contents\n', 0o640);
		expect(readFileSync(path, 'utf8')).toBe('new contents\n');
		expect(statSync(path).mode & 0o777).toBe(0o640);
		expect(Buffer.from(await s.files.readFile(path)).toString()).toBe('new contents\n');
		expect(await s.files.stat(path)).toEqual({mode: 0o640, size: 13, isDirectory: false});
		expect(await s.files.stat(join(dir, 'missing'))).toBeNull();
		expect(readdirSync(dir).filter(f => f.includes('lvs-tui'))).toEqual([]);
	});

	it('reaches a host behind the director with jump:, and says why when ssh fails', async () => {
		expect((await session('rs1').runner.exec('hostname')).stdout.trim()).toBe(b.hostname);
		await expect(session('loop1').runner.exec('true')).rejects.toThrow('loop1: ProxyJump loop: loop1 -> loop2 -> loop1; a host cannot be reached through itself');
		const refused = new OpenSshSession({...hosts[0], port: 2999}, {hosts, knownHostsFile, controlDir});
		await expect(refused.runner.exec('true')).rejects.toThrow(/^director: ssh: connect to host .* port 2999: Connection refused$/);
	});

	it('a pane runs ssh in a pty, and reconnects after the host comes back', async () => {
		const s = session('director');
		// A fresh master for the pane, so killing the host really cuts it.
		const pane = s.openShell({cols: 90, rows: 30, term: 'xterm-256color'});
		let output = '';
		const statuses: PaneConnectionStatus[] = [];
		let exit: PaneProcessExit | null = null;
		pane.onData(d => (output += d));
		pane.onStatus?.(st => statuses.push(st));
		pane.onExit(e => (exit = e));
		await waitFor(() => output.includes(`root@${a.hostname}`), 'the prompt');
		pane.write('stty size\r');
		await waitFor(() => output.includes('30 90'), 'stty size');
		await a.kill();
		await waitFor(() => statuses.some(st => /^disconnected — reconnecting in \d+s$/.test(st.text)), 'the disconnected status', 20_000);
		await a.restart();
		const mark = output.length;
		pane.retryNow?.();
		await waitFor(() => output.slice(mark).includes(`root@${a.hostname}`), 'a new prompt', 20_000);
		expect(exit).toBeNull();
		pane.write('exit 5\r');
		await waitFor(() => exit !== null, 'the pane to end');
		expect(exit).toEqual({code: 5});
	}, 60_000);
});

function existsAny(dir: string): boolean {
	try {
		return readdirSync(dir).length > 0;
	} catch {
		return false;
	}
}
