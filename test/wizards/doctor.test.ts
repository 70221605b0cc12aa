// doctor on hosts WITHOUT IPVS: this machine's own kernel (CONFIG_IP_VS is not set), through the
// local runner and through a real sshd in a network namespace; the probe parser on the capture.
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {evaluateHost, type DoctorContext} from '../../source/domain/wizards/doctor-checks.js';
import {parseProbe, splitProbeOutput} from '../../source/domain/wizards/doctor-probe.js';
import {formatDoctorTable} from '../../source/domain/wizards/doctor-table.js';
import {formatPlan} from '../../source/domain/wizards/wizard-plan.js';
import {AuditLog} from '../../source/services/audit-log.js';
import {probeHost} from '../../source/services/doctor-service.js';
import {runPlan} from '../../source/services/wizard-runner.js';
import {LocalCommandRunner} from '../../source/transports/local-command-runner.js';
import {startSshHost, type SshHost} from '../helpers/netns-sshd.js';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';
import {OpenSshRunner} from './openssh-runner.js';

const capture = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'wizards', 'probe-debian12-kernel-6.18-no-ipvs.txt'), 'utf8');
const natContext: DoctorContext = {lvsType: 'nat', dip: '172.16.0.1', network: '172.16.0.0/16', vips: ['192.168.155.50'], schedulers: ['wlc']};

describe('the probe capture from a kernel without IPVS', () => {
	it('has every section and reads into facts', () => {
		expect([...splitProbeOutput(capture).keys()]).toHaveLength(19);
		const facts = parseProbe(capture);
		expect(facts).toMatchObject({
			release: '6.18.44-fc-v657',
			machine: 'x86_64',
			ipvsPresent: false,
			ipvsLoadable: false,
			kernelConfigSource: '/proc/config.gz',
			kernelConfig: {CONFIG_IP_VS: 'n'},
			ipvsadmPath: null,
			packageManagers: ['apt-get'],
			os: {id: 'debian', version: '12'},
			missing: [],
		});
		expect(facts.modprobeOutput).toContain('Module ip_vs not found');
	});

	it('a director there fails IPVS with the modern-kernel build checklist, and ipvsadm with the apt command', () => {
		const checks = evaluateHost('director', 'director', parseProbe(capture), natContext);
		const ipvs = checks.find(c => c.id === 'ipvs')!;
		expect(ipvs.status).toBe('fail');
		expect(ipvs.detail).toContain('CONFIG_IP_VS is not set in /proc/config.gz');
		const steps = ipvs.fix!.steps;
		expect(steps.every(s => s.kind === 'pane')).toBe(true);
		const commands = steps.map(s => (s.kind === 'pane' ? s.command : ''));
		expect(commands).toContain('cd /usr/src/linux-6.18.44 && zcat /proc/config.gz > .config');
		expect(commands.find(c => c.startsWith('scripts/config'))).toBe('scripts/config --module IP_VS --enable IP_VS_PROTO_TCP --enable IP_VS_PROTO_UDP --module IP_VS_RR --module IP_VS_WRR --module IP_VS_LC --module IP_VS_WLC --module IP_VS_LBLC --module IP_VS_LBLCR && make olddefconfig');
		expect(commands.some(c => c.includes('patch -p1'))).toBe(false);
		expect(commands.at(-1)).toContain('cat /proc/net/ip_vs');
		const ipvsadm = checks.find(c => c.id === 'ipvsadm')!;
		expect(ipvsadm).toMatchObject({status: 'fail', detail: 'not installed; install with: apt-get install -y ipvsadm'});
		expect(ipvsadm.fix!.steps).toEqual([{kind: 'run', host: 'director', title: 'install with apt-get', command: 'apt-get install -y ipvsadm'}]);
		expect(formatDoctorTable(checks)).toMatch(/director\s+IPVS in the kernel\s+FAIL\s+kernel 6\.18\.44-fc-v657 has no IPVS/);
	});
});

