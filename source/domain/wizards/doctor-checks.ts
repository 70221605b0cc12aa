// What `doctor` concludes from a host's facts: one row per check, and for each failed check the
// plan that fixes it (run with confirmation by the wizard or `doctor --fix`).
import type {LvsType} from '../config/cluster-config.js';
import {shellJoin} from '../shell-quote.js';
import type {HostFacts, PackageManager} from './doctor-probe.js';
import {legacyKernelChecklist, type LegacyKernelOptions} from './kernel-legacy-checklist.js';
import {formatCidr, parseCidr} from '../config/address.js';
import {ipv4ToNumber} from '../net/ip-address.js';
import type {Plan} from './wizard-plan.js';

export type CheckStatus = 'ok' | 'fail' | 'warn' | 'info' | 'unknown';

export interface DoctorCheck {
	host: string;
	id: string;
	title: string;
	status: CheckStatus;
	detail: string;
	fix?: Plan;
}

export interface DoctorContext {
	lvsType: LvsType;
	/** The director's inside address (real servers' gateway in LVS-NAT). */
	dip?: string;
	/** The real servers' network, CIDR. */
	network?: string;
	vips: string[];
	/** Schedulers the config's services use. */
	schedulers: string[];
	/** The admin's choices for the build checklist of a kernel without IPVS (version, source, patch). */
	legacy?: LegacyKernelOptions;
}

export type HostRole = 'director' | 'realserver';

export const MODULES_LOAD_FILE = '/etc/modules-load.d/ipvs.conf';
export const SYSCTL_FILE = '/etc/sysctl.d/90-lvs-tui.conf';

export function installCommand(manager: PackageManager, pkg: string): string {
	switch (manager) {
		case 'apt-get':
			return shellJoin(['apt-get', 'install', '-y', pkg]);
		case 'apk':
			return shellJoin(['apk', 'add', pkg]);
		case 'zypper':
			return shellJoin(['zypper', '--non-interactive', 'install', pkg]);
		default:
			return shellJoin([manager, 'install', '-y', pkg]);
	}
}

function ipvsCheck(host: string, facts: HostFacts, ctx: DoctorContext): DoctorCheck {
	const base = {host, id: 'ipvs', title: 'IPVS in the kernel'};
	if (facts.ipvsPresent) return {...base, status: 'ok', detail: `loaded (IPVS ${facts.ipvsVersion ?? 'version unknown'}, /proc/net/ip_vs present)`};
	const wanted = [...new Set(ctx.schedulers.length ? ctx.schedulers : ['wlc'])];
	if (facts.ipvsLoadable) {
		const modules = ['ip_vs', ...wanted.filter(s => facts.schedulersAvailable.includes(s)).map(s => `ip_vs_${s}`)];
		return {
			...base,
			status: 'fail',
			detail: 'not loaded, but the module is there (modprobe -n ip_vs succeeds)',
			fix: {
				title: `load IPVS on ${host} now and at every boot`,
				steps: [
					{kind: 'run', host, title: 'load the modules now', command: shellJoin(['modprobe', '-a', ...modules])},
					{kind: 'write', host, title: 'load them at boot', path: MODULES_LOAD_FILE, content: modules.join('\n') + '\n', mode: 0o644},
					{kind: 'run', host, title: 'check', command: 'cat /proc/net/ip_vs', readOnly: true},
				],
			},
		};
	}
	const config = facts.kernelConfig.CONFIG_IP_VS;
	if (config === 'y' || config === 'm') {
		return {
			...base,
			status: 'fail',
			detail: `the kernel was configured with CONFIG_IP_VS=${config} (${facts.kernelConfigSource}) but the module cannot be loaded: ${facts.modprobeOutput.split('\n')[0] || 'modprobe failed'} — install the modules package of kernel ${facts.release}`,
		};
	}
	const why = config === 'n' ? `CONFIG_IP_VS is not set in ${facts.kernelConfigSource}` : facts.kernelConfigSource ? `no CONFIG_IP_VS in ${facts.kernelConfigSource}` : 'no kernel config to read, and no ip_vs module';
	return {
		...base,
		status: 'fail',
		detail: `kernel ${facts.release ?? '?'} has no IPVS (${why}): build one with IPVS (the legacy checklist)`,
		fix: legacyKernelChecklist(host, facts, {schedulers: wanted.length > 1 || wanted[0] !== 'wlc' ? wanted : undefined, ...ctx.legacy}),
	};
}

