import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';
import {startSshHost, type SshHost} from '../helpers/netns-sshd.js';
import {SshExecRunner} from '../../source/transports/ssh/ssh-exec-runner.js';
import {SshConnectionError} from '../../source/transports/ssh/ssh-connection-error.js';
import {parseSshConfig} from '../../source/domain/ssh/ssh-config.js';
import {statusText, type SshConnectionPool} from '../../source/services/ssh-connection-pool.js';
import {SshPaneProcess} from '../../source/transports/ssh/ssh-pane-process.js';
import {hostConfig, testClientEnv, waitFor, type TestClientEnv} from './ssh-support.js';

async function run(pool: SshConnectionPool, name: string, command: string) {
	return new SshExecRunner(name, pool.connection(name)).exec(command);
}

async function failure(pool: SshConnectionPool, name: string): Promise<SshConnectionError> {
	try {
		await run(pool, name, 'true');
	} catch (error) {
		return error as SshConnectionError;
	}
	throw new Error(`expected connecting to ${name} to fail`);
}

// a is reachable from here; b only from a's namespace; c only from b's.
describe.skipIf(missing(isRoot, hasCommand('/usr/sbin/sshd')))('jump hosts and unreachable hosts against real sshd', () => {
	let a: SshHost;
	let b: SshHost;
	let c: SshHost;
	let env: TestClientEnv;

	beforeAll(async () => {
		a = await startSshHost({name: 'ja'});
		b = await startSshHost({name: 'jb', behind: a});
		c = await startSshHost({name: 'jc', behind: b});
		env = testClientEnv([a.knownHostsLine, b.knownHostsLine, c.knownHostsLine]);
	});
	afterAll(async () => {
		env?.cleanup();
		await Promise.all([c?.stop(), b?.stop()]);
		await a?.stop();
	});

	it('reaches a host behind the director with `jump:`, reusing the director\'s pooled connection', async () => {
		const pool = env.makePool([hostConfig('director', a), hostConfig('rs1', b, {jump: 'director'})]);
		expect((await run(pool, 'director', 'hostname')).stdout.trim()).toBe(a.hostname);
		expect((await run(pool, 'rs1', 'hostname')).stdout.trim()).toBe(b.hostname);
		// Still one TCP connection into the director: rs1 rode on it.
		const sessions = a.exec(['ss', '-Htn', 'state', 'established', `sport = :22`]).trim().split('\n').filter(Boolean);
		expect(sessions).toHaveLength(1);
	});

	it('a real server\'s pane through the director comes back after the director restarts', async () => {
		const pool = env.makePool([hostConfig('director', a), hostConfig('rs1', b, {jump: 'director'})], {backoffInitialMs: 200, backoffMaxMs: 1000});
		const pane = new SshPaneProcess(pool.connection('rs1'), {cols: 80, rows: 24, term: 'xterm-256color'}, statusText);
		let output = '';
		pane.onData(d => (output += d));
		try {
			await waitFor(() => output.includes(`root@${b.hostname}`), 'the real server prompt');
			await a.kill();
			await waitFor(() => /rs1: connection lost|rs1: connection closed/.test(output), 'the pane to notice the director went away', 20_000);
			await a.restart();
			const mark = output.length;
			await waitFor(() => output.slice(mark).includes('reconnected to rs1') && output.slice(mark).includes(`root@${b.hostname}`), 'a new shell on rs1', 30_000);
		} finally {
			pane.kill();
			pool.closeAll();
		}
	}, 60_000);

	it('the connection to a host behind the director really comes from the director\'s side', async () => {
		const pool = env.makePool([hostConfig('director', a), hostConfig('rs1', b, {jump: 'director'})]);
		await run(pool, 'rs1', 'true');
		// b's sshd saw the connection arrive from a's end of their private link, not from this machine.
		expect(b.log()).toContain(`Connection from ${b.peerAddress} port`);
	});

	it('chains jump hosts: director -> rs1 -> rs2', async () => {
		const pool = env.makePool([hostConfig('director', a), hostConfig('rs1', b, {jump: 'director'}), hostConfig('rs2', c, {jump: 'rs1'})]);
		expect((await run(pool, 'rs2', 'hostname')).stdout.trim()).toBe(c.hostname);
	});

	it('follows ProxyJump and HostName from ~/.ssh/config under the lvs-tui host config', async () => {
		const sshConfig = parseSshConfig(
			[
				'Host gateway',
				`    HostName ${a.address}`,
				`    IdentityFile ${a.userKeyPath}`,
				'Host inner-*',
				'    ProxyJump gateway',
				'Host inner-b',
				`    HostName ${b.address}`,
				'    User nobody-overridden-by-lvs-tui',
				'',
			].join('\n'),
			'/test/ssh_config',
		);
		const pool = env.makePool([{name: 'rs1', host: 'inner-b', user: 'root', identityFile: b.userKeyPath, transport: 'ssh2'}], {sshConfig});
		expect((await run(pool, 'rs1', 'hostname')).stdout.trim()).toBe(b.hostname);
	});

	it('refuses a jump loop with the path, before any connection', async () => {
		const pool = env.makePool([hostConfig('director', a, {jump: 'rs1', line: 4}), hostConfig('rs1', b, {jump: 'director', line: 9})], {configFile: '/etc/lvs-tui.yaml'});
		const error = await failure(pool, 'rs1');
		expect(error.appError.code).toBe('ssh.proxyjump-loop');
		expect(error.message).toBe('/etc/lvs-tui.yaml:9: ProxyJump loop: rs1 -> director -> rs1; a host cannot be reached through itself');
	});

	it('says when the jump host cannot reach the target', async () => {
		const pool = env.makePool([hostConfig('director', a), hostConfig('rs1', b, {jump: 'director', port: 2999})]);
		const error = await failure(pool, 'rs1');
		expect(error.appError.code).toBe('ssh.jump');
		expect(error.message).toMatch(new RegExp(`^rs1: director could not open a connection to ${b.address.replace(/\./g, '\\.')}:2999: .*refused`, 'i'));
	});

	it('a refused port says so at once', async () => {
		const pool = env.makePool([hostConfig('director', a, {port: 2999})]);
		const error = await failure(pool, 'director');
		expect(error.message).toBe(`director: connect to host ${a.address} port 2999: Connection refused (is sshd running there?)`);
	});

	it('a host that stops answering times out after 10 s with a clear message while another host keeps working', async () => {
		const other = await startSshHost({name: 'jok'});
		try {
			const env2 = testClientEnv([a.knownHostsLine, other.knownHostsLine]);
			const pool2 = env2.makePool([hostConfig('frozen', a), hostConfig('healthy', other)]);
			a.freeze();
			try {
				const started = Date.now();
				const pending = failure(pool2, 'frozen');
				// While the frozen host is still connecting, the healthy one answers.
				const healthy = await run(pool2, 'healthy', 'echo alive');
				expect(healthy.stdout).toBe('alive\n');
				const error = await pending;
				expect(error.appError.code).toBe('ssh.timeout');
				expect(error.message).toBe(`frozen: timed out connecting to ${a.address}:22 after 10 s`);
				expect(Date.now() - started).toBeGreaterThanOrEqual(9_000);
				expect(pool2.connection('frozen').state.state).toBe('waiting');
			} finally {
				a.unfreeze();
				env2.cleanup();
			}
		} finally {
			await other.stop();
		}
	}, 40_000);
});
