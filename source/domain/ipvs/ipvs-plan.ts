// Pure planning of every change the IPVS panel can make: each returns the exact ipvsadm argv (and
// the shell line built from it with shellJoin) or a clear refusal, before anything runs on the
// director. Weight 0–65535, port 1–65535, real addresses, known schedulers only.
import {backupPath} from '../backup-name.js';
import {fail, ok, appError, type Result} from '../result.js';
import {shellJoin, shellQuote} from '../shell-quote.js';
import {GENERIC_SCHEDULER_FLAGS, IPVS_SCHEDULERS, SCHEDULER_FLAGS, isScheduler} from './ipvs-schedulers.js';
import type {IpvsForward, IpvsProtocol} from './ipvs-model.js';
import {isIpv4, isIpv6} from '../net/ip-address.js';

/** A virtual service as ipvsadm names it on the command line. */
export interface ServiceTarget {
	protocol: IpvsProtocol;
	/** VIP address (not for fwm). */
	address?: string;
	port?: number;
	fwmark?: number;
	/** Seconds, when the service is persistent (used for the drain warning). */
	persistent?: number;
}

export interface ServerTarget {
	address: string;
	/** Omitted for firewall-mark services that forward to the packet's own port. */
	port?: number;
}

/** What the confirm dialog shows and the runner executes. */
export interface PlannedCommand {
	/** The argv, for the audit log and tests. */
	argv: string[];
	/** The one shell line sent to the director (shellJoin of argv). */
	command: string;
	/** One line for a person: "drain 10.0.2.21:80 of TCP 10.0.2.100:80". */
	summary: string;
	/** Things to know before confirming (persistence, last server…). */
	warnings: string[];
}

/** Per-server settings that `ipvsadm -e` would reset if left out. */
export interface ServerSettings {
	forward: IpvsForward;
	upperThreshold?: number;
	lowerThreshold?: number;
	/** As --tun-info prints it: 'ipip', 'gue:6080', 'gue:6080:-c', 'gre:-c'. */
	tunnelInfo?: string;
}

export const MAX_WEIGHT = 65535;

const bad = (message: string) => fail(appError('ipvs.invalid', message));

function checkAddress(what: string, address: string | undefined): Result<string> {
	if (!address || !(isIpv4(address) || isIpv6(address))) return bad(`${what} '${address ?? ''}' is not an IPv4 or IPv6 address`);
	return ok(address);
}

function checkPort(what: string, port: number | undefined): Result<number> {
	if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) return bad(`${what} port '${port ?? ''}' is outside 1–65535`);
	return ok(port);
}

export function checkWeight(weight: number): Result<number> {
	if (!Number.isInteger(weight) || weight < 0 || weight > MAX_WEIGHT) return bad(`weight '${weight}' is outside 0–${MAX_WEIGHT}`);
	return ok(weight);
}

function endpoint(address: string, port: number): string {
	return isIpv6(address) ? `[${address}]:${port}` : `${address}:${port}`;
}

/** ['-t', '10.0.2.100:80'] / ['-u', …] / ['--sctp-service', …] / ['-f', '1'] after validation. */
export function serviceArgs(s: ServiceTarget): Result<string[]> {
	if (s.protocol === 'fwm') {
		if (!Number.isInteger(s.fwmark) || s.fwmark! < 1 || s.fwmark! > 0xffffffff) return bad(`firewall mark '${s.fwmark ?? ''}' is outside 1–4294967295`);
		return ok(['-f', String(s.fwmark)]);
	}
	const address = checkAddress('virtual address', s.address);
	if (!address.ok) return address;
	const port = checkPort('virtual service', s.port);
	if (!port.ok) return port;
	const flag = {tcp: '-t', udp: '-u', sctp: '--sctp-service'}[s.protocol];
	if (!flag) return bad(`protocol '${s.protocol}' is not tcp, udp, sctp or fwm`);
	return ok([flag, endpoint(address.value, port.value)]);
}

function serverArg(service: ServiceTarget, server: ServerTarget): Result<string> {
	const address = checkAddress('real server address', server.address);
	if (!address.ok) return address;
	if (server.port === undefined || (service.protocol === 'fwm' && server.port === 0)) {
		if (service.protocol !== 'fwm') return bad('a real server of a TCP/UDP/SCTP service needs a port (1–65535)');
		return ok(isIpv6(address.value) ? `[${address.value}]` : address.value);
	}
	const port = checkPort('real server', server.port);
	if (!port.ok) return port;
	return ok(endpoint(address.value, port.value));
}

function forwardFlag(forward: IpvsForward): string {
	// Local servers are added with -g; ipvsadm shows them as Local.
	return forward === 'masq' ? '-m' : forward === 'tunnel' ? '-i' : '-g';
}

