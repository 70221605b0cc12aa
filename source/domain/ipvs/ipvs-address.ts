// Addresses and ports as IPVS prints them: dotted IPv4, bracketed IPv6, names without -n, and the
// kernel's hex form in /proc. Validation here is also what the action planner trusts.
import type {Endpoint} from './ipvs-model.js';
import {canonicalAddress, isIpv4, isIpv6} from '../net/ip-address.js';

function portOf(text: string, numeric: boolean): number | string | null {
	if (/^\d{1,5}$/.test(text)) {
		const n = Number(text);
		return n <= 65535 ? n : null;
	}
	// Without -n, ipvsadm prints service names ('http') and may cut them.
	if (!numeric && /^[A-Za-z0-9_.+-]+$/.test(text)) return text;
	return null;
}

/**
 * "10.0.2.100:80", "[fd00::1]:80", or (numeric=false) "www.example.com:http". Null when the token
 * is not an endpoint.
 */
export function parseEndpoint(token: string, numeric = true): Endpoint | null {
	if (token.startsWith('[')) {
		const close = token.indexOf(']:');
		if (close < 0) return null;
		const host = token.slice(1, close);
		const port = portOf(token.slice(close + 2), numeric);
		if (!isIpv6(host) || port === null) return null;
		return {host: canonicalAddress(host), port, family: 'ipv6'};
	}
	const colon = token.lastIndexOf(':');
	if (colon <= 0) return null;
	const host = token.slice(0, colon);
	const port = portOf(token.slice(colon + 1), numeric);
	if (port === null) return null;
	if (isIpv4(host)) return {host, port, family: 'ipv4'};
	if (!numeric && /^[A-Za-z0-9_.-]+$/.test(host)) return {host, port, family: 'name'};
	return null;
}

/** "0A000264" → "10.0.2.100". */
export function hexToIPv4(hex: string): string | null {
	if (!/^[0-9A-Fa-f]{8}$/.test(hex)) return null;
	const n = parseInt(hex, 16);
	return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** /proc/net/ip_vs endpoints: "0A000264:0050" or "[fd00:0077:…:0100]:0050". */
export function parseHexEndpoint(token: string): Endpoint | null {
	if (token.startsWith('[')) {
		const close = token.indexOf(']:');
		if (close < 0) return null;
		const host = token.slice(1, close);
		const port = token.slice(close + 2);
		if (!isIpv6(host) || !/^[0-9A-Fa-f]{4}$/.test(port)) return null;
		return {host: canonicalAddress(host), port: parseInt(port, 16), family: 'ipv6'};
	}
	const m = /^([0-9A-Fa-f]{8}):([0-9A-Fa-f]{4})$/.exec(token);
	if (!m) return null;
	return {host: hexToIPv4(m[1])!, port: parseInt(m[2], 16), family: 'ipv4'};
}

/** /proc/net/ip_vs_conn address column: 8 hex digits for IPv4, the full colon form for IPv6. */
export function parseProcConnAddress(token: string): {host: string; family: 'ipv4' | 'ipv6'} | null {
	const v4 = hexToIPv4(token);
	if (v4) return {host: v4, family: 'ipv4'};
	if (isIpv6(token)) return {host: canonicalAddress(token), family: 'ipv6'};
	return null;
}