function schedulerCheck(host: string, facts: HostFacts, ctx: DoctorContext): DoctorCheck {
	const base = {host, id: 'schedulers', title: 'IPVS schedulers'};
	const loaded = facts.schedulersLoaded.length ? `; loaded: ${facts.schedulersLoaded.join(' ')}` : '';
	if (!facts.ipvsPresent && !facts.ipvsLoadable) return {...base, status: 'unknown', detail: 'no IPVS in this kernel'};
	const missing = ctx.schedulers.filter(s => !facts.schedulersAvailable.includes(s));
	const available = facts.schedulersAvailable.join(' ') || 'none found';
	if (missing.length) return {...base, status: 'fail', detail: `the config uses ${missing.join(', ')}, not available in this kernel (available: ${available}${loaded})`};
	return {...base, status: facts.schedulersAvailable.length ? 'ok' : 'warn', detail: `available: ${available}${loaded}`};
}

/** When no package tool answered (a minimal PATH), guess from /etc/os-release. */
export function managerFromOs(os: HostFacts['os']): PackageManager | undefined {
	const ids = `${os.id ?? ''} ${os.idLike ?? ''}`.toLowerCase();
	if (/debian|ubuntu/.test(ids)) return 'apt-get';
	if (/rhel|fedora|centos|rocky|almalinux/.test(ids)) return Number((os.version ?? '').split('.')[0]) >= 8 || os.id === 'fedora' ? 'dnf' : 'yum';
	if (/suse/.test(ids)) return 'zypper';
	if (/alpine/.test(ids)) return 'apk';
	return undefined;
}

function ipvsadmCheck(host: string, facts: HostFacts): DoctorCheck {
	const base = {host, id: 'ipvsadm', title: 'ipvsadm installed'};
	if (facts.ipvsadmPath) return {...base, status: 'ok', detail: facts.ipvsadmPath};
	const manager = facts.packageManagers[0] ?? managerFromOs(facts.os);
	if (!manager) return {...base, status: 'fail', detail: 'not installed, and no apt-get/dnf/yum found: build it from http://www.linuxvirtualserver.org/software/ipvs.html'};
	return {
		...base,
		status: 'fail',
		detail: `not installed; install with: ${installCommand(manager, 'ipvsadm')}`,
		fix: {title: `install ipvsadm on ${host}`, steps: [{kind: 'run', host, title: `install with ${manager}`, command: installCommand(manager, 'ipvsadm')}]},
	};
}

function forwardCheck(host: string, facts: HostFacts, ctx: DoctorContext): DoctorCheck {
	const base = {host, id: 'ip_forward', title: 'IP forwarding'};
	if (facts.ipForward === null) return {...base, status: 'unknown', detail: 'cannot read /proc/sys/net/ipv4/ip_forward'};
	if (facts.ipForward) return {...base, status: 'ok', detail: 'net.ipv4.ip_forward = 1'};
	if (ctx.lvsType !== 'nat') return {...base, status: 'info', detail: `off (LVS-${ctx.lvsType.toUpperCase()} does not need it)`};
	return {
		...base,
		status: 'fail',
		detail: 'off: an LVS-NAT director must forward the real servers\' replies',
		fix: {
			title: `turn on IP forwarding on ${host} now and at every boot`,
			steps: [
				{kind: 'run', host, title: 'now', command: 'sysctl -w net.ipv4.ip_forward=1'},
				{kind: 'write', host, title: 'at boot', path: SYSCTL_FILE, content: '# lvs-tui: an LVS-NAT director forwards for its real servers\nnet.ipv4.ip_forward = 1\n', mode: 0o644},
			],
		},
	};
}

