// The shared reader behind every `ipvsadm -L` listing (-Ln, --stats, --rate, --thresholds,
// --persistent-conn, --tun-info): banner, two header lines, then service rows each followed by
// their "  -> " real-server rows. Rows are split on whitespace, never on columns, because long
// IPv6 addresses push the columns right. A row it cannot read becomes a ParseIssue; the rest parses.
import {parseEndpoint} from './ipvs-address.js';
import {isBlank, skipBlanks, textAt, tokenEnd} from './row-scanner.js';
import {countWasExact, parseCount, parseCountValue, parseDecimal, type Count} from './ipvs-numbers.js';
import {
	serviceKey,
	endpointText,
	type Endpoint,
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
	/**
	 * A table this listing probably repeats (the same services and servers in the same order: the
	 * previous poll, or the -Ln listing before --stats). A real-server row whose address text is
	 * exactly the expected server's key takes its endpoint without parsing or slicing anything; any
	 * other row is read as usual, so the result never depends on the hint. Only endpoints that read
	 * the same with and without -n are taken (addresses with port numbers: no names).
	 */
	expect?: IpvsTable;
	/**
	 * Read only text[start, end): a listing inside a larger answer, without slicing it out first
	 * (a slice is a view whose every character read costs more than the original's).
	 */
	start?: number;
	end?: number;
}

/** How one listing mode reads its rows. */
export interface ListingFormat {
	/** Service rows carry scheduler and flags ('attributes') or five numbers ('counters'). */
	serviceRow: 'attributes' | 'counters';
	/** Fill `service` from its five numbers (counters rows only). */
	readServiceCounters?(service: IpvsService, counts: Count[]): void;
	/** Read the words after the address of a real-server row; return a reason when they don't fit. */
	readRealServer(words: string[], server: IpvsRealServer, header: string[]): string | null;
	/**
	 * The same row read in place from `text[at, end)` (just after the address) into a new server
	 * made in one literal (no fields added one by one); undefined when the row is not in its plain
	 * shape and must go to readRealServer. It must never accept a row readRealServer would read
	 * differently (test/ipvs/listing-scan.test.ts checks).
	 */
	scanRealServer?(text: string, at: number, end: number, key: string, address: Endpoint, header: string[]): IpvsRealServer | undefined;
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

/** A real-server address token read before: its endpoint and key (the same servers come back every second). */
interface KnownEndpoint {
	address: Endpoint;
	key: string;
}
const MAX_KNOWN = 1 << 16;
const knownNumeric = new Map<string, KnownEndpoint | null>();
const knownNames = new Map<string, KnownEndpoint | null>();

/**
 * parseEndpoint + endpointText, remembered per token. The endpoints are shared between tables, which
 * is safe because nothing changes an Endpoint once parsed (plain data, replaced, never edited).
 */
function knownEndpoint(token: string, numeric: boolean): KnownEndpoint | null {
	const known = numeric ? knownNumeric : knownNames;
	let e = known.get(token);
	if (e === undefined) {
		const address = parseEndpoint(token, numeric);
		e = address ? {address, key: endpointText(address)} : null;
		if (known.size >= MAX_KNOWN) known.clear();
		known.set(token, e);
	}
	return e;
}

const DASH = 45;
const GREATER = 62;
const CR = 13;
const R = 82;

export function parseListing(text: string, format: ListingFormat, options: ListingOptions = {}): Parsed<IpvsTable> {
	const table: IpvsTable = {services: []};
	const issues: ParseIssue[] = [];
	const numeric = !options.names;
	const expect = options.expect;
	let current: IpvsService | null = null;
	let header: string[] = [];
	let lineNumber = 0;
	let line = '';
	const issue = (reason: string) => {
		issues.push({line, lineNumber, reason});
	};
	// One pass over the text by index: no array of lines, and real-server rows (all but a few
	// hundred of a large table's rows) are read in place by format.scanRealServer when the format
	// has one; any row it does not take is read by words below, as every row once was.
	const length = Math.min(options.end ?? text.length, text.length);
	for (let start = options.start ?? 0; start <= length; ) {
		let end = text.indexOf('\n', start);
		if (end < 0 || end > length) end = length;
		const next = end + 1;
		lineNumber++;
		if (end > start && text.charCodeAt(end - 1) === CR) end--;
		const at = skipBlanks(text, start, end);
		if (at === end) {
			// Blank row (spaces and tabs only); one with other whitespace goes the long way.
			start = next;
			continue;
		}
		if (current && format.scanRealServer && text.charCodeAt(at) === DASH && text.charCodeAt(at + 1) === GREATER && at + 2 < end && isBlank(text.charCodeAt(at + 2))) {
			const a = skipBlanks(text, at + 2, end);
			const b = tokenEnd(text, a, end);
			const expected = expect?.services[table.services.length - 1]?.realServers[current.realServers.length];
			const known =
				expected && expected.key.length === b - a && textAt(text, a, expected.key) && expected.address.family !== 'name' && typeof expected.address.port === 'number'
					? expected
					: b > a
						? knownEndpoint(text.slice(a, b), numeric)
						: null;
			if (known && !(text.charCodeAt(a) === R && textAt(text, a, 'RemoteAddress'))) {
				const server = format.scanRealServer(text, b, end, known.key, known.address, header);
				if (server) {
					current.realServers.push(server);
					start = next;
					continue;
				}
			}
		}
		line = text.slice(start, end);
		start = next;
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
			const known = knownEndpoint(w[1] ?? '', numeric);
			if (!known) {
				issue(`'${w[1] ?? ''}' is not an address:port`);
				continue;
			}
			const server: IpvsRealServer = {key: known.key, address: known.address};
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
