// Address syntax checks for the config and importers. Strict on purpose: a typo in a VIP must be
// caught when the config loads, not when `ip addr add` fails on the director.
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

/** Dotted IPv4 netmask (contiguous ones), e.g. 255.255.252.0. Returns the prefix length or null. */
export function ipv4NetmaskPrefix(text: string): number | null {
	if (!isIpv4(text)) return null;
	const bits = text.split('.').map(p => Number(p).toString(2).padStart(8, '0')).join('');
	if (!/^1*0*$/.test(bits)) return null;
	return bits.indexOf('0') < 0 ? 32 : bits.indexOf('0');
}

/** Ethernet MAC as six colon- or dash-separated hex pairs. */
export function isMac(text: string): boolean {
	return /^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$/.test(text);
}

/** Linux interface names: 1-15 chars, no '/', no whitespace. */
export function isDeviceName(text: string): boolean {
	return text.length >= 1 && text.length <= 15 && !/[\s/:]/.test(text);
}

/** The network an IPv4 address is in, for a prefix length: ('192.168.155.12', 22) -> '192.168.152.0'. */
export function ipv4Network(address: string, prefix: number): string {
	const size = 2 ** (32 - prefix);
	return numberToIpv4(Math.floor((ipv4ToNumber(address) ?? 0) / size) * size);
}
