// `doctor` asks each host everything in ONE command (one round trip, also over slow links and
// jump hosts): each part of the answer sits between markers with its exit status, and is read
// here purely into facts.

/** Each section: a name and the shell that prints it. Order is the order of the output. */
const SECTIONS: readonly [string, string][] = [
	['release', 'uname -r'],
	['machine', 'uname -m'],
	['uid', 'id -u'],
	['os', 'cat /etc/os-release 2>/dev/null || cat /etc/redhat-release'],
	['ipvs', 'cat /proc/net/ip_vs'],
	['modprobe', 'modprobe -n -v ip_vs'],
	[
		'kconfig',
		'f=/boot/config-$(uname -r); if [ -r "$f" ]; then echo "source $f"; grep -E "^(# )?CONFIG_IP_VS" "$f"; elif [ -r /proc/config.gz ]; then echo "source /proc/config.gz"; zcat /proc/config.gz | grep -E "^(# )?CONFIG_IP_VS"; else echo "source none"; fi',
	],
	['modules', 'd=/lib/modules/$(uname -r); ls "$d/kernel/net/netfilter/ipvs/" 2>/dev/null; grep -h "ipvs/" "$d/modules.builtin" 2>/dev/null; true'],
	['loaded', 'grep -E "^ip_vs" /proc/modules'],
	['ipvsadm', 'command -v ipvsadm'],
	['pkg', 'for p in apt-get dnf yum zypper apk; do command -v $p >/dev/null 2>&1 && echo $p; done; true'],
	['forward', 'cat /proc/sys/net/ipv4/ip_forward'],
	['iptables', 'iptables -t nat -S POSTROUTING'],
	['nft', 'nft list ruleset'],
	['route', 'ip -4 route show default'],
	['addr', 'ip -4 -o addr show'],
	['arp', 'cat /proc/sys/net/ipv4/conf/all/arp_ignore /proc/sys/net/ipv4/conf/all/arp_announce'],
	['boot', 'for f in /etc/lilo.conf /boot/grub/grub.conf /boot/grub/menu.lst /boot/grub/grub.cfg /boot/grub2/grub.cfg; do [ -e "$f" ] && echo "$f"; done; true'],
	['cmdline', 'cat /proc/cmdline'],
];

const BEGIN = '@@lvs-tui:begin:';
const END = '@@lvs-tui:end:';

/** The one command doctor runs on a host (POSIX sh; sbin added to PATH for non-root logins). */
export function doctorProbeCommand(): string {
	const parts = ['PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"; LC_ALL=C; export PATH LC_ALL'];
	for (const [name, command] of SECTIONS) {
		parts.push(`echo '${BEGIN}${name}@@'; ( ${command} ) 2>&1; printf '\\n${END}${name}:%s@@\\n' "$?"`);
	}
	return parts.join('\n');
}

export interface ProbeSection {
	output: string;
	code: number;
}

/** Split the probe's output into sections; a section the host did not answer is absent. */
export function splitProbeOutput(stdout: string): Map<string, ProbeSection> {
	const sections = new Map<string, ProbeSection>();
	const re = /@@lvs-tui:begin:([a-z]+)@@\n([\s\S]*?)\n@@lvs-tui:end:\1:(\d+)@@/g;
	for (const m of stdout.matchAll(re)) sections.set(m[1], {output: m[2].replace(/\n$/, ''), code: Number(m[3])});
	return sections;
}

export const IPVS_SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh', 'twos'] as const;

export type PackageManager = 'apt-get' | 'dnf' | 'yum' | 'zypper' | 'apk';

export interface HostFacts {
	release: string | null;
	machine: string | null;
	uid: number | null;
	os: {id?: string; idLike?: string; version?: string; pretty?: string};
	/** /proc/net/ip_vs readable: IPVS is in the running kernel. */
	ipvsPresent: boolean;
	ipvsVersion?: string;
	/** `modprobe -n ip_vs` succeeded: the module exists and can be loaded. */
	ipvsLoadable: boolean;
	modprobeOutput: string;
	kernelConfigSource: string | null;
	/** CONFIG_IP_VS* values: 'y', 'm', or 'n' for "is not set". */
	kernelConfig: Record<string, string>;
	/** Scheduler modules present on disk or built in, e.g. ['rr', 'wlc']. */
	schedulersAvailable: string[];
	schedulersLoaded: string[];
	ipvsadmPath: string | null;
	packageManagers: PackageManager[];
	ipForward: boolean | null;
	/** iptables -t nat -S POSTROUTING output when it could be read. */
	iptablesNat: string | null;
	nftRuleset: string | null;
	/** Both firewall readers refused for lack of privilege. */
	natUnreadable: boolean;
	defaultVia: string | null;
	addresses: {device: string; cidr: string; label: string}[];
	arpIgnore: number | null;
	arpAnnounce: number | null;
	bootFiles: string[];
	cmdline: string;
	/** Sections missing from the answer (the command was cut short). */
	missing: string[];
}