/** Does an iptables -S or nft ruleset masquerade traffic from `network`? */
export function hasMasquerade(facts: HostFacts, network: string): boolean {
	const source = new RegExp(`(^|\\s)-s ${network.replace(/\./g, '\\.')}(\\s|$)`);
	const ipt = (facts.iptablesNat ?? '').split('\n').some(line => /-j MASQUERADE\b/.test(line) && source.test(line));
	const nft = (facts.nftRuleset ?? '').split('\n').some(line => line.includes('masquerade') && line.includes(`ip saddr ${network}`));
	return ipt || nft;
}

function natCheck(host: string, facts: HostFacts, ctx: DoctorContext): DoctorCheck | null {
	if (ctx.lvsType !== 'nat') return null;
	const base = {host, id: 'masquerade', title: 'NAT masquerade for the real servers'};
	const net = ctx.network ? parseCidr(ctx.network) : null;
	if (!net) return {...base, status: 'unknown', detail: 'the config gives no dip.network (the real servers\' network), so there is nothing to check'};
	const network = formatCidr(net);
	if (facts.natUnreadable) return {...base, status: 'unknown', detail: 'reading the firewall needs root on this host'};
	if (facts.iptablesNat === null && facts.nftRuleset === null) return {...base, status: 'unknown', detail: 'neither iptables nor nft answered'};
	if (hasMasquerade(facts, network)) return {...base, status: 'ok', detail: `traffic from ${network} is masqueraded`};
	const useIptables = facts.iptablesNat !== null;
	const steps: Plan['steps'] = useIptables
		? [{kind: 'run', host, title: 'masquerade the real servers\' traffic to the outside', command: shellJoin(['iptables', '-t', 'nat', '-A', 'POSTROUTING', '-s', network, '!', '-d', network, '-j', 'MASQUERADE'])}]
		: [
				{kind: 'run', host, title: 'a NAT table for lvs-tui', command: 'nft add table ip lvs_tui'},
				{kind: 'run', host, title: 'its postrouting chain', command: "nft 'add chain ip lvs_tui postrouting { type nat hook postrouting priority 100 ; }'"},
				{kind: 'run', host, title: 'masquerade the real servers\' traffic to the outside', command: `nft add rule ip lvs_tui postrouting ip saddr ${network} ip daddr != ${network} masquerade`},
			];
	return {
		...base,
		status: 'warn',
		detail: `no masquerade rule for ${network}: the real servers cannot reach the outside (IPVS itself does not need it)`,
		fix: {title: `masquerade ${network} on ${host}`, steps, notes: [useIptables ? 'make it permanent with your distribution\'s tool (netfilter-persistent save, or service iptables save)' : 'make it permanent by adding the table to /etc/nftables.conf']},
	};
}

function gatewayCheck(host: string, facts: HostFacts, ctx: DoctorContext): DoctorCheck | null {
	if (ctx.lvsType !== 'nat') return null;
	const base = {host, id: 'gateway', title: 'default route via the DIP'};
	if (!ctx.dip || ipv4ToNumber(ctx.dip) === null) return {...base, status: 'unknown', detail: 'the config gives no DIP'};
	if (facts.defaultVia === ctx.dip) return {...base, status: 'ok', detail: `default via ${ctx.dip}`};
	return {
		...base,
		status: 'fail',
		detail: facts.defaultVia ? `default via ${facts.defaultVia}, not the DIP ${ctx.dip}: LVS-NAT replies would bypass the director` : `no default route: LVS-NAT replies need one via the DIP ${ctx.dip}`,
		fix: {
			title: `route ${host}'s replies through the director`,
			steps: [{kind: 'run', host, title: 'default route via the DIP', command: shellJoin(['ip', 'route', 'replace', 'default', 'via', ctx.dip])}],
			notes: ['make it permanent in the host\'s network configuration (GATEWAY= / gateway / ipv4.gateway)'],
		},
	};
}