/** Re-state thresholds and tunnel options so `-e` keeps them (ipvsadm resets what it isn't given). */
function settingsArgs(s: ServerSettings): string[] {
	const out: string[] = [];
	if (s.upperThreshold) out.push('-x', String(s.upperThreshold));
	if (s.lowerThreshold) out.push('-y', String(s.lowerThreshold));
	if (s.forward === 'tunnel' && s.tunnelInfo && s.tunnelInfo !== 'n/a') {
		const [type, ...rest] = s.tunnelInfo.split(':');
		if (/^(ipip|gue|gre)$/.test(type)) {
			out.push('--tun-type', type);
			const port = rest.find(r => /^\d+$/.test(r));
			if (port) out.push('--tun-port', port);
			if (rest.includes('-c')) out.push('--tun-nocsum');
			if (rest.includes('+r')) out.push('--tun-remcsum');
			if (rest.includes('+c')) out.push('--tun-csum');
		}
	}
	return out;
}

function planned(argv: string[], summary: string, warnings: string[] = []): PlannedCommand {
	return {argv, command: shellJoin(argv), summary, warnings};
}

function describeService(s: ServiceTarget): string {
	if (s.protocol === 'fwm') return `FWM ${s.fwmark}`;
	return `${s.protocol.toUpperCase()} ${s.address && s.port !== undefined ? endpoint(s.address, s.port) : '?'}`;
}

export function planSetWeight(service: ServiceTarget, server: ServerTarget, settings: ServerSettings, weight: number): Result<PlannedCommand> {
	const w = checkWeight(weight);
	if (!w.ok) return w;
	const svc = serviceArgs(service);
	if (!svc.ok) return svc;
	const rs = serverArg(service, server);
	if (!rs.ok) return rs;
	const argv = ['ipvsadm', '-e', ...svc.value, '-r', rs.value, forwardFlag(settings.forward), '-w', String(weight), ...settingsArgs(settings)];
	return ok(planned(argv, `set weight of ${rs.value} in ${describeService(service)} to ${weight}`));
}

/** Weight 0: no new connections; existing ones finish. Warns when persistence will keep clients coming. */
export function planDrain(service: ServiceTarget, server: ServerTarget, settings: ServerSettings): Result<PlannedCommand> {
	const p = planSetWeight(service, server, settings, 0);
	if (!p.ok) return p;
	const warnings: string[] = [];
	if (service.persistent) {
		warnings.push(
			`${describeService(service)} is persistent (${service.persistent} s): persistence templates keep sending known clients to this server until they expire (up to ${service.persistent} s after their last connection), so ActiveConn may not reach 0 soon.`,
		);
	}
	return ok({...p.value, summary: `drain ${p.value.argv[p.value.argv.indexOf('-r') + 1]} of ${describeService(service)} (weight 0)`, warnings});
}

export function planRemoveServer(service: ServiceTarget, server: ServerTarget, activeConns?: number): Result<PlannedCommand> {
	const svc = serviceArgs(service);
	if (!svc.ok) return svc;
	const rs = serverArg(service, server);
	if (!rs.ok) return rs;
	const warnings = activeConns ? [`${rs.value} still has ${activeConns} active connection(s); removing it cuts them off. Drain it first (d) to let them finish.`] : [];
	return ok(planned(['ipvsadm', '-d', ...svc.value, '-r', rs.value], `remove ${rs.value} from ${describeService(service)}`, warnings));
}

export function planAddServer(service: ServiceTarget, server: ServerTarget, forward: IpvsForward, weight: number): Result<PlannedCommand> {
	const w = checkWeight(weight);
	if (!w.ok) return w;
	if (forward === 'bypass') return bad("forward method must be masq (-m), route (-g) or tunnel (-i)");
	const svc = serviceArgs(service);
	if (!svc.ok) return svc;
	const rs = serverArg(service, server);
	if (!rs.ok) return rs;
	return ok(planned(['ipvsadm', '-a', ...svc.value, '-r', rs.value, forwardFlag(forward), '-w', String(weight)], `add ${rs.value} to ${describeService(service)} with weight ${weight}`));
}

export interface ServiceSettings {
	scheduler: string;
	/** Persistence timeout in seconds; absent or 0 = not persistent. */
	persistent?: number;
	/** Dotted IPv4 mask or IPv6 prefix length, for persistent services. */
	netmask?: string;
	schedulerFlags?: string[];
}

function checkMask(mask: string, ipv6: boolean): boolean {
	if (ipv6) return /^\d{1,3}$/.test(mask) && Number(mask) >= 1 && Number(mask) <= 128;
	if (!isIpv4(mask)) return false;
	const n = mask.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
	const inverted = 0xffffffff - n;
	// Contiguous: the inverted mask is 2^k - 1.
	return (inverted & (inverted + 1)) === 0 && n !== 0;
}

