// One command per host per refresh gathers everything the panel and the warnings need (addresses,
// default route, the LVS sysctls, arping, keepalived), each part behind a marker line, so a poll is
// one round trip on the shared SSH connection. Plain POSIX sh: it also runs on busybox.
import {appError, fail, ok, type AppError, type Result} from '../result.js';
import type {InterfaceListing} from './interface-model.js';
import {parseInterfaceListing} from './interface-listing.js';
import {parseDefaultRoutes, type DefaultRoute} from './route-parser.js';
import {parseProcSysLines} from './sysctl-values.js';

export const KEEPALIVED_CONF = '/etc/keepalived/keepalived.conf';

const MARK = '@@lvs-tui:';
const SYSCTLS = [
	'net/ipv4/ip_forward',
	'net/ipv4/conf/all/arp_ignore',
	'net/ipv4/conf/all/arp_announce',
	'net/ipv4/conf/lo/arp_ignore',
	'net/ipv4/conf/lo/arp_announce',
];

/** The probe command line. Contains no user values, so nothing in it needs quoting. */
export function buildHostProbeCommand(): string {
	return [
		`echo ${MARK}addr`,
		// busybox ip and very old iproute2 have no -j; hosts without iproute2 have ifconfig.
		'{ ip -j addr 2>/dev/null || { ip -o link 2>/dev/null && ip -o addr 2>/dev/null; } || ifconfig -a 2>/dev/null; }',
		`echo ${MARK}route`,
		'ip route show default 2>/dev/null',
		`echo ${MARK}sysctl`,
		`grep -H . ${SYSCTLS.map(s => '/proc/sys/' + s).join(' ')} 2>/dev/null`,
		`echo ${MARK}arping`,
		'command -v arping 2>/dev/null',
		`echo ${MARK}keepalived-pid`,
		// One process scan, not two: pidof exits 1 when nothing matches, which must not start pgrep.
		'if command -v pidof >/dev/null 2>&1; then pidof keepalived; else pgrep -x keepalived; fi 2>/dev/null',
		`echo ${MARK}keepalived-conf`,
		`head -c 65536 ${KEEPALIVED_CONF} 2>/dev/null`,
		`echo ${MARK}end`,
	].join('; ');
}

export interface HostFacts {
	listing: InterfaceListing;
	defaultRoutes: DefaultRoute[];
	/** sysctl name → value, e.g. 'net.ipv4.ip_forward' → '1'. */
	sysctl: Record<string, string>;
	/** Path of arping, when installed. */
	arping?: string;
	keepalivedPids: number[];
	/** keepalived.conf text (first 64 KiB), when the file exists. */
	keepalivedConf?: string;
}

export function parseHostProbe(stdout: string, host: string): Result<HostFacts> {
	const sections = new Map<string, string>();
	let current: string | null = null;
	let buffer: string[] = [];
	for (const line of stdout.split('\n')) {
		if (line.startsWith(MARK)) {
			if (current !== null) sections.set(current, buffer.join('\n'));
			current = line.slice(MARK.length).trim();
			buffer = [];
		} else if (current !== null) {
			buffer.push(line);
		}
	}
	if (current !== 'end') return fail(incomplete(host, stdout));
	const listing = parseInterfaceListing(sections.get('addr') ?? '');
	if (!listing.ok) return fail({...listing.error, where: {host}});
	const facts: HostFacts = {
		listing: listing.value,
		defaultRoutes: parseDefaultRoutes(sections.get('route') ?? ''),
		sysctl: parseProcSysLines(sections.get('sysctl') ?? ''),
		keepalivedPids: (sections.get('keepalived-pid') ?? '').split(/\s+/).filter(w => /^\d+$/.test(w)).map(Number),
	};
	const arping = (sections.get('arping') ?? '').trim();
	if (arping !== '') facts.arping = arping.split('\n')[0];
	const conf = sections.get('keepalived-conf') ?? '';
	if (conf.trim() !== '') facts.keepalivedConf = conf;
	return ok(facts);
}

function incomplete(host: string, stdout: string): AppError {
	return appError('net.probe-incomplete', 'the interface probe stopped before its end marker (shell not POSIX, or output cut)', {
		where: {host},
		detail: stdout.slice(-400),
	});
}
