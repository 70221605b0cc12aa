// Addresses and ports as IPVS prints them: dotted IPv4, bracketed IPv6, names without -n, and the
// kernel's hex form in /proc. Validation here is also what the action planner trusts.
import type {Endpoint} from './ipvs-model.js';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/** Dotted quad, no leading zeros (one regex: this runs for every row of a large table). */
export function isIPv4(s: string): boolean {
	return IPV4.test(s);
}

/** Replace an embedded IPv4 tail ("::ffff:1.2.3.4") by two hex words; null if the tail is bad. */
function withoutIPv4Tail(s: string): string | null {
	const lastColon = s.lastIndexOf(':');
	const tail = s.slice(lastColon + 1);
	if (!tail.includes('.')) return s;
	if (!isIPv4(tail)) return null;
	const v4 = tail.split('.').map(Number);
	return s.slice(0, lastColon + 1) + ((v4[0] << 8) | v4[1]).toString(16) + ':' + ((v4[2] << 8) | v4[3]).toString(16);
}

function ipv6Words(s: string): string[] | null {
	if (!/^[0-9A-Fa-f:.]+$/.test(s) || s.length > 45) return null;
	const text = withoutIPv4Tail(s);
	if (text === null) return null;
	const dbl = text.indexOf('::');
	if (dbl >= 0 && text.indexOf('::', dbl + 1) >= 0) return null;
	let words: string[];
	if (dbl >= 0) {
		const head = text.slice(0, dbl);
		const rest = text.slice(dbl + 2);
		const h = head ? head.split(':') : [];
		const r = rest ? rest.split(':') : [];
		if (h.length + r.length > 7) return null;
		words = [...h, ...new Array<string>(8 - h.length - r.length).fill('0'), ...r];
	} else {
		words = text.split(':');
	}
	if (words.length !== 8 || !words.every(w => /^[0-9A-Fa-f]{1,4}$/.test(w))) return null;
	return words;
}

export function isIPv6(s: string): boolean {
	return ipv6Words(s) !== null;
}

/** RFC 5952 form (lower case, longest zero run compressed) so /proc's full form matches ipvsadm's. */
export function normalizeIPv6(s: string): string {
	const w = ipv6Words(s);
	if (!w) return s.toLowerCase();
	const words = w.map(x => parseInt(x, 16));
	let bestStart = -1;
	let bestLen = 0;
	for (let i = 0; i < 8; ) {
		if (words[i] !== 0) {
			i++;
			continue;
		}
		let j = i;
		while (j < 8 && words[j] === 0) j++;
		if (j - i > bestLen && j - i >= 2) {
			bestStart = i;
			bestLen = j - i;
		}
		i = j;
	}
	const hex = words.map(x => x.toString(16));
	if (bestStart < 0) return hex.join(':');
	return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export function isAddress(s: string): boolean {
	return isIPv4(s) || isIPv6(s);
}

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
		if (!isIPv6(host) || port === null) return null;
		return {host: normalizeIPv6(host), port, family: 'ipv6'};
	}
	const colon = token.lastIndexOf(':');
	if (colon <= 0) return null;
	const host = token.slice(0, colon);
	const port = portOf(token.slice(colon + 1), numeric);
	if (port === null) return null;
	if (isIPv4(host)) return {host, port, family: 'ipv4'};
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
		if (!isIPv6(host) || !/^[0-9A-Fa-f]{4}$/.test(port)) return null;
		return {host: normalizeIPv6(host), port: parseInt(port, 16), family: 'ipv6'};
	}
	const m = /^([0-9A-Fa-f]{8}):([0-9A-Fa-f]{4})$/.exec(token);
	if (!m) return null;
	return {host: hexToIPv4(m[1])!, port: parseInt(m[2], 16), family: 'ipv4'};
}

/** /proc/net/ip_vs_conn address column: 8 hex digits for IPv4, the full colon form for IPv6. */
export function parseProcConnAddress(token: string): {host: string; family: 'ipv4' | 'ipv6'} | null {
	const v4 = hexToIPv4(token);
	if (v4) return {host: v4, family: 'ipv4'};
	if (isIPv6(token)) return {host: normalizeIPv6(token), family: 'ipv6'};
	return null;
}