describe('the probe capture from the lab director (Debian 6.1 kernel, IPVS loaded)', () => {
	const lab = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'wizards', 'probe-lab-director-debian-6.1-ipvs.txt'), 'utf8');

	it('reads IPVS, the kernel config, every scheduler on disk and the loaded ones', () => {
		const facts = parseProbe(lab);
		expect(facts).toMatchObject({release: '6.1.0-56-amd64', ipvsPresent: true, ipvsVersion: '1.2.1', ipvsLoadable: true, kernelConfigSource: '/boot/config-6.1.0-56-amd64', ipvsadmPath: '/sbin/ipvsadm', ipForward: true, defaultVia: '10.0.2.2', packageManagers: [], missing: []});
		expect(facts.kernelConfig).toMatchObject({CONFIG_IP_VS: 'm', CONFIG_IP_VS_WLC: 'm', CONFIG_IP_VS_TWOS: 'n', CONFIG_IP_VS_PROTO_TCP: 'y'});
		expect(facts.schedulersAvailable).toEqual(['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh']);
		expect(facts.schedulersLoaded).toEqual(['mh', 'ovf', 'fo', 'nq', 'sed', 'sh', 'dh', 'lblcr', 'lblc', 'wlc', 'lc', 'wrr', 'rr']);
		expect(facts.addresses).toContainEqual({device: 'eth0', cidr: '10.0.2.50/32', label: 'eth0:50'});
		expect(facts.nftRuleset).toBeNull();
	});

	it('every director check passes, the masquerade rule for the private network is found', () => {
		const checks = evaluateHost('director', 'director', parseProbe(lab), natContext);
		expect(checks.filter(c => c.status === 'fail')).toEqual([]);
		expect(checks.find(c => c.id === 'masquerade')).toMatchObject({status: 'ok', detail: 'traffic from 172.16.0.0/16 is masqueraded'});
		expect(evaluateHost('director', 'director', parseProbe(lab), {...natContext, network: '10.9.0.0/16'}).find(c => c.id === 'masquerade')?.status).toBe('warn');
		expect(evaluateHost('director', 'director', parseProbe(lab), {...natContext, schedulers: ['twos']}).find(c => c.id === 'schedulers')).toMatchObject({status: 'fail', detail: expect.stringContaining('the config uses twos')});
	});

	it('a DR real server there fails the arp and VIP-on-lo checks with fixes', () => {
		const checks = evaluateHost('rs1', 'realserver', parseProbe(lab), {...natContext, lvsType: 'dr', vips: ['10.0.2.50']});
		expect(checks.find(c => c.id === 'arp')).toMatchObject({status: 'fail', detail: 'arp_ignore=0 arp_announce=0 (need 1 and 2)'});
		expect(checks.find(c => c.id === 'vip-on-lo')?.fix?.steps).toEqual([{kind: 'run', host: 'rs1', title: 'add 10.0.2.50 to lo', command: 'ip addr add 10.0.2.50/32 dev lo label lo:0'}]);
	});
});

describe('the package manager when no package tool answered', () => {
	it('comes from /etc/os-release: dnf for RHEL 8+, yum for RHEL 7, apt-get for Debian', async () => {
		const {managerFromOs} = await import('../../source/domain/wizards/doctor-checks.js');
		expect(managerFromOs({id: 'rocky', idLike: 'rhel centos fedora', version: '9.3'})).toBe('dnf');
		expect(managerFromOs({id: 'centos', idLike: 'rhel fedora', version: '7'})).toBe('yum');
		expect(managerFromOs({id: 'debian', version: '12'})).toBe('apt-get');
		expect(managerFromOs({})).toBeUndefined();
	});
});

describe('the legacy checklist for the seed\'s 2.2.19 kernel', () => {
	const facts = {...parseProbe(capture), release: '2.2.19-6.2.1', machine: 'i686', bootFiles: ['/etc/lilo.conf'], cmdline: 'auto BOOT_IMAGE=linux ro root=/dev/hdb1', kernelConfigSource: null, kernelConfig: {}};
	it('patches, configures with the seed\'s options, builds, adds a lilo entry, runs lilo, reboots, verifies', () => {
		const fix = evaluateHost('rs1', 'director', facts, natContext).find(c => c.id === 'ipvs')!.fix!;
		const text = formatPlan(fix);
		const commands = fix.steps.map(s => (s.kind === 'pane' ? s.command : ''));
		expect(commands).toEqual([
			'cd /usr/src && tar xf /usr/src/linux-2.2.19.tar.gz && cd /usr/src/linux',
			'cd /usr/src/linux && patch -p1 --dry-run < /usr/src/ipvs-1.0.8-2.2.19/ipvs-1.0.8-2.2.19.patch',
			'patch -p1 < /usr/src/ipvs-1.0.8-2.2.19/ipvs-1.0.8-2.2.19.patch',
			'make menuconfig',
			'make dep && make clean && make bzImage && make modules && make modules_install',
			'cp arch/i386/boot/bzImage /boot/vmlinuz-2.2.19 && cp System.map /boot/System.map-2.2.19',
			"cat >> /etc/lilo.conf <<'LVS_TUI_EOF'\nimage=/boot/vmlinuz-2.2.19\n\tlabel=linux-2.2.19\n\tread-only\n\troot=/dev/hdb1\nLVS_TUI_EOF",
			'/sbin/lilo -v',
			'/sbin/init 6',
			'uname -r && modprobe ip_vs; cat /proc/net/ip_vs && ipvsadm -Ln',
		]);
		expect(text).toContain('[*] IP: masquerading virtual server support  (CONFIG_IP_MASQUERADE_VS)');
		expect(text).toContain('<M> IPVS: weighted least-connection scheduling  (CONFIG_IP_MASQUERADE_VS_WLC)');
		expect(text).toContain('<M> IPVS: locality-based least-connection with replication scheduling  (CONFIG_IP_MASQUERADE_VS_LBLCR)');
	});

	it('a 2.4.20 kernel with grub gets the patch and a grub entry; 2.4.23+ needs no patch', () => {
		const fix = evaluateHost('rs1', 'director', {...facts, release: '2.4.20-8', bootFiles: ['/boot/grub/grub.conf']}, natContext).find(c => c.id === 'ipvs')!.fix!;
		const commands = fix.steps.map(s => (s.kind === 'pane' ? s.command : ''));
		expect(commands.some(c => c.startsWith('patch -p1 <'))).toBe(true);
		expect(commands).toContain("cat >> /boot/grub/grub.conf <<'LVS_TUI_EOF'\ntitle Linux 2.4.20 (IPVS)\n\troot (hd0,0)\n\tkernel /boot/vmlinuz-2.4.20 ro root=/dev/hdb1\nLVS_TUI_EOF");
		const merged = evaluateHost('rs1', 'director', {...facts, release: '2.4.31'}, natContext).find(c => c.id === 'ipvs')!.fix!;
		expect(merged.steps.some(s => s.kind === 'pane' && s.command.includes('patch'))).toBe(false);
	});
});

