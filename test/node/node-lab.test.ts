// Adding and removing a node on the lab's real LVS-NAT director VM: spare lab hosts stand in for the
// freshly kickstarted PCs. Everything goes through the product's own ssh2 transport; the results are
// checked independently with OpenSSH (labExec), real traffic through the VIP and the files themselves.
// The suite uses its own IPVS service (VIP:8091), its own dhcpd.conf copy and kickstart directory, so
// it does not disturb the other lab suites running beside it.
import {mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync, statSync} from 'node:fs';
import {spawn, spawnSync} from 'node:child_process';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse, stringify} from 'yaml';
import React from 'react';
import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseClusterConfig} from '../../source/domain/config/config-loader.js';
import type {ClusterConfig} from '../../source/domain/config/cluster-config.js';
import {shellJoin} from '../../source/domain/shell-quote.js';
import type {NodeAddRequest} from '../../source/domain/node/node-add-state.js';
import {nodeHostConfig} from '../../source/domain/node/node-plan.js';
import {labAddHost, labRemoveHost} from '../../source/lab/lab-control.js';
import {labPaths} from '../../source/lab/lab-paths.js';
import {AuditLog} from '../../source/services/audit-log.js';
import {hashRootPassword} from '../../source/services/kickstart-password.js';
import type {NodeProgress} from '../../source/services/node-add-context.js';
import {runNodeAdd, type NodeAddOutcome} from '../../source/services/node-add-runner.js';
import {runNodeRemove} from '../../source/services/node-remove-runner.js';
import {NodeSession} from '../../source/services/node-session.js';
import {NodeStateStore} from '../../source/services/node-state-store.js';
import type {HostKeyQuestion, SshPrompter} from '../../source/transports/ssh/ssh-prompter.js';
import {NodeWizardController} from '../../source/services/node-wizard-controller.js';
import {createAppStore} from '../../source/store/app-store.js';
import {createNodeWizardSlice, type NodeWizardState} from '../../source/store/node-wizard-slice.js';
import {buildKeymap} from '../../source/keymap/keymap.js';
import {AppContext} from '../../source/ui/app-context.js';
import {PanelRegistry} from '../../source/ui/panel-registry.js';
import {NodeWizardOverlay} from '../../source/ui/wizards/node-wizard-overlay.js';
import {labAvailable, labExec, labInfo} from '../helpers/lab.js';
import {missing} from '../helpers/requirements.js';

const PORT = 8091;
const DHCP = '/etc/dhcp/node-test.conf';
const KS_DIR = '/srv/node-test-ks';
const TIMINGS = {waitTimeoutMs: 20_000, waitIntervalMs: 500, rampPercents: [50, 100], rampIntervalMs: 300, healthTimeoutSeconds: 2};

