// Network address syntax and IPv4 network arithmetic, in one place for the config, the importers,
// the interface parsers, the wizards and the node commands: CIDR and netmask forms, networks and
// membership, MAC and device names. Strict on purpose: a typo in a VIP must be caught when the
// config loads, not when `ip addr add` fails on the director. (Single addresses: net/ip-address.ts;
// the messages a wizard shows for a typed value: wizards/net-values.ts.)
import {ipv4ToNumber, isIpv4, isIpv6, numberToIpv4} from '../net/ip-address.js';

/** 'a.b.c.d/n' or 'v6/n' with the prefix in range. */
export function isCidr(text: string): boolean {
	const slash = text.indexOf('/');
	if (slash < 0) return false;
	const address = text.slice(0, slash);
	const prefix = text.slice(slash + 1);
	if (!/^[0-9]{1,3}$/.test(prefix)) return false;
	const n = Number(prefix);
	if (isIpv4(address)) return n <= 32;
	if (isIpv6(address)) return n <= 128;
	return false;
}

/** A dotted IPv4 netmask (255.255.252.0) to its prefix length, or null when it is not one (ones not contiguous). */
export function netmaskToPrefix(mask: string): number | null {
	const n = ipv4ToNumber(mask);
	if (n === null) return null;
	let prefix = 0;
	while (prefix < 32 && (n & (0x80000000 >>> prefix)) !== 0) prefix++;
	return maskAddress(0xffffffff, prefix) === n ? prefix : null;
}

export interface Ipv4Network {
	/** Network address as a number (host bits cleared). */
	base: number;
	prefix: number;
}

/** "172.16.0.0/16" to a network; host bits are cleared. */
export function parseCidr(text: string): Ipv4Network | null {
	const m = /^([0-9.]+)\/([0-9]{1,2})$/.exec(text.trim());
	if (!m) return null;
	const ip = ipv4ToNumber(m[1]);
	const prefix = Number(m[2]);
	if (ip === null || prefix > 32) return null;
	return {base: maskAddress(ip, prefix), prefix};
}

/** The address with its host bits cleared. */
export function maskAddress(ip: number, prefix: number): number {
	if (prefix === 0) return 0;
	return (ip & ((0xffffffff << (32 - prefix)) >>> 0)) >>> 0;
}

export function networkContains(network: Ipv4Network, ip: number): boolean {
	return maskAddress(ip, network.prefix) === network.base;
}

export function formatCidr(network: Ipv4Network): string {
	return `${numberToIpv4(network.base)}/${network.prefix}`;
}

/** The network an IPv4 address is in, for a prefix length: ('192.168.155.12', 22) -> '192.168.152.0'. */
export function ipv4Network(address: string, prefix: number): string {
	return numberToIpv4(maskAddress(ipv4ToNumber(address) ?? 0, prefix));
}

/** Ethernet MAC as six colon- or dash-separated hex pairs. */
export function isMac(text: string): boolean {
	return /^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$/.test(text);
}

/** Linux interface names: 1-15 chars, no '/', no whitespace. */
export function isDeviceName(text: string): boolean {
	return text.length >= 1 && text.length <= 15 && !/[\s/:]/.test(text);
}
