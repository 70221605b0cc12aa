// doctor, the kernel wizard and a kickstart written to the director, on the lab VM: a real
// kernel WITH IPVS (Debian's), reached through the product's own ssh2 transport.
import {readFileSync} from 'node:fs';
import {afterAll, describe, expect, it} from 'vitest';
import {parseClusterConfig} from '../../source/domain/config/config-loader.js';
import type {ClusterConfig} from '../../source/domain/config/cluster-config.js';
import {AuditLog} from '../../source/services/audit-log.js';
import {doctorContext, probeHost} from '../../source/services/doctor-service.js';
import {WizardController} from '../../source/services/wizard-controller.js';
import {createHostTransports} from '../../source/services/host-transports.js';
import {createAppStore} from '../../source/store/app-store.js';
import {createWizardSlice} from '../../source/store/wizard-slice.js';
import {wizardView} from '../../source/ui/wizards/wizard-lines.js';
import {labAvailable, labExec, labInfo} from '../helpers/lab.js';
import {missing} from '../helpers/requirements.js';
import {mkdtempSync, rmSync} from 'node:fs';
import {spawnSync} from 'node:child_process';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

describe.skipIf(missing(labAvailable))('wizards on the lab director (IPVS present)', () => {
	const lab = labInfo();
	const parsed = parseClusterConfig(readFileSync(lab.configPath, 'utf8'), lab.configPath);
	if (!parsed.ok) throw new Error(parsed.error.map(e => e.message).join('\n'));
	const config: ClusterConfig = parsed.value;
	const hosts = createHostTransports(config);
	const work = mkdtempSync(join(tmpdir(), 'lvs-tui-wizlab-'));
	afterAll(() => {
		hosts.close();
		rmSync(work, {recursive: true, force: true});
	});

	it('doctor finds IPVS loaded, its schedulers, ipvsadm and forwarding on the director', async () => {
		const director = config.director.name;
		const report = await probeHost({name: director, role: 'director', runner: hosts.get(director)!.runner}, doctorContext(config), 60_000);
		expect(report.error).toBeUndefined();
		const facts = report.facts!;
		expect(facts.release).toBe(lab.kernelVersion);
		expect(facts.ipvsPresent).toBe(true);
		expect(facts.ipvsVersion).toBe('1.2.1');
		expect(facts.schedulersAvailable).toEqual(expect.arrayContaining(['rr', 'wrr', 'lc', 'wlc', 'sh', 'dh', 'mh']));
		const byId = Object.fromEntries(report.checks.map(c => [c.id, c]));
		expect(byId.ipvs).toMatchObject({status: 'ok', detail: expect.stringContaining('IPVS 1.2.1')});
		expect(byId.schedulers.status).toBe('ok');
		expect(byId.ipvsadm.status).toBe('ok');
		expect(byId.ip_forward.status).toBe('ok');
	});

	it('doctor on a real server behind the director: its default route is the DIP', async () => {
		const rs = config.realServers[0];
		const report = await probeHost({name: rs.name, role: 'realserver', runner: hosts.get(rs.name)!.runner}, doctorContext(config), 60_000);
		expect(report.error).toBeUndefined();
		expect(report.checks.find(c => c.id === 'gateway')).toMatchObject({status: 'ok', detail: `default via ${lab.dip}`});
	});

	it('the kernel wizard on the director: IPVS is there, so no build checklist', async () => {
		const store = createAppStore({}, [createWizardSlice]);
		const controller = new WizardController({
			get: () => store.getState().wizard,
			update: reduce => store.getState().updateWizard(reduce),
			config,
			host: name => hosts.get(name),
			audit: new AuditLog(join(work, 'audit.log')),
			readOnly: () => false,
		});
		controller.handleKey({name: '1', raw: '1'});
		await controller.prepare();
		const state = store.getState().wizard;
		const text = [...wizardView(state, controller.definitions, false).head, ...wizardView(state, controller.definitions, false).body].map(l => l.text).join('\n');
		expect(text).toMatch(/IPVS in the kernel\s+ok/);
		expect(state.plan?.steps.some(s => s.kind === 'pane') ?? false).toBe(false);
		expect(['plan', 'done']).toContain(state.phase);
	});

	it('a kickstart goes to the director over SFTP, mode 0600, atomically, and is audited', async () => {
		const {prepareKickstartWrite} = await import('../../source/services/kickstart-target.js');
		const {runPlan} = await import('../../source/services/wizard-runner.js');
		const director = config.director.name;
		await labExec('rm -rf /tmp/lvs-tui-ks && mkdir -p /tmp/lvs-tui-ks');
		const prepared = await prepareKickstartWrite(director, hosts.get(director)!, '/tmp/lvs-tui-ks/rs3.cfg', 'text\nrootpw --iscrypted $6$abc$def\n');
		if (!prepared.ok) throw new Error(prepared.error.message);
		const audit = new AuditLog(join(work, 'audit.log'));
		const outcome = await runPlan(prepared.value.plan, {host: name => hosts.get(name), audit, source: 'wizard.kickstart', readOnly: false});
		expect(outcome.state).toBe('done');
		const check = await labExec('stat -c %a /tmp/lvs-tui-ks/rs3.cfg && cat /tmp/lvs-tui-ks/rs3.cfg && ls -a /tmp/lvs-tui-ks');
		expect(check.stdout).toBe('600\ntext\nrootpw --iscrypted $6$abc$def\n.\n..\nrs3.cfg\n');
		expect(readFileSync(audit.path, 'utf8')).toContain(`"host":"${director}","command":"write /tmp/lvs-tui-ks/rs3.cfg (mode 600)"`);
		await labExec('rm -rf /tmp/lvs-tui-ks');
	});

	it('a missing kickstart directory on the director is named before anything is written', async () => {
		const {prepareKickstartWrite} = await import('../../source/services/kickstart-target.js');
		const director = config.director.name;
		await labExec('rm -rf /tmp/lvs-tui-ks-missing');
		const result = await prepareKickstartWrite(director, hosts.get(director)!, '/tmp/lvs-tui-ks-missing/rs3.cfg', 'x\n');
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.error.message).toContain(`the kickstart directory /tmp/lvs-tui-ks-missing does not exist on ${director}`);
	});

	describe('the commands against the lab config', () => {
		const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
		const lvsTui = (args: string[], input = '') => {
			const env = {...process.env, XDG_STATE_HOME: join(work, 'state')};
			const r = spawnSync(process.execPath, [cli, ...args, '--config', lab.configPath], {cwd: work, env, input, encoding: 'utf8', timeout: 120_000});
			return {code: r.status, stdout: r.stdout, stderr: r.stderr};
		};

		it('doctor passes on the director and every real server (exit 0), as a table and as JSON', () => {
			const table = lvsTui(['doctor']);
			expect(table.stderr).toBe('');
			expect(table.code).toBe(0);
			for (const name of [config.director.name, ...config.realServers.map(r => r.name)]) expect(table.stdout).toContain(name);
			expect(table.stdout).toMatch(/IPVS in the kernel\s+ok\s+loaded \(IPVS 1\.2\.1/);
			expect(table.stdout).toMatch(/default route via the DIP\s+ok/);
			const json = JSON.parse(lvsTui(['doctor', '--json', config.director.name]).stdout);
			expect(json.hosts.map((h: {host: string}) => h.host)).toEqual([config.director.name]);
		});

		it("kickstart --to-director: the director's /kickstart does not exist, said before writing", async () => {
			await labExec('rm -rf /kickstart');
			const r = lvsTui(['kickstart', '--name', 'rs3', '--ip', '172.16.0.23', '--mac', '00:16:3e:aa:bb:03', '--profile', 'rhel9', '--to-director', '--root-password-stdin'], 'pw\n');
			expect(r.code).toBe(1);
			expect(r.stderr).toContain(`the kickstart directory /kickstart does not exist on ${config.director.name}`);
		});

		it("kickstart --to-director writes /kickstart/rs3.cfg on the director, mode 0600", async () => {
			await labExec('mkdir -p /kickstart');
			try {
				const r = lvsTui(['kickstart', '--name', 'rs3', '--ip', '172.16.0.23', '--mac', '00:16:3e:aa:bb:03', '--profile', 'rh72', '--to-director', '--root-password-stdin'], 'pw\n');
				expect(r.stderr).toBe('');
				expect(r.code).toBe(0);
				expect(r.stdout).toContain(`linux ks=nfs:${lab.dip}:/kickstart/rs3.cfg`);
				const check = await labExec('stat -c %a /kickstart/rs3.cfg && grep -c "auth --enablemd5" /kickstart/rs3.cfg');
				expect(check.stdout).toBe('600\n1\n');
			} finally {
				await labExec('rm -rf /kickstart');
			}
		});

		it("dhcp-host on the director's dhcpd.conf: add (validated by the VM's dhcpd -t), refuse a range address, remove; file as before", async () => {
			const conf = '/etc/dhcp/dhcpd.conf';
			const before = (await labExec(`md5sum ${conf} && ls /etc/dhcp`)).stdout;
			try {
				const add = lvsTui(['dhcp-host', '--name', 'wiz9', '--mac', '00:16:3e:77:00:98', '--ip', '172.16.0.98', '--yes']);
				expect(add.stderr).toBe('');
				expect(add.code).toBe(0);
				expect(add.stdout).toMatch(/ok   3\. validate it with dhcpd -t/);
				const check = await labExec(`grep -A3 'host wiz9' ${conf} && dhcpd -t -cf ${conf} 2>&1 | tail -1; echo rc=$?`);
				expect(check.stdout).toContain('hardware ethernet 00:16:3e:77:00:98;');
				expect(check.stdout).toContain('fixed-address 172.16.0.98;');
				const inRange = lvsTui(['dhcp-host', '--name', 'wiz8', '--mac', '00:16:3e:77:00:97', '--ip', '172.16.0.110', '--yes']);
				expect(inRange.code).toBe(1);
				expect(inRange.stderr).toMatch(new RegExp(`${conf}:\\d+: 172\\.16\\.0\\.110 is inside the dynamic range 172\\.16\\.0\\.100-172\\.16\\.0\\.120`));
				const remove = lvsTui(['dhcp-host', '--remove', '--name', 'wiz9', '--yes']);
				expect(remove.code).toBe(0);
				expect((await labExec(`md5sum ${conf}`)).stdout).toBe(before.split('\n')[0] + '\n');
			} finally {
				// Our backups only (whatever appeared in /etc/dhcp since); the file itself is back as it was.
				const existed = new Set(before.split('\n').slice(1));
				const now = (await labExec('ls /etc/dhcp')).stdout.split('\n').filter(f => f.startsWith('dhcpd.conf.lvs-tui-') && !existed.has(f));
				if (now.length) await labExec(['rm', '-f', ...now.map(f => `/etc/dhcp/${f}`)].join(' '));
			}
		});
	});
});
