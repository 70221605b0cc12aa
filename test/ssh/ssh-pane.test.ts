import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';
import {startSshHost, type SshHost} from '../helpers/netns-sshd.js';
import {statusText, type SshConnectionPool} from '../../source/services/ssh-connection-pool.js';
import {SshPaneProcess} from '../../source/transports/ssh/ssh-pane-process.js';
import type {PaneConnectionStatus, PaneProcessExit} from '../../source/transports/pane-process.js';
import {hostConfig, testClientEnv, waitFor, type TestClientEnv} from './ssh-support.js';

function openPane(pool: SshConnectionPool, name: string, cols = 80, rows = 24) {
	const pane = new SshPaneProcess(pool.connection(name), {cols, rows, term: 'xterm-256color'}, statusText);
	const record = {output: '', statuses: [] as PaneConnectionStatus[], exit: null as PaneProcessExit | null};
	pane.onData(d => (record.output += d));
	pane.onStatus(s => record.statuses.push(s));
	pane.onExit(e => (record.exit = e));
	return {pane, record};
}

describe.skipIf(missing(isRoot, hasCommand('/usr/sbin/sshd')))('SSH shell panes against a real sshd', () => {
	let host: SshHost;
	let env: TestClientEnv;
	let pool: SshConnectionPool;

	beforeAll(async () => {
		host = await startSshHost({name: 'pane'});
		env = testClientEnv([host.knownHostsLine]);
		pool = env.makePool([hostConfig('pane', host)], {backoffInitialMs: 200, backoffMaxMs: 1000});
	});
	afterAll(async () => {
		env?.cleanup();
		await host?.stop();
	});

	it('shows the remote prompt, runs commands, has TERM and answers resize with the new size', async () => {
		const {pane, record} = openPane(pool, 'pane', 80, 24);
		await waitFor(() => record.output.includes(`root@${host.hostname}`), 'the remote prompt');
		pane.write('echo "term=$TERM sum=$((6*7))"\r');
		await waitFor(() => record.output.includes('term=xterm-256color sum=42'), 'command output');
		pane.write('stty size\r');
		await waitFor(() => /\r24 80\r\n/.test(record.output), 'stty size 24 80');
		pane.resize(101, 33);
		pane.write('stty size\r');
		await waitFor(() => /\r33 101\r\n/.test(record.output), 'stty size after resize');
		expect(record.statuses.at(-1)).toEqual({state: 'connected', text: 'connected'});
		pane.write('exit 3\r');
		await waitFor(() => record.exit !== null, 'the shell to exit');
		expect(record.exit).toEqual({code: 3});
	});

	it('a shell killed by a signal ends the pane (not a disconnect) and the connection stays up', async () => {
		const {pane, record} = openPane(pool, 'pane');
		await waitFor(() => record.output.includes(`root@${host.hostname}`), 'the remote prompt');
		pane.write('kill -9 $$\r');
		await waitFor(() => record.exit !== null, 'the pane to end');
		expect(record.exit).toEqual({code: null, signal: 'SIGKILL'});
		expect(pool.connection('pane').state.state).toBe('connected');
		expect(record.statuses.some(s => s.state === 'disconnected')).toBe(false);
	});

	it('reconnects after sshd is killed and restarted, keeping the same pane process', async () => {
		const {pane, record} = openPane(pool, 'pane');
		await waitFor(() => record.output.includes(`root@${host.hostname}`), 'the remote prompt');
		pane.write('echo before-$((1+1))\r');
		await waitFor(() => record.output.includes('before-2'), 'output before the crash');

		await host.kill();
		await waitFor(() => record.statuses.some(s => s.state === 'disconnected' && /^disconnected — reconnecting in \d+s$/.test(s.text)), 'the disconnected status');
		expect(record.output).toContain('[lvs-tui] pane: connection');
		expect(record.exit).toBeNull();

		await host.restart();
		const mark = record.output.length;
		await waitFor(() => record.statuses.at(-1)?.state === 'connected' && record.output.slice(mark).includes(`root@${host.hostname}`), 'a new shell after the restart', 20_000);
		expect(record.output.slice(mark)).toContain('reconnected to pane');
		pane.write('echo after-$((2+2))\r');
		await waitFor(() => record.output.includes('after-4'), 'output after reconnecting');
		// Everything the pane printed before the crash is still in what it emitted, in order.
		expect(record.output.indexOf('before-2')).toBeLessThan(record.output.indexOf('after-4'));
		pane.kill();
		expect(record.exit).toEqual({code: null, signal: 'SIGHUP'});
	});

	it('notices a peer that stopped answering within ~15 s (keepalive) and resumes when it answers again', async () => {
		const {pane, record} = openPane(pool, 'pane');
		await waitFor(() => record.output.includes(`root@${host.hostname}`), 'the remote prompt');
		host.freeze();
		try {
			await waitFor(() => record.statuses.some(s => s.state === 'disconnected'), 'the keepalive to give up', 20_000);
			expect(record.output).toMatch(/Keepalive timeout/);
		} finally {
			host.unfreeze();
		}
		const mark = record.output.length;
		await waitFor(() => record.output.slice(mark).includes('reconnected to pane'), 'a new shell', 30_000);
		pane.kill();
	}, 60_000);
});
