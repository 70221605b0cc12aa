// In attached mode the session server owns the features: it polls the lab director's real IPVS
// table over its own SSH connections and shares the data; a client's actions (a weight change) run
// over those connections too; a watch client cannot touch a host; a --read-only session refuses.
// The client opens no SSH connection at all (checked in /proc). Real session server processes, the
// lab VM's real ipvsadm (checked independently over the system ssh), the built CLI under a PTY.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {parse, stringify} from 'yaml';
import {labAvailable, labExec, labInfo, testVips} from '../helpers/lab.js';
import {missing, type Requirement} from '../helpers/requirements.js';
import {CLI} from '../helpers/virtual-screen.js';
import {launchSessionServer} from '../../source/session/server-launcher.js';
import {connectSession} from '../../source/session/session-connection.js';
import {RemotePaneHost} from '../../source/session/remote-pane-host.js';
import {remoteFeatures} from '../../source/session/remote-features.js';
import {listSessions} from '../../source/session/session-list.js';
import {IpvsActions, READ_ONLY_MESSAGE} from '../../source/services/ipvs-actions.js';
import {AuditLog} from '../../source/services/audit-log.js';
import {planSetWeight} from '../../source/domain/ipvs/ipvs-plan.js';
import {VipControl} from '../../source/services/vip-control.js';
import {validateVip} from '../../source/domain/net/vip-spec.js';
import {initialIpvs, type DirectorIpvs, type IpvsData} from '../../source/store/ipvs-slice.js';
import {applySharedFeatures, type SharedFeatures} from '../../source/store/shared-features.js';
import {SessionFixture, waitUntil} from './session-fixture.js';

const built: Requirement = () => (existsSync(CLI) ? null : 'needs the built CLI (npm run build)');
const VIP = testVips[3];
const SERVICE_KEY = `tcp ${VIP}:80`;
/** A VIP of our own for up/down (on eth0 as a labelled alias, like the lab's own). */
const TOGGLED = testVips[4];
const TOGGLED_LABEL = 'eth0:55';

/** Remote TCP ports of the process's own sockets (its fds matched against /proc/PID/net/tcp*). */
function tcpRemotePorts(pid: number): number[] {
	const inodes = new Set<string>();
	for (const fd of readdirSync(`/proc/${pid}/fd`)) {
		try {
			const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
			if (m) inodes.add(m[1]!);
		} catch {
			// An fd closed while we looked.
		}
	}
	const ports: number[] = [];
	for (const table of ['tcp', 'tcp6']) {
		const lines = readFileSync(`/proc/${pid}/net/${table}`, 'utf8').trim().split('\n').slice(1);
		for (const line of lines) {
			const f = line.trim().split(/\s+/);
			// f[2] rem_address "ADDR:PORT" (hex), f[3] state (01 established), f[9] inode.
			if (inodes.has(f[9]!) && f[3] === '01') ports.push(parseInt(f[2]!.split(':')[1]!, 16));
		}
	}
	return ports;
}

/** Run again when the SSH server refused to start the command ('Unable to exec': it never ran). */
async function startedOnce<T>(run: () => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await run();
		} catch (error) {
			if (attempt >= 5 || !/Unable to exec/.test((error as Error).message)) throw error;
			await new Promise(resolve => setTimeout(resolve, 200 * attempt));
		}
	}
}

