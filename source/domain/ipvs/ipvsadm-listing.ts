// The shared reader behind every `ipvsadm -L` listing (-Ln, --stats, --rate, --thresholds,
// --persistent-conn, --tun-info): banner, two header lines, then service rows each followed by
// their "  -> " real-server rows. Rows are split on whitespace, never on columns, because long
// IPv6 addresses push the columns right. A row it cannot read becomes a ParseIssue; the rest parses.
import {parseEndpoint} from './ipvs-address.js';
import {countWasExact, parseCount, parseCountValue, parseDecimal, type Count} from './ipvs-numbers.js';
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

/** Five counters straight into an IpvsCounters (no object per number): the --stats hot path. */
export function readCounters(w: string[]): IpvsCounters | string {
	if (w.length < 5) return `expected 5 numbers, found ${w.length}`;
	let exact = true;
	const v = [0, 0, 0, 0, 0];
	for (let i = 0; i < 5; i++) {
		const x = parseCountValue(w[i]);
		if (Number.isNaN(x)) return `'${w[i]}' is not a count`;
		if (!countWasExact) exact = false;
		v[i] = x;
	}
	return {conns: v[0], inPackets: v[1], outPackets: v[2], inBytes: v[3], outBytes: v[4], exact};
}

export function readCounts(w: string[], n: number): Count[] | string {
	if (w.length < n) return `expected ${n} numbers, found ${w.length}`;
	const counts: Count[] = new Array(n);
	for (let i = 0; i < n; i++) {
		const c = parseCount(w[i]);
		if (c === null) return `'${w[i]}' is not a count`;
		counts[i] = c;
	}
	return counts;
}

export function parseListing(text: string, format: ListingFormat, options: ListingOptions = {}): Parsed<IpvsTable> {
	const table: IpvsTable = {services: []};
	const issues: ParseIssue[] = [];
	let current: IpvsService | null = null;
	let header: string[] = [];
	const lines = text.split('\n');
	let lineNumber = 0;
	let line = '';
	const issue = (reason: string) => {
		issues.push({line, lineNumber, reason});
	};
	// A plain loop with cheap first-character checks: this runs for every row of a 10,000-row table each second.
	for (let index = 0; index < lines.length; index++) {
		const raw = lines[index];
		line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
		lineNumber = index + 1;
		const w = words(line);
		if (!w.length) continue;
		if (w[0] === '->') {
			if (w[1]?.startsWith('RemoteAddress')) {
				if (w.length > 2) header = w.slice(2);
				continue;
			}
			if (!current) {
				issue('real server row before any service');
				continue;
			}
			const address = parseEndpoint(w[1] ?? '', !options.names);
			if (!address) {
				issue(`'${w[1] ?? ''}' is not an address:port`);
				continue;
			}
			const server: IpvsRealServer = {key: endpointText(address), address};
			const reason = format.readRealServer(w.slice(2), server, header);
			if (reason) issue(reason);
			else current.realServers.push(server);
			continue;
		}
		if (w[0] === 'IP') {
			const banner = BANNER.exec(line);
			if (banner) {
				table.version = banner[1];
				table.connTableSize = Number(banner[2]);
				continue;
			}
		}
		if (w[0] === 'Prot' && w[1]?.startsWith('LocalAddress')) {
			header = w.slice(2);
			continue;
		}
		const head = readServiceHead(w, options);
		if (typeof head === 'string') {
			current = null;
			issue(head);
			continue;
		}
		const service = head.service;
		if (format.serviceRow === 'attributes') {
			const unknown = readServiceAttributes(service, head.rest);
			if (!service.scheduler) {
				current = null;
				issue('service row without a scheduler');
				continue;
			}
			// The service is still shown; only the words are reported.
			if (unknown.length) issue(`unrecognised service attribute(s): ${unknown.join(' ')}`);
		} else {
			const counts = readCounts(head.rest, 5);
			if (typeof counts === 'string') {
				current = null;
				issue(counts);
				continue;
			}
			format.readServiceCounters?.(service, counts);
		}
		table.services.push(service);
		current = service;
	}
	return {value: table, issues};
}
