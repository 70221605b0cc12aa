// /proc/net/ip_vs: the service table in the kernel's own format — hex addresses and ports, hex
// firewall marks, persistence timeout in jiffies and the mask in hex, lines ending in spaces.
// Scheduler flags are not shown here (ipvsadm -Ln has them).
import {parseHexEndpoint} from './ipvs-address.js';
import {parseDecimal, parseHex} from './ipvs-numbers.js';
import {words} from './ipvsadm-listing.js';
import {endpointText, serviceKey, type IpvsForward, type IpvsProtocol, type IpvsService, type IpvsTable, type ParseIssue, type Parsed} from './ipvs-model.js';

const PROTOCOLS: Record<string, IpvsProtocol> = {TCP: 'tcp', UDP: 'udp', SCTP: 'sctp', FWM: 'fwm'};
const FORWARD: Record<string, IpvsForward> = {Masq: 'masq', Route: 'route', Tunnel: 'tunnel', Local: 'local', Bypass: 'bypass'};

export interface ProcIpVsOptions {
	/** The director kernel's HZ, to turn persistence jiffies into seconds (Debian: 250). */
	hz?: number;
}

function maskText(hex: string, ipv6: boolean): string | undefined {
	const n = parseHex(hex);
	if (n === null) return undefined;
	if (ipv6) return String(n);
	return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseProcIpVs(text: string, options: ProcIpVsOptions = {}): Parsed<IpvsTable> {
	const table: IpvsTable = {services: []};
	const issues: ParseIssue[] = [];
	let current: IpvsService | null = null;
	text.split('\n').forEach((raw, index) => {
		const line = raw.replace(/\r$/, '');
		const w = words(line);
		const issue = (reason: string) => issues.push({line, lineNumber: index + 1, reason});
		if (!w.length) return;
		const banner = /^IP Virtual Server version (\S+) \(size=(\d+)\)/.exec(line);
		if (banner) {
			table.version = banner[1];
			table.connTableSize = Number(banner[2]);
			return;
		}
		if (w[0] === 'Prot' || (w[0] === '->' && w[1]?.startsWith('RemoteAddress'))) return;
		if (w[0] === '->') {
			if (!current) return issue('real server row before any service');
			const address = parseHexEndpoint(w[1] ?? '');
			const forward = FORWARD[w[2] ?? ''];
			const [weight, active, inactive] = w.slice(3, 6).map(parseDecimal);
			if (!address) return issue(`'${w[1] ?? ''}' is not a hex address:port`);
			if (!forward) return issue(`unknown forward method '${w[2] ?? ''}'`);
			if (weight == null || active == null || inactive == null) return issue('expected weight, ActiveConn and InActConn');
			current.realServers.push({key: endpointText(address), address, forward, weight, activeConns: active, inactiveConns: inactive});
			return;
		}
		const protocol = PROTOCOLS[w[0]];
		if (!protocol) {
			current = null;
			return issue(`unknown protocol '${w[0]}'`);
		}
		const service: IpvsService = {key: '', protocol, schedulerFlags: [], onePacket: false, realServers: []};
		if (protocol === 'fwm') {
			const mark = parseHex(w[1] ?? '');
			if (mark === null) return issue(`firewall mark '${w[1] ?? ''}' is not hex`);
			service.fwmark = mark;
		} else {
			const address = parseHexEndpoint(w[1] ?? '');
			if (!address) return issue(`'${w[1] ?? ''}' is not a hex address:port`);
			service.address = address;
		}
		service.key = serviceKey(protocol, service.address, service.fwmark);
		service.scheduler = w[2];
		const rest = w.slice(3);
		const unknown: string[] = [];
		for (let i = 0; i < rest.length; i++) {
			if (rest[i] === 'ops') service.onePacket = true;
			else if (rest[i] === 'persistent' && parseDecimal(rest[i + 1] ?? '') !== null) {
				const jiffies = parseDecimal(rest[++i])!;
				service.persistentJiffies = jiffies;
				if (options.hz) service.persistent = Math.round(jiffies / options.hz);
				if (rest[i + 1] && /^[0-9A-Fa-f]+$/.test(rest[i + 1])) service.netmask = maskText(rest[++i], service.address?.family === 'ipv6');
			} else unknown.push(rest[i]);
		}
		if (!service.scheduler) return issue('service row without a scheduler');
		if (unknown.length) issue(`unrecognised service attribute(s): ${unknown.join(' ')}`);
		table.services.push(service);
		current = service;
	});
	return {value: table, issues};
}