describe.skipIf(missing(labAvailable, built))('attached features run in the session server (lab VM)', () => {
	const fixture = new SessionFixture();
	let dir: string;
	let configPath: string;
	let readOnlyConfigPath: string;
	let auditPath: string;
	let rs1: string;
	let rs2: string;

	beforeAll(async () => {
		const lab = labInfo();
		dir = mkdtempSync('/tmp/lvs-attfeat-');
		auditPath = join(dir, 'audit.log');
		const data = parse(readFileSync(lab.configPath, 'utf8')) as Record<string, unknown> & {options: Record<string, unknown>};
		data.options = {...data.options, auditLog: auditPath, sidePanel: 'auto'};
		configPath = join(dir, 'lvs-tui.yaml');
		writeFileSync(configPath, stringify(data));
		readOnlyConfigPath = join(dir, 'read-only.yaml');
		writeFileSync(readOnlyConfigPath, stringify({...data, options: {...data.options, readOnly: true}}));
		[rs1, rs2] = lab.realServers.map(r => r.address) as [string, string];
		// A service of our own on an address of our own (other files reweight the lab's port 80).
		const setup = await labExec(
			`ip addr del ${VIP}/32 dev lo 2>/dev/null; ipvsadm -D -t ${VIP}:80 2>/dev/null; ip addr add ${VIP}/32 dev lo && ipvsadm -A -t ${VIP}:80 -s wrr && ipvsadm -a -t ${VIP}:80 -r ${rs1}:80 -m -w 3 && ipvsadm -a -t ${VIP}:80 -r ${rs2}:80 -m -w 1`,
		);
		if (setup.code !== 0) throw new Error(`setting up the test service failed: ${setup.stderr}`);
	}, 120_000);

	afterAll(async () => {
		await fixture.cleanup();
		await labExec(`ipvsadm -D -t ${VIP}:80 2>/dev/null; ip addr del ${VIP}/32 dev lo 2>/dev/null; ip addr del ${TOGGLED}/32 dev eth0 2>/dev/null; true`).catch(
			() => undefined,
		);
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	async function launch(name: string, config = configPath): Promise<number> {
		const launched = await launchSessionServer({dir: fixture.dir, name, serverArgs: ['--cols', '80', '--rows', '23', '--config', config]});
		if (!launched.ok) throw new Error(`launch failed: ${launched.error.message}\n${launched.error.detail ?? ''}`);
		fixture.track(launched.value.pid);
		return launched.value.pid;
	}

	/** A protocol-level client with the UI's remote features. */
	async function client(name: string, intent: 'attach' | 'watch' = 'attach') {
		const connected = await connectSession(fixture.files(name), {intent, cols: 80, rows: 23});
		if (!connected.ok) throw new Error(connected.error.message);
		const host = new RemotePaneHost(connected.value, intent === 'watch');
		const snapshot = await host.ready;
		const remote = remoteFeatures(connected.value, ['director', 'rs1', 'rs2']);
		const shared = () => host.sharedState() as unknown as SharedFeatures;
		const director = (): DirectorIpvs | undefined => shared().ipvs?.directors.director;
		const service = () => director()?.table?.services.find(s => s.key === SERVICE_KEY);
		return {host, remote, snapshot, shared, director, service};
	}

	it('polls only while a client looks, keeps the table and its history across a reattach, and a weight change goes through the server', async () => {
		await launch('feat');
		const first = await client('feat');
		// Nobody asked for the panels yet: no table.
		expect(first.director()?.status).toBe('loading');
		first.remote.poller('ipvs').start();
		await waitUntil('the table from the server', () => first.director()?.status === 'ok' && first.service() !== undefined, 30_000);
		await waitUntil('two history samples', () => (first.director()?.history.length ?? 0) >= 2, 30_000);
		const before = first.director()!;
		await first.host.detach();

		// Reattach: the last table and history are there in the attach snapshot, before any poll.
		const second = await client('feat');
		const again = second.director()!;
		expect(again.status).toBe('ok');
		expect(again.table?.services.some(s => s.key === SERVICE_KEY)).toBe(true);
		// (Nobody looked in between, so nothing was polled; a poll under way at the detach may add one.
		// Samples are compared by count: another file adding a service to the shared lab realigns them.)
		expect(again.history.length).toBeGreaterThanOrEqual(before.history.length);
		expect(again.updatedAt).toBeGreaterThanOrEqual(before.updatedAt!);
		// ...and once this client looks, the history goes on from there (not restarted).
		second.remote.poller('ipvs').start();
		await waitUntil('the history to continue', () => (second.director()?.history.length ?? 0) > again.history.length, 30_000);

		// A weight change from the client: the same IpvsActions the panel uses, its commands relayed.
		let data: IpvsData = initialIpvs(['director']);
		const actions = new IpvsActions({
			runner: h => second.remote.hosts.get(h)?.runner,
			audit: new AuditLog(auditPath),
			publish: reduce => {
				data = reduce(data);
			},
			readOnly: () => false,
			refresh: () => second.remote.poller('ipvs').refreshNow(),
		});
		const server = second.service()!.realServers.find(r => r.address.host === rs2)!;
		const settings = await actions.serverSettings('director', second.service()!, server);
		const plan = planSetWeight({protocol: 'tcp', address: VIP, port: 80}, {address: rs2, port: 80}, settings, 7);
		if (!plan.ok) throw new Error(plan.error.message);
		const record = await actions.run('director', plan.value);
		expect(record.state).toBe('done');
		// The director has it (system ssh, not the product's transport)...
		const listed = await labExec(`ipvsadm -Ln -t ${VIP}:80`);
		expect(listed.stdout).toMatch(new RegExp(`${rs2.replace(/\./g, '\\.')}:80\\s+Masq\\s+7\\s`));
		// ...the refresh answered after the new table reached this client...
		expect(second.service()!.realServers.find(r => r.address.host === rs2)!.weight).toBe(7);
		// ...and the client wrote the audit entry.
		const audit = readFileSync(auditPath, 'utf8').trim().split('\n').map(l => JSON.parse(l) as {host: string; command: string; exitCode: number; source: string});
		expect(audit).toContainEqual(expect.objectContaining({host: 'director', command: plan.value.command, exitCode: 0, source: 'ipvs'}));

		// A watch client looks (polling is allowed) but cannot run a command or write a file.
		const watcher = await client('feat', 'watch');
		expect(watcher.service()).toBeDefined();
		const runner = watcher.remote.hosts.get('director')!.runner;
		await expect(runner.exec(`ipvsadm -e -t ${VIP}:80 -r ${rs2}:80 -m -w 9`)).rejects.toThrow(/watch mode is read-only/);
		await expect(watcher.remote.hosts.get('director')!.files.writeFileAtomic('/tmp/lvs-tui-watch-test', 'x')).rejects.toThrow(/watch mode is read-only/);
		expect((await labExec(`ipvsadm -Ln -t ${VIP}:80`)).stdout).not.toMatch(/Masq\s+9\s/);
		expect((await labExec('test -e /tmp/lvs-tui-watch-test; echo $?')).stdout.trim()).toBe('1');
		await watcher.host.detach();

		// Relayed commands keep their limits: a cancel reaches the command on the director...
		const abort = new AbortController();
		const mark = `/tmp/lvs-tui-cancel-${process.pid}`;
		const cancelled = second.remote.hosts.get('director')!.runner.exec(`touch ${mark}; sleep 8; echo late`, {signal: abort.signal});
		// Cancel once the command runs (a cancel before the channel opens is the transport's own case).
		await waitUntil('the command to start on the director', async () => (await labExec(`test -e ${mark} && rm -f ${mark}`)).code === 0, 60_000);
		abort.abort();
		const c = await cancelled;
		expect(c.interrupted).toBe('cancelled');
		expect(c.stdout).not.toContain('late');
		// ...and a timeout comes back as such. On the lab's dropbear an exec right after a stopped one
		// (timeout/cancel: the transport kills its process group over another channel) sometimes fails
		// to start with 'Unable to exec' while the session polls (the SSH server refused the exec
		// request; the relay only passes the error on), so a command that never started is tried again.
		const slow = await startedOnce(() => second.remote.hosts.get('director')!.runner.exec('sleep 5', {timeoutMs: 300}));
		expect(slow.interrupted).toBe('timeout');
		await second.host.detach();
		// Nobody looks any more: the server stops polling (idle CPU), as its log says.
		const log = () => readFileSync(fixture.files('feat').log, 'utf8');
		await waitUntil('the server to stop polling', () => /polling stopped \(no client shows the panels\)\n?$/.test(log().trimEnd().split('\n').filter(l => /polling/.test(l)).pop() ?? ''));
	}, 240_000);

	it('VIP up and down from an attached client run on the director over the server, audited by the client', async () => {
		await launch('vip');
		const c = await client('vip');
		const spec = validateVip({address: TOGGLED, device: 'eth0', label: TOGGLED_LABEL});
		if (!spec.ok) throw new Error(spec.error.message);
		const control = new VipControl({director: c.remote.hosts.get('director')!.runner, audit: new AuditLog(auditPath), readOnly: false, lvsType: 'nat'});
		const up = await control.change('up', spec.value);
		if (!up.ok) throw new Error(up.error.message);
		expect(up.value.state).toBe('done');
		expect((await labExec('ip -o -4 addr show dev eth0')).stdout).toContain(`${TOGGLED}/32`);
		const down = await control.change('down', spec.value);
		if (!down.ok) throw new Error(down.error.message);
		expect(down.value.state).toBe('done');
		expect((await labExec('ip -o -4 addr show dev eth0')).stdout).not.toContain(`${TOGGLED}/32`);
		const audit = readFileSync(auditPath, 'utf8');
		expect(audit).toContain(`ip addr add ${TOGGLED}/32 dev eth0 label ${TOGGLED_LABEL}`);
		expect(audit).toContain(`ip addr del ${TOGGLED}/32 dev eth0`);
		await c.host.detach();
	}, 120_000);

	it('a --read-only session refuses changes from every client, and a --read-only client refuses on its own', async () => {
		await launch('ro', readOnlyConfigPath);
		const c = await client('ro');
		expect(c.shared().readOnly).toBe(true);
		// The client takes read-only from the session (applySharedFeatures never makes it writable).
		const target = {readOnly: false};
		expect(applySharedFeatures(target, c.host.sharedState()).readOnly).toBe(true);
		const actions = new IpvsActions({
			runner: h => c.remote.hosts.get(h)?.runner,
			audit: new AuditLog(auditPath),
			publish: () => undefined,
			readOnly: () => applySharedFeatures(target, c.host.sharedState()).readOnly,
		});
		const plan = planSetWeight({protocol: 'tcp', address: VIP, port: 80}, {address: rs1, port: 80}, {forward: 'masq'}, 11);
		if (!plan.ok) throw new Error(plan.error.message);
		const record = await actions.run('director', plan.value);
		expect(record).toMatchObject({state: 'refused', message: READ_ONLY_MESSAGE});
		// The server refuses file changes itself, whatever the client thinks.
		await expect(c.remote.hosts.get('director')!.files.writeFileAtomic('/tmp/lvs-tui-ro-test', 'x')).rejects.toThrow(/--read-only/);
		expect((await labExec(`ipvsadm -Ln -t ${VIP}:80`)).stdout).not.toMatch(/Masq\s+11\s/);
		expect((await labExec('test -e /tmp/lvs-tui-ro-test; echo $?')).stdout.trim()).toBe('1');
		await c.host.detach();
	}, 120_000);

	it('the attached UI shows the table fed by the server and has no SSH connection of its own; after a hang-up the reattached UI shows it at once', async () => {
		const lab = labInfo();
		const ui = fixture.cli(['-S', 'labui', '--config', configPath]);
		await ui.waitFor('director', 30_000);
		ui.command('i');
		await ui.waitFor(VIP, 30_000);
		const [session] = (await listSessions(fixture.dir)).sessions.filter(s => s.name === 'labui');
		fixture.track(session!.pid);
		// The server holds the SSH connections (the panes' and the poller's)...
		expect(tcpRemotePorts(session!.pid)).toContain(lab.sshPort);
		// ...the client, showing the table, has none.
		expect(tcpRemotePorts(ui.pty.pid)).not.toContain(lab.sshPort);

		// A weight change with the panel's own keys: filter to our service, rs2, +, confirm with y.
		const weightOf = async (address = rs2) => Number(new RegExp(`${address.replace(/\./g, '\\.')}:80\\s+Masq\\s+(\\d+)`).exec((await labExec(`ipvsadm -Ln -t ${VIP}:80`)).stdout)?.[1]);
		const before = await weightOf();
		ui.write('/');
		ui.write(VIP);
		ui.write('\r');
		await ui.waitFor(s => !s.text().includes(`${lab.vip}:80`) && s.text().includes(`${VIP}:80`));
		ui.write('j');
		await ui.waitFor(s => /›\s*rs1/.test(s.text()));
		ui.write('j');
		await ui.waitFor(s => /›\s*rs2/.test(s.text()));
		ui.write('+');
		await ui.waitFor(s => s.text().includes(`-w ${before + 1}`), 30_000);
		ui.write('y');
		await waitUntil('the new weight on the director', async () => (await weightOf()) === before + 1, 30_000);
		await ui.waitFor(s => new RegExp(`rs2\\s+Masq\\s+${before + 1}\\s`).test(s.text()), 30_000);
		const audit = readFileSync(auditPath, 'utf8').trim().split('\n').map(l => JSON.parse(l) as {command: string; exitCode: number; source: string});
		expect(audit.some(e => e.source === 'ipvs' && e.exitCode === 0 && e.command.includes(`${rs2}:80`) && e.command.includes(`-w ${before + 1}`))).toBe(true);
		expect(tcpRemotePorts(ui.pty.pid)).not.toContain(lab.sshPort);

		ui.pty.kill('SIGHUP');
		await ui.waitForExit();
		// Reattach read-only this time: the client refuses changes on its own.
		const back = fixture.cli(['attach', 'labui', '--config', configPath, '--read-only']);
		await back.waitFor('director', 30_000);
		back.command('i');
		// The table was in the attach snapshot: no wait for a poll over a new connection.
		await back.waitFor(VIP, 5_000);
		expect(tcpRemotePorts(back.pty.pid)).not.toContain(lab.sshPort);
		const weight = await weightOf(rs1);
		back.write('/');
		back.write(VIP);
		back.write('\r');
		await back.waitFor(s => !s.text().includes(`${lab.vip}:80`) && s.text().includes(`${VIP}:80`));
		back.write('j');
		await back.waitFor(s => /›\s*rs1/.test(s.text()));
		back.write('+');
		await back.waitFor('read-only mode: lvs-tui makes no changes');
		expect(await weightOf(rs1)).toBe(weight);
		expect(weight).toBeGreaterThan(0);
		// Escape closes the overlay (it takes every other key), then C-a d detaches.
		back.write('\x1b');
		await back.waitFor(s => !s.text().includes('Esc closes'));
		back.command('d');
		await back.waitForExit();
	}, 120_000);
});