describe.skipIf(missing(labAvailable))('node add / remove on the lab director', () => {
	const lab = labAvailable() === null ? labInfo() : null!;
	const paths = () => ({...labPaths(), state: lab.stateDir});
	const work = mkdtempSync(join(tmpdir(), 'lvs-tui-node-'));
	const configPath = join(work, 'lvs-tui.yaml');
	const knownHosts = join(work, 'known_hosts');
	const auditPath = join(work, 'audit.log');
	const store = new NodeStateStore(join(work, 'state'));
	const vip = `${lab?.vip}:${PORT}`;
	let rs3 = {address: '', mac: ''};
	const questions: HostKeyQuestion[] = [];
	const accepting: SshPrompter = {
		confirmHostKey: async q => {
			questions.push(q);
			return true;
		},
		askPassphrase: async () => null,
	};
	const sessions: NodeSession[] = [];

	function loadConfig(): ClusterConfig {
		const parsed = parseClusterConfig(readFileSync(configPath, 'utf8'), configPath);
		if (!parsed.ok) throw new Error(parsed.error.map(e => e.message).join('\n'));
		return parsed.value;
	}

	function session(config: ClusterConfig, name?: string, ip?: string, prompter: SshPrompter = accepting): NodeSession {
		const s = new NodeSession({config, node: name && ip ? nodeHostConfig(config, name, ip) : undefined, prompter, connectTimeoutMs: 4000});
		sessions.push(s);
		return s;
	}

	async function add(request: NodeAddRequest, extra: {signal?: AbortSignal; onProgress?: (e: NodeProgress) => void; dryRun?: boolean; skipKickstart?: boolean; prompter?: SshPrompter; waitTimeoutMs?: number} = {}): Promise<NodeAddOutcome> {
		const config = loadConfig();
		return runNodeAdd({
			config,
			request,
			session: session(config, request.name, request.ip, extra.prompter),
			audit: new AuditLog(auditPath),
			store,
			dryRun: extra.dryRun,
			signal: extra.signal,
			onProgress: extra.onProgress,
			timings: {...TIMINGS, ...(extra.waitTimeoutMs ? {waitTimeoutMs: extra.waitTimeoutMs} : {})},
			kickstart: {skip: extra.skipKickstart, sshPublicKey: undefined, rootPasswordHash: async profile => hashRootPassword(profile, 'lab only pass')},
		});
	}

	async function director(command: string): Promise<string> {
		const r = await labExec(command);
		if (r.code !== 0) throw new Error(`${command}: ${r.stderr}`);
		return r.stdout;
	}

	/** Everything a node add may touch, to compare before and after. */
	async function snapshot(): Promise<string> {
		const remote = await director(`cat ${DHCP}; echo ==; cat /etc/hosts; echo ==; ipvsadm -S -n | sort; echo ==; ls -la ${KS_DIR} | tail -n +2 | awk '{print $1, $NF}'`);
		return remote + '\n==\n' + readFileSync(configPath, 'utf8') + '\n==\n' + String(existsSync(store.dir) ? spawnSync('ls', [store.dir]).stdout : '');
	}

	beforeAll(async () => {
		const added = await labAddHost('rs3', undefined, paths());
		if (!added.ok) throw new Error(added.error.message);
		rs3 = {address: added.value.address, mac: added.value.mac};
		// A fresh PC is in nobody's /etc/hosts: undo the line lab-host wrote.
		await director([
			`sed -i '/\\trs3$/d' /etc/hosts`,
			shellJoin(['cp', '/etc/dhcp/dhcpd.conf', DHCP]),
			shellJoin(['mkdir', '-p', KS_DIR]),
			shellJoin(['ipvsadm', '-A', '-t', vip, '-s', 'rr']),
			shellJoin(['ipvsadm', '-a', '-t', vip, '-r', '172.16.0.21:80', '-m', '-w', 1]),
		].join(' && '));
		// The node's key is not known yet: the first contact must ask.
		writeFileSync(knownHosts, readFileSync(lab.knownHostsFile, 'utf8').split('\n').filter(l => !l.startsWith(`${rs3.address} `)).join('\n'), {mode: 0o600});
		const data = parse(readFileSync(lab.configPath, 'utf8'));
		data.services = [{name: 'node-test', protocol: 'tcp', vip: lab.vip, port: PORT, scheduler: 'rr', realServers: [{server: 'rs1', port: 80, weight: 1, forward: 'masq'}]}];
		data.options = {...data.options, knownHostsFile: knownHosts, dhcpdConf: DHCP, kickstartDir: KS_DIR, auditLog: auditPath};
		writeFileSync(configPath, `# node tests: the lab cluster with its own service\n${stringify(data, {lineWidth: 0})}`, {mode: 0o600});
	}, 120_000);

	afterAll(async () => {
		for (const s of sessions) s.close();
		await labExec([
			shellJoin(['ipvsadm', '-D', '-t', vip]),
			shellJoin(['rm', '-rf', KS_DIR, DHCP]),
			`sed -i '/\\t\\(rs3\\|rs4\\|rs8\\)$/d' /etc/hosts`,
		].join('; ')).catch(() => undefined);
		await labRemoveHost('rs3', paths());
		await labRemoveHost('rs4', paths());
		rmSync(work, {recursive: true, force: true});
	}, 120_000);

	it('dry-run prints every command and file change and changes nothing', async () => {
		const before = await snapshot();
		const plan: string[] = [];
		const outcome = await add({name: 'rs3', mac: rs3.mac, ip: rs3.address, weight: 2, services: [], profile: 'rhel9'}, {dryRun: true, onProgress: e => e.kind === 'plan' && plan.push(...e.lines)});
		expect(outcome.state, JSON.stringify(outcome)).toBe('dry-run');
		const text = plan.join('\n');
		expect(text).toContain(`+ host rs3 {`);
		expect(text).toContain(`+ ${rs3.address}\trs3`);
		expect(text).toContain(`write ${KS_DIR}/rs3.cfg (mode 0600)`);
		expect(text).toContain(`ipvsadm -a -t ${vip} -r ${rs3.address}:80 -m -w 0`);
		expect(text).toContain(`ipvsadm -e -t ${vip} -r ${rs3.address}:80 -m -w 1`);
		expect(text).toContain(`ipvsadm -e -t ${vip} -r ${rs3.address}:80 -m -w 2`);
		expect(text).toMatch(/^ +\+ +- server: rs3$/m);
		expect(await snapshot()).toBe(before);
		expect(questions).toEqual([]);
	});

	describe('the lvs-tui node command (built CLI)', () => {
		const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
		const node = (args: string[], input = '') => {
			const env = {...process.env, XDG_STATE_HOME: join(work, 'xdg')};
			delete env.CI;
			return spawnSync(process.execPath, [cli, 'node', ...args, '--config', configPath], {env, encoding: 'utf8', timeout: 90_000, input});
		};

		it('--dry-run prints the steps, the commands and the file diffs, and changes nothing', async () => {
			const before = await snapshot();
			const r = node(['add', '--name', 'rs5', '--mac', '52:54:00:16:00:55', '--ip', '172.16.0.55', '--weight', '3', '--dry-run']);
			expect(r.stderr).toBe('');
			expect(r.status).toBe(0);
			expect(r.stdout).toContain('[1/7] DHCP reservation on the director…');
			expect(r.stdout).toContain('[7/7] pane and cluster config entry…');
			expect(r.stdout).toContain(`$ ipvsadm -a -t ${vip} -r 172.16.0.55:80 -m -w 0`);
			expect(r.stdout).toContain('+ 172.16.0.55\trs5');
			expect(r.stdout).toContain('inst.ks=nfs:172.16.0.1:/srv/node-test-ks/rs5.cfg');
			expect(r.stdout.trim().split('\n').at(-1)).toBe('dry run: nothing was changed');
			expect(await snapshot()).toBe(before);
		});

		it('a script never trusts a new host key by accident; node remove takes back what the stopped run did', async () => {
			const r = node(['add', '--name', 'rs3', '--mac', rs3.mac, '--ip', rs3.address, '--yes', '--root-password-stdin', '--wait-timeout', '20'], 'cli secret pw\n');
			expect(r.status, r.stderr).toBe(1);
			expect(r.stdout).toContain('[3/7] kickstart file and boot line…');
			expect(r.stdout).toContain(`inst.ks=nfs:${lab.dip}:${KS_DIR}/rs3.cfg`);
			expect(r.stdout).toContain('[4/7] wait for the node to answer on SSH…');
			expect(r.stderr).toMatch(new RegExp(`host key of ${rs3.address.replace(/[.]/g, '\\.')} (is not known|.*not accepted)`));
			expect(r.stderr).toContain('pass --accept-new-host-key');
			expect(r.stderr).toContain('lvs-tui node add --name rs3');
			expect(readFileSync(knownHosts, 'utf8')).not.toContain(`${rs3.address} `);
			const ks = await director(`stat -c %a ${KS_DIR}/rs3.cfg; grep -c 'cli secret pw' ${KS_DIR}/rs3.cfg || true`);
			expect(ks.trim().split('\n')).toEqual(['600', '0']);
			expect(await director(`cat ${DHCP}`)).toContain('host rs3 {');

			const removed = node(['remove', 'rs3', '--yes']);
			expect(removed.status, removed.stderr).toBe(0);
			expect(removed.stdout).toContain('rs3 is out of the cluster');
			expect(await director(`cat ${DHCP} /etc/hosts`)).not.toMatch(/rs3/);
			expect(existsSync(join(work, 'xdg', 'lvs-tui', 'nodes', 'rs3.json'))).toBe(false);
			await director(shellJoin(['rm', '-f', `${KS_DIR}/rs3.cfg`]));
		}, 90_000);

		it('Ctrl-C while waiting for the node: the process stops, the state file says what was done, and a rerun resumes there', async () => {
			const env = {...process.env, XDG_STATE_HOME: join(work, 'xdg')};
			delete env.CI;
			const child = spawn(process.execPath, [cli, 'node', 'add', '--name', 'rs7', '--mac', '52:54:00:16:00:4d', '--ip', '172.16.0.77', '--yes', '--no-kickstart', '--wait-timeout', '120', '--config', configPath], {env, stdio: ['ignore', 'pipe', 'pipe']});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', d => (stdout += d));
			child.stderr.on('data', d => (stderr += d));
			const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
			const end = Date.now() + 60_000;
			while (!stdout.includes('[4/7] wait for the node to answer on SSH…')) {
				if (Date.now() > end) throw new Error(`step 4 never started: ${stdout}${stderr}`);
				await new Promise(r => setTimeout(r, 50));
			}
			child.kill('SIGINT');
			expect(await exited).toBe(1);
			expect(stderr).toContain('cancelling (the steps done so far are saved');
			expect(stderr).toMatch(/cancelled while waiting for rs7/);
			const saved = new NodeStateStore(join(work, 'xdg', 'lvs-tui', 'nodes')).load('rs7');
			expect(saved.ok && saved.value && Object.values(saved.value.steps).map(s => s.status)).toEqual(['done', 'done', 'skipped', 'failed', 'pending', 'pending', 'pending']);
			// The rerun (name only) picks up the saved MAC and IP and goes straight to step 4.
			const again = node(['add', '--name', 'rs7', '--yes', '--wait-timeout', '1']);
			expect(again.status).toBe(1);
			expect(again.stdout).toContain('resuming the saved run for rs7');
			expect(again.stdout).not.toContain('[1/7]');
			expect(again.stdout).toContain('[4/7] wait for the node to answer on SSH…');
			expect(again.stderr).toMatch(/rs7 did not answer on SSH within 1 s/);
			expect(await director(`grep -c 'host rs7 ' ${DHCP}; grep -c '\trs7$' /etc/hosts`)).toBe('1\n1\n');
			const removed = node(['remove', 'rs7', '--yes']);
			expect(removed.status, removed.stderr).toBe(0);
		}, 90_000);

		it('refuses before changing anything, saying where the clash is', async () => {
			const before = await snapshot();
			const taken = node(['add', '--name', 'rs1', '--mac', '52:54:00:16:00:99', '--ip', '172.16.0.99', '--yes']);
			expect(taken.status).toBe(1);
			expect(taken.stderr).toMatch(new RegExp(`${configPath.replace(/[.]/g, '\\.')}:\\d+: rs1 is already a real server in the cluster config`));
			expect(taken.stderr).toMatch(/\/etc\/hosts:\d+: rs1 is already in \/etc\/hosts as 172\.16\.0\.21/);
			expect(taken.stderr.trim().split('\n').at(-1)).toBe('nothing was changed');
			const noMac = node(['add', '--name', 'rs5']);
			expect(noMac.status).toBe(2);
			expect(noMac.stderr).toContain('--mac is required for a new node');
			const unconfirmed = node(['add', '--name', 'rs5', '--mac', '52:54:00:16:00:55', '--ip', '172.16.0.55']);
			expect(unconfirmed.status).toBe(2);
			expect(unconfirmed.stderr).toContain('confirm on a terminal or pass --yes');
			const readOnly = node(['add', '--name', 'rs5', '--mac', '52:54:00:16:00:55', '--ip', '172.16.0.55', '--yes', '--read-only', '--no-kickstart']);
			expect(readOnly.status).toBe(1);
			expect(readOnly.stderr).toContain('read-only mode');
			const unknown = node(['remove', 'nosuch', '--yes']);
			expect(unknown.status).toBe(1);
			expect(unknown.stderr).toContain('nosuch is not a real server');
			expect(await snapshot()).toBe(before);
		});
	});

	it('refuses a name, MAC or IP already in use in DHCP, hosts, IPVS or the config, before changing anything', async () => {
		const before = await snapshot();
		const rs1 = lab.realServers[0];
		const cases: Array<[Partial<NodeAddRequest>, RegExp]> = [
			[{name: 'rs1'}, /rs1 is already (reserved in DHCP|in \/etc\/hosts|a real server)/],
			[{mac: '52:54:00:16:00:15'}, /MAC 52:54:00:16:00:15 is already (reserved in DHCP for host 'rs1'|the MAC of real server rs1)/],
			[{ip: rs1.address}, new RegExp(`${rs1.address.replace(/\./g, '\\.')} is already`)],
			[{ip: lab.dip}, /is the director's DIP/],
		];
		for (const [change, pattern] of cases) {
			const outcome = await add({name: 'rs9', mac: '52:54:00:16:00:99', ip: '172.16.0.99', weight: 1, services: [], profile: 'rhel9', ...change});
			expect(outcome.state).toBe('refused');
			if (outcome.state !== 'refused') continue;
			expect(outcome.errors.map(e => e.message).join('\n')).toMatch(pattern);
			// Each problem says where: file:line or the host.
			for (const e of outcome.errors) expect(e.where?.file ?? e.where?.host).toBeTruthy();
		}
		const bad = await add({name: 'rs;9', mac: 'zz', ip: '1.2.3', weight: 1, services: [], profile: 'rhel9'});
		expect(bad.state).toBe('refused');
		if (bad.state === 'refused') expect(bad.errors).toHaveLength(3);
		expect(await snapshot()).toBe(before);
	});

	it('interrupted after step 3, run again: resumes, nothing duplicated, and traffic through the VIP reaches rs3', async () => {
		const request: NodeAddRequest = {name: 'rs3', mac: rs3.mac, ip: rs3.address, weight: 2, services: [], profile: 'rhel9'};
		const controller = new AbortController();
		const first = await add(request, {
			signal: controller.signal,
			onProgress: e => {
				if (e.kind === 'step' && e.id === 'kickstart' && e.record.status === 'done') controller.abort();
			},
		});
		expect(first.state).toBe('failed');
		if (first.state !== 'failed') return;
		expect(first.step).toBe('wait');
		expect(first.error.code).toBe('node.cancelled');
		expect(first.error.message).toContain('lvs-tui node add --name rs3');
		const saved = store.load('rs3');
		expect(saved.ok && saved.value && Object.values(saved.value.steps).map(s => s.status)).toEqual(['done', 'done', 'done', 'pending', 'pending', 'pending', 'pending']);
		expect(statSync(store.path('rs3')).mode & 0o777).toBe(0o600);

		const events: NodeProgress[] = [];
		const second = await add({...request}, {onProgress: e => events.push(e)});
		expect(second.state, second.state === 'failed' ? second.error.message : '').toBe('done');
		expect(events.find(e => e.kind === 'note' && e.text.startsWith('resuming'))).toBeTruthy();
		const ran = events.filter(e => e.kind === 'step' && e.record.status === 'running').map(e => (e as {id: string}).id);
		expect(ran).toEqual(['wait', 'health', 'ipvs', 'config']);
		expect(events.filter(e => e.kind === 'ramp').map(e => (e as {weight: number}).weight)).toEqual([1, 2]);
		// First contact asked about rs3's host key with its SHA256 fingerprint, and recorded it.
		expect(questions.map(q => q.host)).toEqual(['rs3']);
		expect(questions[0].fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
		expect(readFileSync(knownHosts, 'utf8')).toContain(`${rs3.address} ssh-ed25519 `);
		expect(existsSync(store.path('rs3'))).toBe(false);

		const dhcp = await director(`cat ${DHCP}`);
		expect(dhcp.match(/host rs3 \{/g)).toHaveLength(1);
		expect(dhcp).toContain(`fixed-address ${rs3.address};`);
		const valid = await labExec(shellJoin(['dhcpd', '-t', '-cf', DHCP]));
		expect(valid.code, valid.stderr).toBe(0);
		const hosts = await director('cat /etc/hosts');
		expect(hosts.split('\n').filter(l => /\trs3$/.test(l))).toEqual([`${rs3.address}\trs3`]);
		const rules = await director(`ipvsadm -S -n | grep -F -- ${shellJoin([`-t ${vip} `])} || true`);
		expect(rules.split('\n').filter(l => l.includes(`${rs3.address}:80`))).toEqual([`-a -t ${vip} -r ${rs3.address}:80 -m -w 2`]);
		const ks = await director(`stat -c %a ${KS_DIR}/rs3.cfg; grep -c '^rootpw --iscrypted \\$6\\$' ${KS_DIR}/rs3.cfg; grep -c 'lab only pass' ${KS_DIR}/rs3.cfg || true`);
		expect(ks.trim().split('\n')).toEqual(['600', '1', '0']);

		const config = loadConfig();
		expect(config.realServers.find(r => r.name === 'rs3')).toMatchObject({address: rs3.address, mac: rs3.mac, jump: 'director'});
		expect(config.services[0].realServers).toContainEqual({server: 'rs3', port: 80, weight: 2, forward: 'masq'});
		expect(config.panes.find(p => p.host === 'rs3')).toMatchObject({title: 'rs3', number: 3});
		expect(readFileSync(configPath, 'utf8')).toContain('# node tests: the lab cluster with its own service');

		const audit = readFileSync(auditPath, 'utf8').trim().split('\n').map(l => JSON.parse(l) as {source: string; command: string});
		expect(audit.filter(a => a.source === 'node.add').map(a => a.command)).toEqual(
			expect.arrayContaining([expect.stringMatching(/^mv -f .*node-test\.conf/), expect.stringMatching(/^write \/etc\/hosts/), `ipvsadm -a -t ${vip} -r ${rs3.address}:80 -m -w 0`, expect.stringMatching(/^write .*lvs-tui\.yaml/)]),
		);

		const traffic = await director(shellJoin(['lab-traffic', 20, 0, 0, PORT]));
		const answers = traffic.trim().split('\n');
		expect(answers.filter(a => a === 'FAILED')).toEqual([]);
		expect(answers.filter(a => a.startsWith('rs3 ')).length).toBeGreaterThan(0);
		expect(answers.filter(a => a.startsWith('rs1 ')).length).toBeGreaterThan(0);

		// Done means done: a fresh run for the same name now finds it in the config and refuses.
		const again = await add(request);
		expect(again.state).toBe('refused');
		if (again.state === 'refused') expect(again.errors.map(e => e.message).join('\n')).toMatch(/rs3 is already a real server in the cluster config/);
	}, 120_000);

	it('node remove drains rs3 (weight 0 until its connections end), then takes it out of IPVS, the config, DHCP and /etc/hosts', async () => {
		const config = loadConfig();
		// Idle connections through the VIP: round robin puts some of them on rs3.
		await director(shellJoin(["lab-traffic", 0, 4, 6, PORT]));
		const events: NodeProgress[] = [];
		const outcome = await runNodeRemove({config, name: 'rs3', session: session(config), audit: new AuditLog(auditPath), store, drainTimeoutMs: 30_000, drainPollMs: 250, onProgress: e => events.push(e)});
		expect(outcome.state, outcome.state === 'failed' ? outcome.error.message : '').toBe('done');
		const drains = events.filter(e => e.kind === 'drain') as Array<{activeConns: number}>;
		expect(drains.length).toBeGreaterThan(0);
		expect(drains.at(-1)!.activeConns).toBe(0);
		expect(drains.some(d => d.activeConns > 0)).toBe(true);
		const left = await director(`ipvsadm -S -n | grep -F -- ${shellJoin([`-t ${vip} `])} || true`);
		expect(left).not.toContain(rs3.address);
		expect(left).toContain('-r 172.16.0.21:80 -m -w 1');
		expect(await director(`cat ${DHCP}`)).not.toContain('host rs3');
		expect(await director('cat /etc/hosts')).not.toMatch(/\trs3$/m);
		const after = loadConfig();
		expect(after.realServers.map(r => r.name)).not.toContain('rs3');
		expect(after.panes.map(p => p.host)).not.toContain('rs3');
		expect(after.services[0].realServers.map(r => r.server)).toEqual(['rs1']);
		const audit = readFileSync(auditPath, 'utf8');
		expect(audit).toContain(`"command":"ipvsadm -e -t ${vip} -r ${rs3.address}:80 -m -w 0"`);
		expect(audit).toContain(`"command":"ipvsadm -d -t ${vip} -r ${rs3.address}:80"`);
	}, 90_000);

	it('the C-a + wizard: form with a proposed IP, the plan, a first-contact host key question, the run to the end; then its remove path', async () => {
		// rs3 is out again (previous test); forget its key so the first contact asks in the overlay.
		writeFileSync(knownHosts, readFileSync(knownHosts, 'utf8').split('\n').filter(l => !l.startsWith(`${rs3.address} `)).join('\n'), {mode: 0o600});
		const app = createAppStore({}, [createNodeWizardSlice]);
		const state = () => app.getState().nodeWizard;
		const controller = new NodeWizardController({
			get: state,
			update: reduce => app.getState().updateNodeWizard(reduce),
			config: loadConfig(),
			audit: new AuditLog(auditPath),
			readOnly: () => false,
			store,
			timings: TIMINGS,
			session: (node, prompter) => session(loadConfig(), node?.name, node?.ip, prompter),
		});
		const key = (name: string, raw = name) => controller.handleKey({name, raw});
		const type = (text: string) => [...text].forEach(ch => key(ch));
		const until = async (what: string, check: (s: NodeWizardState) => boolean, ms = 60_000) => {
			const end = Date.now() + ms;
			while (!check(state())) {
				if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify({phase: state().phase, message: state().message})}`);
				await new Promise(r => setTimeout(r, 50));
			}
		};
		const frame = () => render(React.createElement(AppContext.Provider, {value: {store: app, keymap: buildKeymap(), panels: new PanelRegistry()} as never}, React.createElement(NodeWizardOverlay, {width: 100, height: 40}))).lastFrame() ?? '';

		controller.open();
		await controller.proposeIp();
		expect(state().values.ip).toMatch(/^172\.16\.0\.\d+$/);
		expect(state().message).toMatch(/^proposed 172\.16\.0\.\d+: the next free address in 172\.16\.0\.0\/16$/);
		expect(state().values.action).toBe('add');
		key('tab');
		type('rs3');
		key('tab');
		type('zz');
		key('enter');
		expect(state().errors.mac).toMatch(/is not a MAC address/);
		key('^U');
		type(rs3.mac);
		key('tab');
		key('^U');
		type(rs3.address);
		key('tab');
		key('^U');
		type('2');
		key('tab');
		key('tab');
		key('space');
		expect(state().values.kickstart).toBe('no');
		const form = frame();
		expect(form).toContain('Add a node');
		expect(form).toContain(`IP address: ${rs3.address}`);
		expect(form).toContain('Kickstart: < no >');
		key('enter');
		await until('the plan', s => s.phase === 'plan');
		expect(state().plan.join('\n')).toContain(`ipvsadm -a -t ${vip} -r ${rs3.address}:80 -m -w 0`);
		expect(frame()).toContain('# dhcp');
		key('r');
		await until('the host key question', s => s.phase === 'hostkey');
		expect(state().question).toMatch(/ED25519 key fingerprint is SHA256:/);
		expect(frame()).toContain('y accept and record it');
		key('y');
		await until('the end of the run', s => s.phase === 'done' || s.phase === 'failed');
		expect(state().message).toMatch(/^rs3 is in the cluster/);
		const done = frame();
		expect(done).toContain('✓ 7. pane and cluster config entry');
		expect(done).toContain('- 3. kickstart file and boot line');
		expect(loadConfig().realServers.map(r => r.name)).toContain('rs3');
		expect(await director(`ipvsadm -S -n | grep -F -- ${shellJoin([`-r ${rs3.address}:80`])}`)).toContain('-w 2');

		// The remove path of the same wizard: plan first, then drain and remove.
		controller.open();
		key('space');
		expect(state().values.action).toBe('remove');
		key('tab');
		type('rs3');
		key('enter');
		key('enter');
		expect(frame()).toContain('Keep its /etc/hosts entry: < no >');
		key('enter');
		await until('the removal plan', s => s.phase === 'plan' || s.phase === 'refused');
		expect(state().plan.join('\n')).toContain(`$ ipvsadm -d -t ${vip} -r ${rs3.address}:80`);
		expect(state().summary).toContain(`would remove ${rs3.address} from tcp ${vip}`);
		expect(loadConfig().realServers.map(r => r.name)).toContain('rs3');
		key('r');
		await until('the end of the removal', s => s.phase === 'done' || s.phase === 'failed');
		expect(state().message).toBe('rs3 is out of the cluster; restart lvs-tui to drop its pane');
		expect(state().summary).toContain(`removed ${rs3.address} from tcp ${vip}`);
		expect(frame()).toContain('Remove a node: rs3');
		expect(loadConfig().realServers.map(r => r.name)).not.toContain('rs3');
		expect(await director(`ipvsadm -S -n; cat ${DHCP} /etc/hosts`)).not.toContain(rs3.address);
	}, 120_000);

	it('a node that never comes up: the wait times out saying how to resume, and the run is saved', async () => {
		const request: NodeAddRequest = {name: 'rs8', mac: '52:54:00:16:00:58', ip: '172.16.0.88', weight: 1, services: [], profile: 'rhel9'};
		const waits: number[] = [];
		const outcome = await add(request, {skipKickstart: true, waitTimeoutMs: 3000, onProgress: e => e.kind === 'wait' && waits.push(e.elapsedMs)});
		expect(outcome.state).toBe('failed');
		if (outcome.state !== 'failed') return;
		expect(outcome.step).toBe('wait');
		expect(outcome.error.code).toBe('node.timeout');
		expect(outcome.error.message).toMatch(/rs8 did not answer on SSH within 3 s/);
		expect(outcome.error.message).toContain('run `lvs-tui node add --name rs8` again to resume');
		expect(waits.length).toBeGreaterThan(0);
		const saved = store.load('rs8');
		expect(saved.ok && saved.value?.steps.kickstart.status).toBe('skipped');
		expect(saved.ok && saved.value?.steps.wait.status).toBe('failed');
		expect(await director(shellJoin(['ipvsadm', '-S', '-n']))).not.toContain('172.16.0.88');
		// Giving up on it: remove finds it by its saved run and takes back the DHCP and hosts entries.
		const config = loadConfig();
		const removed = await runNodeRemove({config, name: 'rs8', session: session(config), audit: new AuditLog(auditPath), store});
		expect(removed.state).toBe('done');
		expect(await director(`cat ${DHCP} /etc/hosts`)).not.toContain('rs8');
		expect(existsSync(store.path('rs8'))).toBe(false);
	}, 60_000);

	it('a health check that fails: the node is not put into service', async () => {
		const added = await labAddHost('rs4', undefined, paths());
		expect(added.ok).toBe(true);
		if (!added.ok) return;
		await director('kill "$(cat /run/lab/rs4.httpd.pid)"; sed -i \'/\\trs4$/d\' /etc/hosts');
		const before = readFileSync(configPath, 'utf8');
		const outcome = await add({name: 'rs4', mac: added.value.mac, ip: added.value.address, weight: 1, services: [], profile: 'rhel9'}, {skipKickstart: true, prompter: accepting});
		expect(outcome.state).toBe('failed');
		if (outcome.state !== 'failed') return;
		expect(outcome.step).toBe('health');
		expect(outcome.error.message).toMatch(/rs4 \(172\.16\.0\.\d+\) does not answer on port 80 from director: it was NOT put into service/);
		expect(await director(shellJoin(['ipvsadm', '-S', '-n']))).not.toContain(`${added.value.address}:`);
		expect(readFileSync(configPath, 'utf8')).toBe(before);
		const config = loadConfig();
		const removed = await runNodeRemove({config, name: 'rs4', session: session(config), audit: new AuditLog(auditPath), store});
		expect(removed.state).toBe('done');
	}, 60_000);
	it('a node that refuses the admin key: one password login adds the key (a wrong password stops, resumable; the wizard asks it masked), then the run finishes on the key', async () => {
		const added = await labAddHost('rs6', undefined, paths());
		expect(added.ok).toBe(true);
		if (!added.ok) return;
		const a6 = added.value.address;
		// A login user whose authorized_keys is empty, and an SSH server on the node that takes passwords.
		const hash = hashRootPassword('rhel9', 'node pw');
		await director([
			`sed -i '/\trs6$/d' /etc/hosts`,
			`grep -q '^nodeadm:' /etc/passwd || { echo 'nodeadm:x:1001:1001::/home/nodeadm:/bin/bash' >> /etc/passwd; echo 'nodeadm:x:1001:' >> /etc/group; ${shellJoin(['printf', '%s\n', `nodeadm:${hash}:19000:0:99999:7:::`])} >> /etc/shadow; }`,
			'rm -rf /home/nodeadm && mkdir -p /home/nodeadm && chown 1001:1001 /home/nodeadm && chmod 755 /home/nodeadm',
			shellJoin(['ip', 'netns', 'exec', 'rs6', 'dropbear', '-p', `${a6}:2222`, '-r', '/etc/lab/keys/rs6', '-P', '/run/lab/rs6-pw.pid']),
			`for i in $(seq 1 100); do ip netns exec rs6 cat /proc/net/tcp | grep -q ':08AE 00000000:0000 0A' && exit 0; sleep 0.05; done; exit 1`,
		].join(' && '));
		const data = parse(readFileSync(configPath, 'utf8'));
		data.realServers[0] = {...data.realServers[0], user: 'nodeadm', port: 2222};
		const pushConfigPath = join(work, 'lvs-tui-push.yaml');
		writeFileSync(pushConfigPath, stringify(data, {lineWidth: 0}), {mode: 0o600});
		const parsed = parseClusterConfig(readFileSync(pushConfigPath, 'utf8'), pushConfigPath);
		if (!parsed.ok) throw new Error(parsed.error.map(e => e.message).join('\n'));
		const config = parsed.value;
		const request: NodeAddRequest = {name: 'rs6', mac: added.value.mac, ip: a6, weight: 1, services: [], profile: 'rhel9'};
		const run = (password: string) =>
			runNodeAdd({config, request, session: session(config, 'rs6', a6), audit: new AuditLog(auditPath), store, timings: TIMINGS, kickstart: {skip: true, nodePassword: async () => password}});
		try {
			const wrong = await run('not it');
			expect(wrong.state).toBe('failed');
			if (wrong.state === 'failed') {
				expect(wrong.step).toBe('wait');
				expect(wrong.error.message).toMatch(/the password for nodeadm@172\.16\.0\.\d+ was not accepted/);
				expect(wrong.error.message).toContain('lvs-tui node add --name rs6');
			}
			// Resumed from the C-a + wizard: the password is asked in the overlay, masked.
			const app = createAppStore({}, [createNodeWizardSlice]);
			const state = () => app.getState().nodeWizard;
			const controller = new NodeWizardController({get: state, update: reduce => app.getState().updateNodeWizard(reduce), config, audit: new AuditLog(auditPath), readOnly: () => false, store, timings: TIMINGS, session: (node, prompter) => session(config, node?.name, node?.ip, prompter)});
			const key = (name: string, raw = name) => controller.handleKey({name, raw});
			const type = (text: string) => [...text].forEach(ch => key(ch));
			const until = async (what: string, check: (s: NodeWizardState) => boolean) => {
				const end = Date.now() + 60_000;
				while (!check(state())) {
					if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify({phase: state().phase, message: state().message})}`);
					await new Promise(r => setTimeout(r, 50));
				}
			};
			controller.open();
			key('tab');
			type('rs6');
			key('tab');
			type(added.value.mac);
			key('tab');
			key('^U');
			type(a6);
			key('tab');
			key('tab');
			key('tab');
			key('space');
			key('enter');
			await until('the plan', s => s.phase === 'plan' || s.phase === 'refused');
			key('r');
			await until('the password question', s => s.phase === 'password' || s.phase === 'failed' || s.phase === 'done');
			expect(state().question).toContain(`Password for nodeadm@rs6`);
			type('node pw');
			expect(state().nodePasswordLength).toBe(7);
			expect(JSON.stringify(state())).not.toContain('node pw');
			key('enter');
			await until('the end of the run', s => s.phase === 'done' || s.phase === 'failed');
			expect(state().message).toMatch(/^rs6 is in the cluster/);
			expect(state().steps.wait?.status).toBe('done');
			const keys = await director('cat /home/nodeadm/.ssh/authorized_keys; stat -c %a /home/nodeadm/.ssh /home/nodeadm/.ssh/authorized_keys');
			const publicKey = readFileSync(`${lab.identityFile}.pub`, 'utf8').trim();
			expect(keys.trim().split('\n')).toEqual([publicKey, '700', '600']);
			const audit = readFileSync(auditPath, 'utf8');
			expect(audit).toContain("append the admin's public key to ~nodeadm/.ssh/authorized_keys (one password login)");
			expect(audit).not.toContain('node pw');
			expect(await director(`ipvsadm -S -n | grep -cF -- ${shellJoin([`-r ${a6}:80`])}`)).toBe('1\n');
			const removed = await runNodeRemove({config: loadPush(), name: 'rs6', session: session(config), audit: new AuditLog(auditPath), store, drainTimeoutMs: 5000});
			expect(removed.state).toBe('done');
		} finally {
			await labExec(`kill "$(cat /run/lab/rs6-pw.pid)"; sed -i '/^nodeadm:/d' /etc/passwd /etc/shadow /etc/group; rm -rf /home/nodeadm`);
			await labRemoveHost('rs6', paths());
		}
		function loadPush(): ClusterConfig {
			const again = parseClusterConfig(readFileSync(pushConfigPath, 'utf8'), pushConfigPath);
			if (!again.ok) throw new Error(again.error.map(e => e.message).join('\n'));
			return again.value;
		}
	}, 120_000);
});