describe('doctor on this machine (no IPVS) through the local runner', () => {
	it('probes in one command and reports the kernel without IPVS', async () => {
		const report = await probeHost({name: 'local', role: 'director', runner: new LocalCommandRunner()}, natContext);
		expect(report.error).toBeUndefined();
		expect(report.facts?.release).toBe((await new LocalCommandRunner().exec('uname -r')).stdout.trim());
		expect(report.facts?.missing).toEqual([]);
		expect(report.checks.find(c => c.id === 'ipvs')?.status).toBe('fail');
		expect(report.checks.find(c => c.id === 'schedulers')?.status).toBe('unknown');
	});
});

describe.skipIf(missing(isRoot, hasCommand('sshd'), hasCommand('ssh')))('doctor and its fixes on a namespace SSH host (this kernel, no IPVS)', () => {
	let host: SshHost;
	let runner: OpenSshRunner;
	const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-doctor-'));
	beforeAll(async () => {
		host = await startSshHost({name: 'doc'});
		runner = new OpenSshRunner('rs9', host);
	});
	afterAll(async () => {
		await host?.stop();
		rmSync(dir, {recursive: true, force: true});
	});

	it('a NAT real server without a default route fails; its fix, run through the runner, makes it pass', async () => {
		const ctx = {...natContext, dip: host.peerAddress};
		const before = await probeHost({name: 'rs9', role: 'realserver', runner}, ctx);
		expect(before.error).toBeUndefined();
		const gateway = before.checks.find(c => c.id === 'gateway')!;
		expect(gateway.status).toBe('fail');
		expect(gateway.detail).toContain(`no default route: LVS-NAT replies need one via the DIP ${host.peerAddress}`);
		const audit = new AuditLog(join(dir, 'audit.log'));
		const outcome = await runPlan(gateway.fix!, {host: () => ({runner}), audit, source: 'wizard.doctor', readOnly: false});
		expect(outcome.state).toBe('done');
		expect(host.exec(['ip', 'netns', 'exec', host.netns, 'ip', '-4', 'route', 'show', 'default'])).toContain(`default via ${host.peerAddress}`);
		const after = await probeHost({name: 'rs9', role: 'realserver', runner}, ctx);
		expect(after.checks.find(c => c.id === 'gateway')).toMatchObject({status: 'ok', detail: `default via ${host.peerAddress}`});
		expect(readFileSync(audit.path, 'utf8')).toContain(`ip route replace default via ${host.peerAddress}`);
	});

	it('as a director it has no IPVS, IP forwarding is off in the namespace, and the forwarding fix works live', async () => {
		const report = await probeHost({name: 'rs9', role: 'director', runner}, natContext);
		expect(report.checks.find(c => c.id === 'ipvs')?.status).toBe('fail');
		const forward = report.checks.find(c => c.id === 'ip_forward')!;
		expect(forward.status).toBe('fail');
		// Only the live half: the sysctl.d file would land in this machine's /etc (namespaces share it).
		const live = {...forward.fix!, steps: forward.fix!.steps.filter(s => s.kind === 'run')};
		const outcome = await runPlan(live, {host: () => ({runner}), audit: new AuditLog(join(dir, 'audit.log')), source: 'wizard.doctor', readOnly: false});
		expect(outcome.state).toBe('done');
		const after = await probeHost({name: 'rs9', role: 'director', runner}, natContext);
		expect(after.checks.find(c => c.id === 'ip_forward')?.status).toBe('ok');
	});

	it('an unreachable host is a failed row, not an exception', async () => {
		host.freeze();
		try {
			const report = await probeHost({name: 'rs9', role: 'realserver', runner}, natContext, 3000);
			expect(report.checks).toEqual([expect.objectContaining({id: 'reach', status: 'fail'})]);
		} finally {
			host.unfreeze();
		}
	});
});