function osRelease(text: string): HostFacts['os'] {
	const get = (key: string) => new RegExp(`^${key}="?([^"\\n]*)"?$`, 'm').exec(text)?.[1];
	if (!text.includes('=')) return {pretty: text.trim() || undefined};
	return {id: get('ID'), idLike: get('ID_LIKE'), version: get('VERSION_ID'), pretty: get('PRETTY_NAME')};
}

export function parseProbe(stdout: string): HostFacts {
	const s = splitProbeOutput(stdout);
	const out = (name: string) => s.get(name)?.output ?? '';
	const okOut = (name: string) => (s.get(name)?.code === 0 ? out(name) : null);
	const kernelConfig: Record<string, string> = {};
	const kconfigLines = out('kconfig').split('\n');
	const source = kconfigLines[0]?.startsWith('source ') ? kconfigLines[0].slice(7).trim() : null;
	for (const line of kconfigLines) {
		const set = /^(CONFIG_IP_VS\w*)=(.*)$/.exec(line);
		const unset = /^# (CONFIG_IP_VS\w*) is not set$/.exec(line);
		if (set) kernelConfig[set[1]] = set[2].replace(/^"|"$/g, '');
		else if (unset) kernelConfig[unset[1]] = 'n';
	}
	const available = new Set<string>();
	for (const line of out('modules').split('\n')) {
		const m = /(?:^|\/)ip_vs_([a-z]+)\.ko/.exec(line.trim());
		if (m && (IPVS_SCHEDULERS as readonly string[]).includes(m[1])) available.add(m[1]);
	}
	for (const sched of IPVS_SCHEDULERS) {
		const value = kernelConfig[`CONFIG_IP_VS_${sched.toUpperCase()}`];
		// Built in (=y) is always available; =m only if the module file exists (checked above).
		if (value === 'y') available.add(sched);
	}
	const loaded = out('loaded')
		.split('\n')
		.map(line => /^ip_vs_([a-z]+)\s/.exec(line)?.[1])
		.filter((x): x is string => !!x && (IPVS_SCHEDULERS as readonly string[]).includes(x));
	const forward = okOut('forward')?.trim();
	const arp = (okOut('arp') ?? '').trim().split('\n');
	const denied = (name: string) => /permission denied|operation not permitted|you must be root/i.test(out(name));
	const ipvs = okOut('ipvs');
	// `ip -o` ends each address with its label, then a backslash: "... scope global secondary eth0:50\".
	const addresses = out('addr')
		.split('\n')
		.map(line => /^\d+:\s+(\S+)\s+inet\s+(\S+)\s.*?(\S+)\\/.exec(line))
		.filter((m): m is RegExpExecArray => !!m)
		.map(m => ({device: m[1], cidr: m[2], label: m[3]}));
	return {
		release: okOut('release')?.trim() || null,
		machine: okOut('machine')?.trim() || null,
		uid: okOut('uid') !== null ? Number(out('uid').trim()) : null,
		os: osRelease(okOut('os') ?? ''),
		ipvsPresent: ipvs !== null,
		ipvsVersion: ipvs ? /version (\S+)/.exec(ipvs)?.[1] : undefined,
		ipvsLoadable: s.get('modprobe')?.code === 0,
		modprobeOutput: out('modprobe').trim(),
		kernelConfigSource: source === 'none' ? null : source,
		kernelConfig,
		schedulersAvailable: IPVS_SCHEDULERS.filter(x => available.has(x)),
		schedulersLoaded: loaded,
		ipvsadmPath: okOut('ipvsadm')?.trim() || null,
		packageManagers: out('pkg').split('\n').map(x => x.trim()).filter((x): x is PackageManager => ['apt-get', 'dnf', 'yum', 'zypper', 'apk'].includes(x)),
		ipForward: forward === '1' ? true : forward === '0' ? false : null,
		iptablesNat: okOut('iptables'),
		nftRuleset: okOut('nft'),
		natUnreadable: okOut('iptables') === null && okOut('nft') === null && (denied('iptables') || denied('nft')),
		defaultVia: /default via (\S+)/.exec(out('route'))?.[1] ?? null,
		addresses,
		arpIgnore: arp.length === 2 ? Number(arp[0]) : null,
		arpAnnounce: arp.length === 2 ? Number(arp[1]) : null,
		bootFiles: out('boot').split('\n').map(x => x.trim()).filter(Boolean),
		cmdline: out('cmdline').trim(),
		missing: SECTIONS.map(([name]) => name).filter(name => !s.has(name)),
	};
}
