// The shared reader behind every `ipvsadm -L` listing (-Ln, --stats, --rate, --thresholds,
// --persistent-conn, --tun-info): banner, two header lines, then service rows each followed by
// their "  -> " real-server rows. Rows are split on whitespace, never on columns, because long
// IPv6 addresses push the columns right. A row it cannot read becomes a ParseIssue; the rest parses.
import {parseEndpoint} from './ipvs-address.js';
import {parseCount, parseDecimal, type Count} from './ipvs-numbers.js';
import {
	serviceKey,
	endpointText,
	type IpvsCounters,
	type IpvsProtocol,
	type IpvsRealServer,
	type IpvsService,
	type IpvsTable,
	type ParseIssue,
	type Parsed,
} from './ipvs-model.js';

export interface ListingOptions {
	/** The listing was made without -n: hosts and ports may be names. */
	names?: boolean;
}

/** How one listing mode reads its rows. */
export interface ListingFormat {
	/** Service rows carry scheduler and flags ('attributes') or five numbers ('counters'). */
	serviceRow: 'attributes' | 'counters';
	/** Fill `service` from its five numbers (counters rows only). */
	readServiceCounters?(service: IpvsService, counts: Count[]): void;
	/** Read the words after the address of a real-server row; return a reason when they don't fit. */
	readRealServer(words: string[], server: IpvsRealServer, header: string[]): string | null;
}

const PROTOCOLS: Record<string, IpvsProtocol> = {TCP: 'tcp', UDP: 'udp', SCTP: 'sctp'};
const BANNER = /^IP Virtual Server version (\S+) \(size=(\d+)\)\s*$/;

export function words(line: string): string[] {
	const t = line.trim();
	return t ? t.split(/\s+/) : [];
}

/** The service identity at the start of a row: protocol + address, or FWM + mark [IPv6]. */
export function readServiceHead(
	w: string[],
	options: ListingOptions,
): {service: IpvsService; rest: string[]} | string {
	const proto = w[0];
	if (proto === 'FWM') {
		const mark = parseDecimal(w[1] ?? '');
		if (mark === null) return `firewall mark '${w[1] ?? ''}' is not a number`;
		const ipv6 = w[2] === 'IPv6';
		return {
			service: blankService('fwm', undefined, mark, ipv6),
			rest: w.slice(ipv6 ? 3 : 2),
		};
	}
	const protocol = PROTOCOLS[proto];
	if (!protocol) return `unknown protocol '${proto}'`;
	const address = parseEndpoint(w[1] ?? '', !options.names);
	if (!address) return `'${w[1] ?? ''}' is not an address:port`;
	return {service: blankService(protocol, address), rest: w.slice(2)};
}

function blankService(protocol: IpvsProtocol, address?: IpvsService['address'], fwmark?: number, fwmarkIpv6?: boolean): IpvsService {
	const s: IpvsService = {
		key: serviceKey(protocol, address, fwmark, fwmarkIpv6),
		protocol,
		schedulerFlags: [],
		onePacket: false,
		realServers: [],
	};
	if (address) s.address = address;
	if (fwmark !== undefined) s.fwmark = fwmark;
	if (fwmarkIpv6) s.fwmarkIpv6 = true;
	return s;
}

/**
 * "wlc", "sh (sh-fallback,sh-port) persistent 60 mask 255.255.255.0", "rr ops", "… pe sip".
 * Returns the words it did not understand (a future ipvsadm) so the caller can report them.
 */
export function readServiceAttributes(service: IpvsService, rest: string[]): string[] {
	const unknown: string[] = [];
	let i = 0;
	if (rest[i] && !rest[i].startsWith('(')) service.scheduler = rest[i++];
	if (rest[i]?.startsWith('(')) {
		// Flags are one word "(a,b)" in ipvsadm 1.31; join in case a future one adds spaces.
		let text = rest[i++];
		while (!text.endsWith(')') && i < rest.length) text += rest[i++];
		service.schedulerFlags = text.replace(/^\(|\)$/g, '').split(',').map(f => f.trim()).filter(Boolean);
	}
	while (i < rest.length) {
		const word = rest[i++];
		if (word === 'persistent' && parseDecimal(rest[i] ?? '') !== null) {
			service.persistent = parseDecimal(rest[i++])!;
		} else if (word === 'mask' && rest[i]) {
			service.netmask = rest[i++];
		} else if (word === 'pe' && rest[i]) {
			service.persistenceEngine = rest[i++];
		} else if (word === 'ops') {
			service.onePacket = true;
		} else {
			unknown.push(word);
		}
	}
	return unknown;
}

export function countersFrom(counts: Count[]): IpvsCounters {
	return {
		conns: counts[0].value,
		inPackets: counts[1].value,
		outPackets: counts[2].value,
		inBytes: counts[3].value,
		outBytes: counts[4].value,
		exact: counts.every(c => c.exact),
	};
}

export function readCounts(w: string[], n: number): Count[] | string {
	if (w.length < n) return `expected ${n} numbers, found ${w.length}`;
	const counts = w.slice(0, n).map(parseCount);
	const bad = counts.findIndex(c => c === null);
	if (bad >= 0) return `'${w[bad]}' is not a count`;
	return counts as Count[];
}

export function parseListing(text: string, format: ListingFormat, options: ListingOptions = {}): Parsed<IpvsTable> {
	const table: IpvsTable = {services: []};
	const issues: ParseIssue[] = [];
	let current: IpvsService | null = null;
	let header: string[] = [];
	const lines = text.split('\n');
	lines.forEach((raw, index) => {
		const line = raw.replace(/\r$/, '');
		const lineNumber = index + 1;
		const issue = (reason: string) => issues.push({line, lineNumber, reason});
		if (!line.trim()) return;
		const banner = BANNER.exec(line);
		if (banner) {
			table.version = banner[1];
			table.connTableSize = Number(banner[2]);
			return;
		}
		const w = words(line);
		if (w[0] === 'Prot' && w[1]?.startsWith('LocalAddress')) {
			header = w.slice(2);
			return;
		}
		if (w[0] === '->' && w[1]?.startsWith('RemoteAddress')) {
			if (w.length > 2) header = w.slice(2);
			return;
		}
		if (w[0] === '->') {
			if (!current) return issue('real server row before any service');
			const address = parseEndpoint(w[1] ?? '', !options.names);
			if (!address) return issue(`'${w[1] ?? ''}' is not an address:port`);
			const server: IpvsRealServer = {key: endpointText(address), address};
			const reason = format.readRealServer(w.slice(2), server, header);
			if (reason) return issue(reason);
			current.realServers.push(server);
			return;
		}
		const head = readServiceHead(w, options);
		if (typeof head === 'string') {
			current = null;
			return issue(head);
		}
		const service = head.service;
		if (format.serviceRow === 'attributes') {
			const unknown = readServiceAttributes(service, head.rest);
			if (!service.scheduler) {
				current = null;
				return issue('service row without a scheduler');
			}
			// The service is still shown; only the words are reported.
			if (unknown.length) issue(`unrecognised service attribute(s): ${unknown.join(' ')}`);
		} else {
			const counts = readCounts(head.rest, 5);
			if (typeof counts === 'string') {
				current = null;
				return issue(counts);
			}
			format.readServiceCounters?.(service, counts);
		}
		table.services.push(service);
		current = service;
	});
	return {value: table, issues};
}
