// Plans the text change for a DHCP reservation: add a `host NAME { hardware ethernet MAC;
// fixed-address IP; }` block or remove one. Refuses anything that would make two machines
// fight over a name, MAC or address, or hand out an address dhcpd also gives away dynamically.
import {appError, fail, ok, type Result} from '../result.js';
import {parseDhcpdConf, type DhcpdConf, type DhcpHost} from './dhcpd-conf.js';
import {formatCidr, networkContains} from '../config/address.js';
import {normalizeMac, shortHostName, validateHostName, validateIpv4, validateMac} from './net-values.js';
import {ipv4ToNumber, numberToIpv4} from '../net/ip-address.js';

export interface Reservation {
	name: string;
	mac: string;
	ip: string;
}

export interface ReservationEdit {
	/** The whole new file. */
	text: string;
	/** What changed, for the plan view and the audit log. */
	summary: string;
}

function sameName(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase() || shortHostName(a).toLowerCase() === shortHostName(b).toLowerCase();
}

function where(file: string, host: DhcpHost) {
	return {file, line: host.line};
}

/** Check a reservation against a parsed file; null when it may be added. */
export function checkReservation(conf: DhcpdConf, reservation: Reservation, file: string): Result<void> {
	const invalid = validateHostName(reservation.name) ?? validateMac(reservation.mac) ?? validateIpv4(reservation.ip);
	if (invalid) return fail(appError('dhcp.invalid', invalid));
	const mac = normalizeMac(reservation.mac);
	const ip = ipv4ToNumber(reservation.ip)!;
	for (const host of conf.hosts) {
		if (sameName(host.name, reservation.name)) return fail(appError('dhcp.name-taken', `host '${host.name}' is already reserved in ${file}`, {where: where(file, host)}));
		if (host.mac === mac) return fail(appError('dhcp.mac-taken', `MAC ${mac} is already reserved for host '${host.name}'`, {where: where(file, host)}));
		if (host.fixedAddresses.includes(reservation.ip)) return fail(appError('dhcp.ip-taken', `${reservation.ip} is already the fixed address of host '${host.name}'`, {where: where(file, host)}));
	}
	const subnet = conf.subnets.find(s => networkContains(s.network, ip));
	if (!subnet) {
		const declared = conf.subnets.map(s => formatCidr(s.network)).join(', ') || 'none';
		return fail(appError('dhcp.outside-subnet', `${reservation.ip} is outside every subnet declared in ${file} (declared: ${declared}); dhcpd would never hand it out`, {where: {file}}));
	}
	if (ip === subnet.network.base || ip === (subnet.network.base | (2 ** (32 - subnet.network.prefix) - 1)) >>> 0) {
		return fail(appError('dhcp.reserved-address', `${reservation.ip} is the network or broadcast address of ${formatCidr(subnet.network)}`, {where: {file, line: subnet.line}}));
	}
	const range = conf.ranges.find(r => ip >= r.low && ip <= r.high);
	if (range) {
		return fail(appError('dhcp.in-range', `${reservation.ip} is inside the dynamic range ${numberToIpv4(range.low)}-${numberToIpv4(range.high)}: dhcpd could lease it to another machine; pick an address outside it`, {where: {file, line: range.line}}));
	}
	return ok(undefined);
}

function lineStart(text: string, offset: number): number {
	return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The new file text with the host block added after the last existing one (or at the end). */
export function addReservation(text: string, reservation: Reservation, file: string): Result<ReservationEdit> {
	const parsed = parseDhcpdConf(text, file);
	if (!parsed.ok) return parsed;
	const checked = checkReservation(parsed.value, reservation, file);
	if (!checked.ok) return checked;
	const mac = normalizeMac(reservation.mac);
	const last = parsed.value.hosts.filter(h => h.end > 0).at(-1);
	let indent = '';
	let insertAt = text.length;
	if (last) {
		const start = lineStart(text, last.start);
		indent = text.slice(start, last.start).replace(/[^\t ]/g, '');
		insertAt = last.end;
	}
	// Indent the body the way the existing block's body is indented.
	let inner = indent + (indent.includes('\t') ? '\t' : '    ');
	if (last) {
		const body = /\n([ \t]*)\S/.exec(text.slice(last.start, last.end));
		if (body && body[1].length > indent.length) inner = body[1];
	}
	const block = [
		`host ${reservation.name} {`,
		`${inner}hardware ethernet ${mac};`,
		`${inner}fixed-address ${reservation.ip};`,
		`${indent}}`,
	].join('\n');
	let next: string;
	if (last) {
		next = text.slice(0, insertAt) + '\n' + indent + block + text.slice(insertAt);
	} else {
		const base = text === '' || text.endsWith('\n') ? text : text + '\n';
		next = base + block + '\n';
	}
	return ok({text: next, summary: `add host ${reservation.name} (${mac} -> ${reservation.ip})`});
}

/** The new file text without the named host block; refuses an unknown name. */
export function removeReservation(text: string, name: string, file: string): Result<ReservationEdit> {
	const parsed = parseDhcpdConf(text, file);
	if (!parsed.ok) return parsed;
	const matches = parsed.value.hosts.filter(h => h.name.toLowerCase() === name.toLowerCase());
	const host = matches[0] ?? parsed.value.hosts.find(h => sameName(h.name, name));
	if (!host || host.end < 0) return fail(appError('dhcp.no-such-host', `no host block named '${name}' in ${file}`, {where: {file}}));
	if (matches.length > 1) return fail(appError('dhcp.ambiguous', `${matches.length} host blocks are named '${name}' in ${file}; edit it by hand`, {where: where(file, host)}));
	// Cut the whole lines the block occupies when it stands alone on them; otherwise just the block.
	let start = host.start;
	let end = host.end;
	const before = lineStart(text, start);
	const afterNewline = text.indexOf('\n', end);
	const lineEnd = afterNewline === -1 ? text.length : afterNewline + 1;
	const restOfLine = text.slice(end, lineEnd);
	if (text.slice(before, start).trim() === '' && /^[ \t]*(#.*)?\r?\n?$/.test(restOfLine) && !restOfLine.includes('#')) {
		start = before;
		end = lineEnd;
	}
	return ok({text: text.slice(0, start) + text.slice(end), summary: `remove host ${host.name}${host.mac ? ` (${host.mac})` : ''}`});
}