function drChecks(host: string, facts: HostFacts, ctx: DoctorContext): DoctorCheck[] {
	if (ctx.lvsType === 'nat') return [];
	const checks: DoctorCheck[] = [];
	const arpOk = facts.arpIgnore === 1 && facts.arpAnnounce === 2;
	checks.push({
		host,
		id: 'arp',
		title: 'ARP for the VIP suppressed',
		status: facts.arpIgnore === null ? 'unknown' : arpOk ? 'ok' : 'fail',
		detail: `arp_ignore=${facts.arpIgnore ?? '?'} arp_announce=${facts.arpAnnounce ?? '?'} (need 1 and 2)`,
		...(arpOk || facts.arpIgnore === null
			? {}
			: {
					fix: {
						title: `stop ${host} answering ARP for the VIP`,
						steps: [
							{kind: 'run', host, title: 'now', command: 'sysctl -w net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 net.ipv4.conf.lo.arp_ignore=1 net.ipv4.conf.lo.arp_announce=2'},
							{kind: 'write', host, title: 'at boot', path: '/etc/sysctl.d/90-lvs-dr.conf', content: 'net.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\nnet.ipv4.conf.lo.arp_ignore = 1\nnet.ipv4.conf.lo.arp_announce = 2\n', mode: 0o644},
						],
					},
				}),
	});
	// LVS-TUN decapsulates on tunl0, so the VIP belongs there; LVS-DR puts it on lo.
	const device = ctx.lvsType === 'tun' ? 'tunl0' : 'lo';
	const onDevice = facts.addresses.filter(a => a.device === device).map(a => a.cidr.split('/')[0]);
	const missing = ctx.vips.filter(v => !onDevice.includes(v));
	checks.push({
		host,
		id: 'vip-on-lo',
		title: `VIP on ${device}`,
		status: missing.length ? 'fail' : 'ok',
		detail: missing.length ? `missing on ${device}: ${missing.join(' ')}` : `present: ${ctx.vips.join(' ') || 'no VIPs configured'}`,
		...(missing.length
			? {fix: {title: `accept the VIP on ${host}`, steps: missing.map((vip, i) => ({kind: 'run' as const, host, title: `add ${vip} to ${device}`, command: shellJoin(['ip', 'addr', 'add', `${vip}/32`, 'dev', device, 'label', `${device}:${i}`])}))}}
			: {}),
	});
	return checks;
}

export function evaluateHost(host: string, role: HostRole, facts: HostFacts, ctx: DoctorContext): DoctorCheck[] {
	const osName = facts.os.pretty ?? facts.os.id ?? 'unknown OS';
	const checks: DoctorCheck[] = [
		{host, id: 'kernel', title: 'kernel release', status: facts.release ? 'info' : 'unknown', detail: `${facts.release ?? '?'} (${facts.machine ?? '?'}), ${osName}`},
	];
	if (facts.missing.length) checks.push({host, id: 'probe', title: 'probe answered', status: 'warn', detail: `no answer for: ${facts.missing.join(', ')}`});
	if (role === 'director') {
		checks.push(ipvsCheck(host, facts, ctx), schedulerCheck(host, facts, ctx), ipvsadmCheck(host, facts), forwardCheck(host, facts, ctx));
		const nat = natCheck(host, facts, ctx);
		if (nat) checks.push(nat);
	} else {
		const gw = gatewayCheck(host, facts, ctx);
		if (gw) checks.push(gw);
		checks.push(...drChecks(host, facts, ctx));
	}
	return checks;
}

export function hasFailures(checks: DoctorCheck[]): boolean {
	return checks.some(c => c.status === 'fail');
}
