import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';
import {startSshHost, type SshHost} from '../helpers/netns-sshd.js';
import {PaneManager} from '../../source/services/pane-manager.js';
import {createHostTransport} from '../../source/services/ssh-host-transport.js';
import type {ClusterConfig} from '../../source/domain/config/cluster-config.js';
import type {PaneHostEvent, PaneInfo} from '../../source/services/pane-host.js';
import type {SshPrompter} from '../../source/transports/ssh/ssh-prompter.js';
import {hostConfig, testClientEnv, waitFor, type TestClientEnv} from './ssh-support.js';

// The whole chain the app uses: PaneManager (emulator + scrollback) ← factory ← SSH pane process ←
// pooled connection ← real sshd.
describe.skipIf(missing(isRoot, hasCommand('/usr/sbin/sshd')))('SSH panes in the pane manager', () => {
	let host: SshHost;
	let env: TestClientEnv;
	let manager: PaneManager;
	let panes: PaneInfo[] = [];
	let acceptKey = false;

	beforeAll(async () => {
		host = await startSshHost({name: 'pm'});
		env = testClientEnv();
		const prompter: SshPrompter = {confirmHostKey: async () => acceptKey, askPassphrase: async () => null};
		const pool = env.makePool([hostConfig('rs1', host)], {prompter, backoffInitialMs: 200, backoffMaxMs: 1000});
		const cluster = {director: hostConfig('rs1', host), realServers: [], options: {shell: undefined}} as unknown as ClusterConfig;
		const transport = createHostTransport(hostConfig('rs1', host), {cluster, pool});
		manager = new PaneManager({factory: (_target, spec) => transport.openShell(spec), cols: 80, rows: 24, scrollback: 1000});
		manager.subscribe((e: PaneHostEvent) => {
			if (e.type === 'panes') panes = e.panes;
		});
	});
	afterAll(async () => {
		manager?.dispose();
		env?.cleanup();
		await host?.stop();
	});

	const text = (id: string) => manager.snapshot(id).serialized;
	const info = (id: string) => panes.find(p => p.id === id);

	it('an unaccepted host key fails the pane with the reason; C-a r (restart) asks again and connects', async () => {
		acceptKey = false;
		const pane = manager.open({host: 'rs1', title: 'rs1'});
		await waitFor(() => info(pane.id)?.status === 'failed', 'the failed status');
		expect(info(pane.id)?.statusText).toMatch(/^failed: host key of .* not accepted/);
		// The emulator parses asynchronously: wait for the notice to land in the pane's screen.
		await waitFor(() => text(pane.id).includes('Host key verification failed.'), 'the reason in the pane');
		acceptKey = true;
		manager.restart(pane.id);
		await waitFor(() => info(pane.id)?.status === 'running' && text(pane.id).includes(`root@${host.hostname}`), 'a shell after accepting', 15_000);
		manager.kill(pane.id);
	});

	it('keeps the scrollback across an sshd crash and continues in a new shell', async () => {
		acceptKey = true;
		const pane = manager.open({host: 'rs1', title: 'rs1'});
		await waitFor(() => text(pane.id).includes(`root@${host.hostname}`), 'the prompt');
		manager.write(pane.id, 'for i in $(seq 1 60); do echo "old-line-$i"; done\r');
		await waitFor(() => text(pane.id).includes('old-line-60'), 'the old output');

		await host.kill();
		await waitFor(() => info(pane.id)?.status === 'disconnected' && /reconnecting in \d+s/.test(info(pane.id)?.statusText ?? ''), 'the disconnected tab status');
		await host.restart();
		await waitFor(() => info(pane.id)?.status === 'running' && text(pane.id).includes('reconnected to rs1'), 'the reconnect', 20_000);
		manager.write(pane.id, 'echo new-$((40+2))\r');
		await waitFor(() => text(pane.id).includes('new-42'), 'output in the new shell');
		const all = text(pane.id);
		// Lines that scrolled off the screen before the crash are still in the scrollback.
		expect(all).toContain('old-line-1\r');
		expect(all.indexOf('old-line-1\r')).toBeLessThan(all.indexOf('new-42'));
	});
});
