// The IPVS panel's engine on the lab's real LVS-NAT director VM (lvs-tui lab): the poller reads the
// real table over the product's own pooled SSH connection, weights change the real traffic split,
// drain stops new connections and the idle ones fall away, remove and add work, ipvsadm's errors
// come back verbatim, read-only refuses, and `lvs-tui status` reports it. Every effect is checked
// independently with ipvsadm over the system ssh client. It uses its own VIP 10.0.2.70 (eth0:70)
// and service on a lab VM of its own (its own state directory; the kit is shared), so no other
// test's lab-reset or lab down can pull the table out from under it.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {spawnSync} from 'node:child_process';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {hasCommand, missing, type Requirement} from '../helpers/requirements.js';
import {CLI, VirtualScreen} from '../helpers/virtual-screen.js';
import {labDown, labUp} from '../../source/lab/lab-control.js';
import {labPaths, type LabPaths} from '../../source/lab/lab-paths.js';
import {labSsh} from '../../source/lab/lab-ssh.js';
import type {LabState} from '../../source/lab/lab-state.js';
import {parseClusterConfig} from '../../source/domain/config/config-loader.js';
import type {ClusterConfig} from '../../source/domain/config/cluster-config.js';
import {parseIpvsadmList} from '../../source/domain/ipvs/ipvsadm-list.js';
import {planAddServer, planDrain, planRemoveServer, planSaveRules, planSetWeight, type PlannedCommand, type ServiceTarget} from '../../source/domain/ipvs/ipvs-plan.js';
import type {Result} from '../../source/domain/result.js';
import {AuditLog} from '../../source/services/audit-log.js';
import {createHostTransports, type HostTransports} from '../../source/services/host-transports.js';
import {IpvsPoller, readIpvs} from '../../source/services/ipvs-poller.js';
import {IpvsActions, READ_ONLY_MESSAGE} from '../../source/services/ipvs-actions.js';
import {IpvsPanelController} from '../../source/services/ipvs-panel-controller.js';
import {parseIpvsadmSave} from '../../source/domain/ipvs/ipvsadm-save.js';
import {drainChanged, drainProgress, historyOf, initialIpvs, namesFromConfig, type IpvsData} from '../../source/store/ipvs-slice.js';
import type {CommandRunner} from '../../source/transports/command-runner.js';

const VIP = '10.0.2.70';
const LABEL = 'eth0:70';
const SVC: ServiceTarget = {protocol: 'tcp', address: VIP, port: 80};
const RS1 = {address: '172.16.0.21', port: 80};
const RS2 = {address: '172.16.0.22', port: 80};
const KEY = `tcp ${VIP}:80`;
const built: Requirement = () => (existsSync(CLI) ? null : 'needs the built CLI (npm run build)');

const plan = (r: Result<PlannedCommand>): PlannedCommand => {
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
};

async function until<T>(what: string, f: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 60_000): Promise<T> {
	const end = Date.now() + timeoutMs;
	let last: unknown;
	for (;;) {
		last = await f();
		if (last) return last as T;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise(r => setTimeout(r, 250));
	}
}