function serviceSettingsArgs(service: ServiceTarget, settings: ServiceSettings): Result<string[]> {
	if (!isScheduler(settings.scheduler)) {
		return bad(`unknown scheduler '${settings.scheduler}' (the kernel has: ${Object.keys(IPVS_SCHEDULERS).join(' ')})`);
	}
	const out = ['-s', settings.scheduler];
	if (settings.persistent !== undefined && settings.persistent !== 0) {
		if (!Number.isInteger(settings.persistent) || settings.persistent < 1 || settings.persistent > 2678400) {
			return bad(`persistence timeout '${settings.persistent}' is outside 1–2678400 seconds`);
		}
		out.push('-p', String(settings.persistent));
		if (settings.netmask) {
			if (!checkMask(settings.netmask, !!service.address && isIpv6(service.address))) {
				return bad(`persistence netmask '${settings.netmask}' is not a valid ${service.address && isIpv6(service.address) ? 'IPv6 prefix length (1–128)' : 'IPv4 netmask'}`);
			}
			out.push('-M', settings.netmask);
		}
	} else if (settings.netmask) {
		return bad('a persistence netmask needs a persistence timeout');
	}
	if (settings.schedulerFlags?.length) {
		const allowed = [...(SCHEDULER_FLAGS[settings.scheduler] ?? []), ...GENERIC_SCHEDULER_FLAGS];
		const unknown = settings.schedulerFlags.filter(f => !allowed.includes(f));
		if (unknown.length) return bad(`scheduler flag(s) ${unknown.join(', ')} not valid for ${settings.scheduler} (allowed: ${allowed.join(', ')})`);
		out.push('-b', settings.schedulerFlags.join(','));
	}
	return ok(out);
}

export function planAddService(service: ServiceTarget, settings: ServiceSettings): Result<PlannedCommand> {
	const svc = serviceArgs(service);
	if (!svc.ok) return svc;
	const s = serviceSettingsArgs(service, settings);
	if (!s.ok) return s;
	return ok(planned(['ipvsadm', '-A', ...svc.value, ...s.value], `add service ${describeService(service)} (${settings.scheduler})`));
}

export function planEditService(service: ServiceTarget, settings: ServiceSettings): Result<PlannedCommand> {
	const svc = serviceArgs(service);
	if (!svc.ok) return svc;
	const s = serviceSettingsArgs(service, settings);
	if (!s.ok) return s;
	const warnings = service.persistent && !settings.persistent ? ['persistence will be turned off for this service'] : [];
	return ok(planned(['ipvsadm', '-E', ...svc.value, ...s.value], `edit service ${describeService(service)} (${settings.scheduler})`, warnings));
}

export function planDeleteService(service: ServiceTarget, realServerCount = 0): Result<PlannedCommand> {
	const svc = serviceArgs(service);
	if (!svc.ok) return svc;
	const warnings = realServerCount ? [`its ${realServerCount} real server(s) are removed with it and their connections stop being balanced`] : [];
	return ok(planned(['ipvsadm', '-D', ...svc.value], `delete service ${describeService(service)}`, warnings));
}

/** Where distributions keep the rules their ipvsadm init script restores at boot. */
export const RULES_FILES = {debian: '/etc/ipvsadm.rules', rhel: '/etc/sysconfig/ipvsadm'} as const;

/**
 * Save the running table to `path` on the director: back the old file up (path.lvs-tui-STAMP, the
 * name every lvs-tui backup has), write `ipvsadm -S -n` to a temp file beside it, then mv over —
 * never a half-written rules file.
 */
export function planSaveRules(path: string, stamp: string): Result<PlannedCommand> {
	if (!path.startsWith('/') || /[\0\n]/.test(path)) return bad(`rules file '${path}' must be an absolute path`);
	if (!/^[0-9A-Za-z._-]+$/.test(stamp)) return bad(`backup stamp '${stamp}' has characters a file name should not`);
	const f = shellQuote(path);
	const backupFile = backupPath(path, stamp);
	const backup = shellQuote(backupFile);
	const tmp = shellQuote(`${path}.lvs-tui-tmp`);
	const command = [
		'set -e',
		`if [ -e ${f} ]; then cp -p ${f} ${backup}; fi`,
		`ipvsadm -S -n > ${tmp}`,
		`chmod 0644 ${tmp}`,
		`mv -f ${tmp} ${f}`,
	].join('; ');
	return ok({argv: ['sh', '-c', command], command, summary: `save the running table (ipvsadm -S -n) to ${path}, old file kept as ${backupFile}`, warnings: []});
}
