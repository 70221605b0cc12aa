// The VIP on the lab's real LVS-NAT director VM (lvs-tui lab), over the product's own SSH transport
// and through the built CLI, checked independently with `ip -j addr` over the system ssh client.
// It uses its own test VIP 10.0.2.60 (eth0:60) with its own IPVS service, so the lab's VIP
// 10.0.2.50 that other tests send traffic through is never touched.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {spawnSync} from 'node:child_process';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {missing, type Requirement} from '../helpers/requirements.js';
import {CLI, VirtualScreen} from '../helpers/virtual-screen.js';
import {labAvailable, labExec, labExecIn, labInfo, type LabInfo} from '../helpers/lab.js';
import {parseClusterConfig} from '../../source/domain/config/config-loader.js';
import type {ClusterConfig} from '../../source/domain/config/cluster-config.js';
import {validateVip, type VipSpec} from '../../source/domain/net/vip-spec.js';
import {AuditLog} from '../../source/services/audit-log.js';
import {createHostTransports, type HostTransports} from '../../source/services/host-transports.js';
import {InterfacesPoller} from '../../source/services/interfaces-poller.js';
import {VipControl} from '../../source/services/vip-control.js';
import {initialInterfaces, vipStates, type InterfacesData} from '../../source/store/interfaces-slice.js';

const TEST_VIP = '10.0.2.60';
const TEST_LABEL = 'eth0:60';
const built: Requirement = () => (existsSync(CLI) ? null : 'needs the built CLI (npm run build)');

