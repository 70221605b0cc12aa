// doctor, the kernel wizard and a kickstart written to the director, on the lab VM: a real
// kernel WITH IPVS (Debian's), reached through the product's own ssh2 transport.
import {readFileSync} from 'node:fs';
import {afterAll, describe, expect, it} from 'vitest';
import {parseClusterConfig} from '../../source/domain/config/config-loader.js';
import type {ClusterConfig} from '../../source/domain/config/cluster-config.js';
import {AuditLog} from '../../source/services/audit-log.js';
import {doctorContext, probeHost} from '../../source/services/doctor-service.js';
import {WizardController} from '../../source/services/wizard-controller.js';
import {WizardHosts} from '../../source/services/wizard-hosts.js';
import {createAppStore} from '../../source/store/app-store.js';
import {createWizardSlice} from '../../source/store/wizard-slice.js';
import {wizardView} from '../../source/ui/wizards/wizard-lines.js';
import {labAvailable, labExec, labInfo} from '../helpers/lab.js';
import {missing} from '../helpers/requirements.js';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

describe.skipIf(missing(labAvailable))('wizards on the lab director (IPVS present)', () => {
	const lab = labInfo();
	const parsed = parseClusterConfig(readFileSync(lab.configPath, 'utf8'), lab.configPath);
	if (!parsed.ok) throw new Error(parsed.error.map(e => e.message).join('\n'));
	const config: ClusterConfig = parsed.value;
	const hosts = new WizardHosts(config);
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
});