describe.skipIf(missing(hasCommand('qemu-system-x86_64'), hasCommand('ssh'), built))('IPVS on the lab director VM', () => {
	let lab: LabState;
	let config: ClusterConfig;
	let hosts: HostTransports;
	let runner: CommandRunner;
	let dir: string;
	let data: IpvsData;
	let poller: IpvsPoller;
	let actions: IpvsActions;
	let readOnly = false;
	let paths: LabPaths;
	const publish = (reduce: (d: IpvsData) => IpvsData) => {
		data = reduce(data);
	};
	const onVm = async (command: string) => {
		const r = await labSsh({port: lab.port, identityFile: lab.identityFile, knownHostsFile: lab.knownHostsFile}, command, {timeoutMs: 120_000});
		return {code: r.code, stdout: r.stdout, stderr: r.stderr};
	};
	/** The service as the VM's own ipvsadm lists it (independent of the product's transport). */
	const onVmTable = async () => {
		const r = await onVm(`ipvsadm -Ln -t ${VIP}:80`);
		const servers = parseIpvsadmList(r.stdout).value.services[0]?.realServers ?? [];
		return Object.fromEntries(servers.map(s => [s.address.host, s]));
	};
	/** N sequential GETs from the client namespace through our VIP; answers counted per real server. */
	const traffic = async (n: number) => {
		const r = await onVm(`for i in $(seq 1 ${n}); do timeout 10 /bin/ip netns exec client busybox wget -q -O - http://${VIP}:80/ 2>/dev/null || echo FAILED; done`);
		const counts: Record<string, number> = {};
		for (const line of r.stdout.split('\n').map(l => l.trim()).filter(Boolean)) counts[line.split(/\s+/)[0]] = (counts[line.split(/\s+/)[0]] ?? 0) + 1;
		return counts;
	};
	const service = () => data.directors.director?.table?.services.find(s => s.key === KEY);
	const server = (address: string) => service()?.realServers.find(r => r.address.host === address);

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'lvstui-ipvslab-'));
		paths = {...labPaths(), state: join(dir, 'lab')};
		const up = await labUp({paths, ownerPid: process.pid});
		if (!up.ok) throw new Error(`lab up failed: ${up.error.message}\n${up.error.detail ?? ''}`);
		lab = up.value.state;
		const parsed = parseClusterConfig(readFileSync(lab.configPath, 'utf8'), lab.configPath);
		if (!parsed.ok) throw new Error(parsed.error.map(e => e.message).join('\n'));
		config = parsed.value;
		hosts = createHostTransports(config);
		runner = hosts.get(config.director.name)!.runner;
		data = initialIpvs(['director'], namesFromConfig(config));
		poller = new IpvsPoller({runner, publish, intervalMs: 1000});
		actions = new IpvsActions({runner: h => (h === 'director' ? runner : undefined), audit: new AuditLog(join(dir, 'audit.log')), publish, readOnly: () => readOnly, refresh: () => poller.refreshNow()});
		const setup = await onVm(
			`ip addr del ${VIP}/32 dev eth0 2>/dev/null; ipvsadm -D -t ${VIP}:80 2>/dev/null; ip addr add ${VIP}/32 dev eth0 label ${LABEL} && ipvsadm -A -t ${VIP}:80 -s wrr && ipvsadm -a -t ${VIP}:80 -r ${RS1.address}:80 -m -w 3 && ipvsadm -a -t ${VIP}:80 -r ${RS2.address}:80 -m -w 1`,
		);
		if (setup.code !== 0) throw new Error(`setting up the test service failed: ${setup.stderr}`);
	}, 600_000);

	afterAll(async () => {
		poller?.stop();
		hosts?.close();
		if (lab) await labDown(paths);
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('polls the real table over one pooled SSH connection, with configured names', async () => {
		const connection = hosts.pool.connection('director');
		let connects = 0;
		const off = connection.onStatus(s => {
			if (s.state === 'connecting') connects++;
		});
		for (let i = 0; i < 5; i++) {
			const read = await poller.refreshNow();
			expect(read.ok).toBe(true);
		}
		off();
		expect(connects).toBeLessThanOrEqual(1);
		expect(connection.state.state).toBe('connected');
		const d = data.directors.director;
		expect(d.status).toBe('ok');
		expect(d.issues).toEqual([]);
		expect(d.table?.version).toBe('1.2.1');
		expect(service()?.scheduler).toBe('wrr');
		expect(server(RS1.address)).toMatchObject({weight: 3, forward: 'masq'});
		expect(data.names[RS1.address]).toBe('rs1');
		// Exact counters were merged in.
		expect(server(RS1.address)?.stats?.exact).toBe(true);
	});

	it('a poll costs the director one process: the PIDs the kernel handed out around N polls', async () => {
		// Read on the same pooled connection with shell builtins only, so the reading shell is the one
		// process a probe costs. $PPID is the SSH server's process for this connection: its children's
		// CPU (cutime+cstime) is what the polls cost, its own (utime+stime) the SSH work.
		const probe = async () => {
			const r = await runner.exec('read -r a b c d last < /proc/loadavg; read -r stat < /proc/$PPID/stat; echo "$last ${stat##*) }"', {timeoutMs: 30_000});
			const f = r.stdout.trim().split(/\s+/).map(Number);
			// f[0] is the last PID, then the stat fields after the comm: state, ppid, … utime(f[12]) stime cutime cstime.
			return {lastPid: f[0], own: f[12] + f[13], children: f[14] + f[15]};
		};
		const N = 20;
		const counts: number[] = [];
		for (let attempt = 0; attempt < 5 && !counts.includes(N + 1); attempt++) {
			const before = await probe();
			for (let i = 0; i < N; i++) expect((await readIpvs(runner)).ok).toBe(true);
			const after = await probe();
			// N polls and the second probe's shell.
			counts.push(after.lastPid - before.lastPid);
			console.log(`IPVS poll cost on the director: ${(after.lastPid - before.lastPid - 1) / N} processes/poll; CPU per poll ${(((after.children - before.children) / N) * 10).toFixed(2)} ms in the poll process, ${(((after.own - before.own) / N) * 10).toFixed(2)} ms in the SSH server (10 ms ticks)`);
		}
		// Anything else starting on the VM (a kernel worker) only adds PIDs: the fewest seen is the polls' own.
		expect(Math.min(...counts)).toBe(N + 1);
	}, 180_000);

	it('weights split real traffic; counters and rates follow it', async () => {
		await poller.refreshNow();
		const before = server(RS1.address)?.stats?.conns ?? 0;
		expect(await traffic(40)).toEqual({rs1: 30, rs2: 10});
		// The kernel publishes its counters every 2 s: poll until they show all 30.
		await until('the counters to show the traffic', async () => {
			await poller.refreshNow();
			return (server(RS1.address)?.stats?.conns ?? 0) - before === 30;
		});
		expect(server(RS1.address)?.rates?.cps).toBeGreaterThan(0);
		expect(historyOf(data.directors.director, `${KEY} -> ${RS1.address}:80`).some(v => v > 0)).toBe(true);

		const record = await actions.run('director', plan(planSetWeight(SVC, RS1, {forward: 'masq'}, 1)));
		expect(record).toMatchObject({state: 'done', exitCode: 0, command: `ipvsadm -e -t ${VIP}:80 -r ${RS1.address}:80 -m -w 1`});
		expect((await onVmTable())[RS1.address].weight).toBe(1);
		expect(server(RS1.address)?.weight).toBe(1);
		expect(await traffic(20)).toEqual({rs1: 10, rs2: 10});
		const audit = readFileSync(join(dir, 'audit.log'), 'utf8').trim().split('\n').map(l => JSON.parse(l));
		expect(audit.at(-1)).toMatchObject({host: 'director', command: record.command, exitCode: 0, source: 'ipvs'});
	}, 180_000);

	it('drain: new connections stop, the idle ones fall away, then restore', async () => {
		// Two idle connections held open for a few seconds on rs2 (weight 1 of 1+1: wrr alternates).
		await onVm(`for i in 1 2 3 4; do setsid bash -c "sleep 6 | timeout 12 /bin/ip netns exec client busybox nc ${VIP} 80" </dev/null >/dev/null 2>&1 & done; sleep 1`);
		await until('active connections on rs2', async () => {
			await poller.refreshNow();
			return (server(RS2.address)?.activeConns ?? 0) > 0;
		});
		const drain = await actions.run('director', plan(planDrain(SVC, RS2, {forward: 'masq'})));
		expect(drain.state).toBe('done');
		publish(drainChanged({host: 'director', serviceKey: KEY, serverKey: `${RS2.address}:80`, startedAt: Date.now(), restoreWeight: 1}));
		expect((await onVmTable())[RS2.address].weight).toBe(0);
		expect(await traffic(6)).toEqual({rs1: 6});
		const progress = await until('ActiveConn of the drained server to reach 0', async () => {
			await poller.refreshNow();
			const p = drainProgress(data);
			return p && p.active === 0 ? p : null;
		});
		expect(progress.weight).toBe(0);
		const restore = await actions.run('director', plan(planSetWeight(SVC, RS2, {forward: 'masq'}, 1)));
		expect(restore.state).toBe('done');
		publish(drainChanged(null));
		expect((await onVmTable())[RS2.address].weight).toBe(1);
	}, 180_000);

	it('remove and add a real server', async () => {
		const removed = await actions.run('director', plan(planRemoveServer(SVC, RS2)));
		expect(removed.state).toBe('done');
		expect(Object.keys(await onVmTable())).toEqual([RS1.address]);
		expect(server(RS2.address)).toBeUndefined();
		expect(await traffic(4)).toEqual({rs1: 4});
		const added = await actions.run('director', plan(planAddServer(SVC, RS2, 'masq', 2)));
		expect(added.state).toBe('done');
		expect((await onVmTable())[RS2.address]).toMatchObject({weight: 2, forward: 'masq'});
		expect(server(RS2.address)?.weight).toBe(2);
	}, 180_000);

	it("shows ipvsadm's own error verbatim and audits the failure", async () => {
		const again = plan(planAddServer(SVC, RS2, 'masq', 2));
		const record = await actions.run('director', again);
		expect(record.state).toBe('failed');
		expect(record.message).toBe('Destination already exists');
		expect(record.exitCode).toBe(255);
		const missingSvc = await actions.run('director', plan(planRemoveServer({protocol: 'tcp', address: '10.0.2.199', port: 80}, RS1)));
		expect(missingSvc.message).toBe('Service not defined');
		const audit = readFileSync(join(dir, 'audit.log'), 'utf8').trim().split('\n').map(l => JSON.parse(l));
		expect(audit.at(-2)).toMatchObject({command: again.command, exitCode: 255, error: 'Destination already exists'});
	});

	it('read-only refuses and the table does not change', async () => {
		readOnly = true;
		try {
			const record = await actions.run('director', plan(planRemoveServer(SVC, RS1)));
			expect(record).toMatchObject({state: 'refused', message: READ_ONLY_MESSAGE});
			expect(Object.keys(await onVmTable()).sort()).toEqual([RS1.address, RS2.address]);
		} finally {
			readOnly = false;
		}
	});

	it('lvs-tui status reports the director, the service and the names; --json for scripts', () => {
		const r = spawnSync(process.execPath, [CLI, 'status', '--config', lab.configPath, '--json', '--window', '5'], {encoding: 'utf8', timeout: 60_000});
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		const snap = JSON.parse(r.stdout) as {directors: Array<{host: string; ok: boolean; services: Array<{key: string; realServers: Array<{address: {host: string}; weight: number}>}>; names: Record<string, string>; rateWindowSeconds: number}>};
		const d = snap.directors[0];
		expect(d).toMatchObject({host: 'director', ok: true});
		// The kernel publishes counters every 2 s: with the default 5 s window a rate spans a real period.
		expect(d.rateWindowSeconds).toBeGreaterThan(0.5);
		const svc = d.services.find(s => s.key === KEY)!;
		expect(svc.realServers.map(r => [d.names[r.address.host], r.weight])).toEqual([
			['rs1', 1],
			['rs2', 2],
		]);
		const text = spawnSync(process.execPath, [CLI, 'status', '--config', lab.configPath, '--window', '0'], {encoding: 'utf8', timeout: 60_000});
		expect(text.status).toBe(0);
		expect(text.stdout).toContain(`TCP ${VIP}:80 wrr`);
		expect(text.stdout).toMatch(/rs1 172\.16\.0\.21:80\s+masq\s+1/);
	}, 180_000);

	it('the panel keys drive a drain on the real director: d, y, watch, R restores the weight it had', async () => {
		const controller = new IpvsPanelController({
			get: () => data,
			update: reduce => publish(reduce),
			actions,
			readOnly: () => readOnly,
			config,
		});
		await poller.refreshNow();
		publish(drainChanged(null));
		publish(d => ({...d, view: {...d.view, cursorKey: `${KEY} -> ${RS2.address}:80`}}));
		controller.handleKey({name: 'd', raw: 'd'});
		const confirm = await until('the drain confirm', () => data.view.confirm);
		expect(confirm.plan.command).toBe(`ipvsadm -e -t ${VIP}:80 -r ${RS2.address}:80 -m -w 0`);
		controller.handleKey({name: 'y', raw: 'y'});
		await until('the drain watch', () => data.drain?.serverKey === `${RS2.address}:80` && data.lastAction?.state === 'done');
		expect((await onVmTable())[RS2.address].weight).toBe(0);
		const p = await until('the drained server to be empty of active connections', async () => {
			await poller.refreshNow();
			const x = drainProgress(data);
			return x && x.active === 0 ? x : null;
		});
		expect(p.gone).toBe(false);
		controller.handleKey({name: 'R', raw: 'R'});
		const restore = await until('the restore confirm', () => data.view.confirm);
		expect(restore.plan.command).toBe(`ipvsadm -e -t ${VIP}:80 -r ${RS2.address}:80 -m -w 2`);
		controller.handleKey({name: 'y', raw: 'y'});
		await until('the watch to end', () => data.drain === null);
		expect((await onVmTable())[RS2.address].weight).toBe(2);
	}, 180_000);

	it('saves the running table to the rules file atomically, backing up the old one', async () => {
		const path = '/etc/ipvsadm.rules';
		await onVm(`rm -f ${path} ${path}.lvs-tui-*`);
		const first = await actions.run('director', plan(planSaveRules(path, 'T1')));
		expect(first.state).toBe('done');
		const saved = await onVm(`cat ${path}`);
		const live = await onVm('ipvsadm -S -n');
		expect(saved.stdout).toBe(live.stdout);
		expect(parseIpvsadmSave(saved.stdout).value.services.some(x => x.key === KEY)).toBe(true);
		const second = await actions.run('director', plan(planSaveRules(path, 'T2')));
		expect(second.state).toBe('done');
		expect((await onVm(`cat ${path}.lvs-tui-T2`)).stdout).toBe(saved.stdout);
		expect((await onVm(`ls ${path}.lvs-tui-tmp 2>&1; echo $?`)).stdout.trim().split('\n').at(-1)).not.toBe('0');
	});

	it('in the real app: the side panel shows the table, C-a i opens it, w sets a weight through the confirm dialog', async () => {
		const screen = new VirtualScreen(CLI, ['--config', lab.configPath], {cols: 120, rows: 40, env: {XDG_STATE_HOME: join(dir, 'app-state')}});
		try {
			await screen.waitFor(/TCP 10\.0\.2\.70:80 wrr/, 90_000);
			screen.command('i');
			await screen.waitFor('IPVS — Esc closes', 20_000);
			screen.write('/');
			screen.write('10.0.2.70');
			screen.write('\r');
			await screen.waitFor(s => s.text().includes('/10.0.2.70') && !s.text().includes('10.0.2.50:80'), 20_000);
			screen.write('j');
			screen.write('j');
			await screen.waitFor(/› rs2/, 20_000);
			screen.write('w');
			await screen.waitFor('weight for rs2:', 20_000);
			screen.write('\x7f');
			screen.write('7');
			screen.write('\r');
			await screen.waitFor(`$ ipvsadm -e -t ${VIP}:80 -r ${RS2.address}:80 -m -w 7`, 30_000);
			screen.write('y');
			await until('weight 7 on the director', async () => (await onVmTable())[RS2.address]?.weight === 7);
			await screen.waitFor(/rs2\s+Masq\s+7\b/, 30_000);
		} finally {
			screen.kill();
		}
		// Back to what the other tests expect.
		await onVm(`ipvsadm -e -t ${VIP}:80 -r ${RS2.address}:80 -m -w 2`);
	}, 240_000);

	it('a poll that fails keeps the last table, marked stale with the error', async () => {
		await poller.refreshNow();
		expect(data.directors.director.status).toBe('ok');
		hosts.pool.connection('director').close();
		const read = await poller.refreshNow();
		expect(read.ok).toBe(false);
		const d = data.directors.director;
		expect(d.status).toBe('stale');
		expect(d.error?.message).toMatch(/closed/);
		expect(d.table?.services.some(s => s.key === KEY)).toBe(true);
	});
});
