// A director whose kernel has no IPVS (this machine's kernel: CONFIG_IP_VS is not set), reached
// over the product's own SSH transport to a real OpenSSH sshd in a network namespace, with the real
// ipvsadm: the panel says so with ipvsadm's own words and points to the kernel wizard, the store
// keeps working, and `lvs-tui status` exits 1 with the same message. (Needs the ipvsadm package.)
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mkdtempSync, rmSync, writeFileSync, existsSync} from 'node:fs';
import {spawnSync} from 'node:child_process';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {hasCommand, isRoot, missing, type Requirement} from '../helpers/requirements.js';
import {startSshHost, type SshHost} from '../helpers/netns-sshd.js';
import {CLI} from '../helpers/virtual-screen.js';
import {createAppStore} from '../../source/store/app-store.js';
import {createIpvsSlice} from '../../source/store/ipvs-slice.js';
import {SshConnectionPool} from '../../source/services/ssh-connection-pool.js';
import {SshExecRunner} from '../../source/transports/ssh/ssh-exec-runner.js';
import {IpvsPoller} from '../../source/services/ipvs-poller.js';
import {ipvsPanelLines} from '../../source/ui/panels/ipvs-panel-lines.js';
import type {HostConfig} from '../../source/domain/config/cluster-config.js';

const built: Requirement = () => (existsSync(CLI) ? null : 'needs the built CLI (npm run build)');

describe.skipIf(missing(isRoot, hasCommand('sshd'), hasCommand('ipvsadm'), built))('director without IPVS, over SSH', () => {
	let host: SshHost;
	let dir: string;
	let pool: SshConnectionPool;
	let director: HostConfig;
	let knownHosts: string;

	beforeAll(async () => {
		host = await startSshHost({name: 'ipvsnk'});
		dir = mkdtempSync(join(tmpdir(), 'lvstui-ipvs-nk-'));
		knownHosts = join(dir, 'known_hosts');
		writeFileSync(knownHosts, host.knownHostsLine + '\n', {mode: 0o600});
		director = {name: 'director', host: host.address, port: host.port, user: 'root', identityFile: host.userKeyPath, transport: 'ssh2'};
		pool = new SshConnectionPool({hosts: [director], settings: {knownHostsFile: knownHosts, agentSocket: undefined}});
	}, 60_000);

	afterAll(async () => {
		pool?.closeAll();
		await host?.stop();
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('the poller publishes the no-IPVS state with ipvsadm\'s message; the panel points to the kernel wizard', async () => {
		const store = createAppStore({}, [createIpvsSlice(['director'])]);
		const poller = new IpvsPoller({runner: new SshExecRunner(director.name, pool.connection(director.name)), publish: reduce => store.getState().updateIpvs(reduce), intervalMs: 60_000});
		const read = await poller.refreshNow();
		expect(read.ok).toBe(false);
		const d = store.getState().ipvs.directors.director;
		expect(d.status).toBe('no-ipvs');
		expect(d.error?.message).toBe("no IPVS in this kernel: Can't initialize ipvs: Protocol not available");
		expect(d.error?.detail).toContain('Are you sure that IP Virtual Server is built in the kernel or as module?');
		const lines = ipvsPanelLines(store.getState().ipvs, {width: 80, height: 10, now: Date.now(), focused: false, ascii: false}).map(l => l.text);
		expect(lines[0]).toBe('director: no IPVS in this kernel — see the kernel wizard (C-a W)');
		expect(lines).toContain("Can't initialize ipvs: Protocol not available");
		// Polling again over the same connection keeps working and keeps the state.
		const again = await poller.refreshNow();
		expect(again.ok).toBe(false);
		expect(pool.connection('director').state.state).toBe('connected');
	});

	it('lvs-tui status exits 1 and prints the message', () => {
		const config = join(dir, 'lvs-tui.yaml');
		writeFileSync(
			config,
			[
				'director:',
				'  name: director',
				`  host: ${host.address}`,
				`  port: ${host.port}`,
				'  user: root',
				`  identityFile: ${host.userKeyPath}`,
				'options:',
				`  knownHostsFile: ${knownHosts}`,
				'',
			].join('\n'),
		);
		const r = spawnSync(process.execPath, [CLI, 'status', '--config', config, '--window', '0'], {encoding: 'utf8', timeout: 60_000, env: {...process.env, SSH_AUTH_SOCK: ''}});
		expect(r.status).toBe(1);
		expect(r.stderr).toContain('director: no IPVS in this kernel (see `lvs-tui doctor` and the kernel wizard, C-a W)');
		expect(r.stderr).toContain("Can't initialize ipvs: Protocol not available");
		const j = spawnSync(process.execPath, [CLI, 'status', '--config', config, '--window', '0', '--json'], {encoding: 'utf8', timeout: 60_000, env: {...process.env, SSH_AUTH_SOCK: ''}});
		expect(j.status).toBe(1);
		expect(JSON.parse(j.stdout).directors[0]).toMatchObject({host: 'director', ok: false, noIpvs: true});
	});
});
