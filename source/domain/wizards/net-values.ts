// Validators for the values an admin types into a wizard: each returns null when the value is
// good, or one sentence that says what is wrong. They run on every keystroke, so they are pure
// and cheap. (Networks, CIDR and netmask arithmetic: config/address.ts.)
import {ipv4ToNumber} from '../net/ip-address.js';

export function validateIpv4(text: string): string | null {
	if (text.trim() === '') return 'an IPv4 address is required, e.g. 172.16.0.23';
	return ipv4ToNumber(text) === null ? `'${text}' is not an IPv4 address (four numbers 0-255 separated by dots)` : null;
}

const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

/** Ethernet MAC as dhcpd writes it: six colon-separated hex pairs. */
export function validateMac(text: string): string | null {
	if (text.trim() === '') return 'a MAC address is required, e.g. 00:16:3e:aa:bb:03';
	if (!MAC.test(text)) return `'${text}' is not a MAC address (six hex pairs separated by colons, e.g. 00:16:3e:aa:bb:03)`;
	const first = parseInt(text.slice(0, 2), 16);
	if (first & 1) return `'${text}' is a multicast MAC address; a network card has an even first byte`;
	if (/^(00:){5}00$/.test(text)) return `'${text}' is the all-zero MAC address`;
	return null;
}

export function normalizeMac(text: string): string {
	return text.toLowerCase();
}

/**
 * RFC 1123 host name: labels of letters, digits and hyphens, 1-63 chars, not starting or ending
 * with a hyphen, at most 253 chars in all. Dots allowed (a FQDN), but no trailing dot here.
 */
export function validateHostName(text: string): string | null {
	if (text === '') return 'a host name is required, e.g. rs3';
	if (text.length > 253) return `host name '${text.slice(0, 20)}…' is longer than 253 characters`;
	for (const label of text.split('.')) {
		if (label === '') return `'${text}' has an empty label (two dots in a row, or a dot at the start or end)`;
		if (label.length > 63) return `'${label.slice(0, 20)}…' is longer than 63 characters (RFC 1123 label limit)`;
		if (!/^[A-Za-z0-9-]+$/.test(label)) return `'${text}' is not an RFC 1123 host name: only letters, digits, '-' and '.' are allowed`;
		if (label.startsWith('-') || label.endsWith('-')) return `'${text}' is not an RFC 1123 host name: a label may not start or end with '-'`;
	}
	return null;
}

/** The short name (first label) of a host name: what files and dhcpd host blocks are named after. */
export function shortHostName(name: string): string {
	return name.split('.')[0];
}