describe.skipIf(missing(labAvailable, built))('VIP on the lab director VM', () => {
	let lab: LabInfo;
	let config: ClusterConfig;
	let hosts: HostTransports;
	let control: VipControl;
	let spec: VipSpec;
	let dir: string;
	let data: InterfacesData;
	const publish = (reduce: (d: InterfacesData) => InterfacesData) => {
		data = reduce(data);
	};
	const onVm = (command: string) => labExec(command);
	/** Our test VIP's entries on the director's eth0 (other suites may toggle the lab's own VIP meanwhile). */
	const labelsOnVm = async () => {
		const r = await onVm('ip -j addr show dev eth0');
		const list = JSON.parse(r.stdout) as Array<{addr_info: Array<{local: string; prefixlen: number; label?: string}>}>;
		return list[0].addr_info.filter(a => a.local === TEST_VIP).map(a => `${a.local}/${a.prefixlen} ${a.label}`);
	};
	/** One HTTP GET from the lab's client namespace through the test VIP, bounded by timeout(1). */
	const throughVip = async () => (await labExecIn(lab.clientNs, `timeout 5 busybox wget -q -O - http://${TEST_VIP}:80/ 2>/dev/null || echo FAILED`)).stdout.trim();
	const cli = (args: string[]) => {
		const r = spawnSync(process.execPath, [CLI, 'vip', ...args, '--config', lab.configPath], {encoding: 'utf8', env: {...process.env, XDG_STATE_HOME: join(dir, 'state')}, input: '', timeout: 60_000});
		return {code: r.status, stdout: r.stdout, stderr: r.stderr};
	};

	beforeAll(async () => {
		lab = labInfo();
		dir = mkdtempSync(join(tmpdir(), 'lvstui-viplab-'));
		const parsed = parseClusterConfig(readFileSync(lab.configPath, 'utf8'), lab.configPath);
		if (!parsed.ok) throw new Error(parsed.error.map(e => e.message).join('\n'));
		config = parsed.value;
		hosts = createHostTransports(config);
		const v = validateVip({address: TEST_VIP, device: 'eth0', label: TEST_LABEL});
		if (!v.ok) throw new Error(v.error.message);
		spec = v.value;
		data = initialInterfaces({...config, vips: [...config.vips, {address: TEST_VIP, device: 'eth0', label: TEST_LABEL, prefix: 32}]});
		control = new VipControl({director: hosts.get(config.director.name)!.runner, audit: new AuditLog(join(dir, 'audit.log')), readOnly: false, publish, lvsType: 'nat'});
		// A service of our own on the test VIP, to one real server.
		await onVm(`ip addr del ${TEST_VIP}/32 dev eth0 2>/dev/null; ipvsadm -D -t ${TEST_VIP}:80 2>/dev/null; ipvsadm -A -t ${TEST_VIP}:80 -s rr && ipvsadm -a -t ${TEST_VIP}:80 -r 172.16.0.21:80 -m`);
	}, 600_000);

	afterAll(async () => {
		hosts?.close();
		if (lab) await onVm(`ip addr del ${TEST_VIP}/32 dev eth0 2>/dev/null; ipvsadm -D -t ${TEST_VIP}:80 2>/dev/null; true`);
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('up over SSH: labelled alias on the director (seen with ip -j addr), traffic through the VIP works', async () => {
		expect(await throughVip()).toBe('FAILED');
		const r = await control.up(spec);
		if (!r.ok) throw new Error(r.error.message);
		expect(r.value.state).toBe('done');
		expect(r.value.steps.map(s => [s.command, s.exitCode])).toEqual([
			[`arping -D -q -c 2 -w 3 -I eth0 ${TEST_VIP}`, 0],
			[`ip addr add ${TEST_VIP}/32 dev eth0 label ${TEST_LABEL}`, 0],
			[`arping -U -c 3 -I eth0 ${TEST_VIP}`, 0],
		]);
		expect(await labelsOnVm()).toEqual([`${TEST_VIP}/32 ${TEST_LABEL}`]);
		expect(vipStates(data).find(v => v.entry.address === TEST_VIP)?.state).toBe('up');
		expect(await throughVip()).toBe('rs1 172.16.0.21');
	});

	it('up again changes nothing', async () => {
		const r = await control.up(spec);
		expect(r.ok && r.value).toMatchObject({state: 'unchanged', message: `VIP ${TEST_VIP} is already up on eth0 (label ${TEST_LABEL}); nothing changed`});
	});

	it('read-only and an invalid label are refused before anything runs', async () => {
		const ro = cli(['down', TEST_VIP, '--dev', 'eth0', '--read-only', '--yes']);
		expect(ro).toMatchObject({code: 1, stderr: `lvs-tui: read-only mode: refusing to bring down VIP ${TEST_VIP}; nothing changed\n`});
		const bad = cli(['up', '10.0.2.61', '--dev', 'eth0', '--label', 'eth0:label-too-long']);
		expect(bad).toMatchObject({code: 2, stderr: "lvs-tui vip: VIP 10.0.2.61: label 'eth0:label-too-long' is 19 characters; the kernel allows at most 15\n"});
		expect(await labelsOnVm()).toEqual([`${TEST_VIP}/32 ${TEST_LABEL}`]);
	});

	it('down from the CLI asks on a terminal; y removes the alias and traffic through the VIP fails', async () => {
		const screen = new VirtualScreen(process.execPath, [CLI, 'vip', 'toggle', TEST_VIP, '--dev', 'eth0', '--label', TEST_LABEL, '--config', lab.configPath], {cols: 160, env: {XDG_STATE_HOME: join(dir, 'state')}});
		try {
			await screen.waitFor(`Take VIP ${TEST_VIP} down on director? (ip addr del ${TEST_VIP}/32 dev eth0) [y/N]`, 30_000);
			screen.write('y\r');
			expect((await screen.waitForExit(30_000)).exitCode).toBe(0);
			expect(screen.text()).toContain(`VIP ${TEST_VIP} is down on eth0`);
		} finally {
			screen.kill();
		}
		expect(await labelsOnVm()).toEqual([]);
		expect(await throughVip()).toBe('FAILED');
		const again = cli(['down', TEST_VIP, '--dev', 'eth0', '--yes']);
		expect(again).toMatchObject({code: 0, stdout: `VIP ${TEST_VIP} is already down on eth0; nothing changed\n`});
	});

	it("status from the lab's config, and ip's own message when the director lacks the device", () => {
		// The lab's own VIP: another suite may have it down right now, so either answer is right.
		const own = cli(['status']);
		expect(own.stdout).toMatch(/^10\.0\.2\.50 eth0:50 (up|down) on director\n$/);
		expect(own.code).toBe(own.stdout.includes(' up ') ? 0 : 3);
		expect(cli(['status', TEST_VIP, '--dev', 'eth0', '--label', TEST_LABEL])).toMatchObject({code: 3, stdout: `${TEST_VIP} ${TEST_LABEL} down on director\n`});
		const r = cli(['up', TEST_VIP, '--dev', 'eth7', '--label', 'eth7:60']);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/^lvs-tui: director: device eth7 does not exist on the director \(it has: lo, eth0, .*\); nothing changed\n$/);
	});

	it('the poller reads the director and both real servers (through the director as jump host): real servers routed through the DIP, no warnings about them', async () => {
		let polled = initialInterfaces(config);
		const poller = new InterfacesPoller({
			director: hosts.get(config.director.name)!.runner,
			realServers: config.realServers.map(rs => hosts.get(rs.name)!.runner),
			publish: reduce => {
				polled = reduce(polled);
			},
			intervalMs: 60_000,
			timeoutMs: 30_000,
		});
		await poller.refreshNow();
		expect([polled.director.status, ...Object.values(polled.realServers).map(r => r.status)]).toEqual(['ok', 'ok', 'ok']);
		expect(polled.realServers.rs1.facts?.defaultRoutes[0]?.gateway).toBe('172.16.0.1');
		expect(polled.director.facts?.sysctl['net.ipv4.ip_forward']).toMatch(/^[01]$/);
		// Both real servers route back through the DIP (director-side settings belong to other suites' tests).
		expect(polled.warnings.filter(w => w.host !== 'director')).toEqual([]);
	});
});
