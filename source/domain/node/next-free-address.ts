// Propose the next free IPv4 address for a new node: after the highest real-server address in
// use, inside the real servers' network, never the network/broadcast address, never anything
// already used (config, DHCP reservations, hosts entries, DIP, VIPs) nor inside a dynamic range.
import {ipv4ToNumber, numberToIpv4} from '../net/ip-address.js';
import {networkContains, parseCidr} from '../config/address.js';

export function inCidr(address: string, cidr: string): boolean {
	const net = parseCidr(cidr);
	const n = ipv4ToNumber(address);
	return net !== null && n !== null && networkContains(net, n);
}

export interface AddressUse {
	network: string;
	/** Addresses of the existing real servers: the proposal follows the highest of these. */
	realServers: string[];
	/** Everything else that is taken. */
	used: string[];
	/** Dynamic DHCP ranges, [first, last] inclusive. */
	dynamicRanges: Array<[string, string]>;
}

export function proposeNextAddress(use: AddressUse): string | null {
	const net = parseCidr(use.network);
	if (!net || net.prefix > 30) return null;
	const size = 2 ** (32 - net.prefix);
	const first = net.base + 1;
	const last = net.base + size - 2;
	const taken = new Set([...use.realServers, ...use.used].map(ipv4ToNumber).filter((n): n is number => n !== null));
	const ranges = use.dynamicRanges
		.map(([a, b]) => [ipv4ToNumber(a), ipv4ToNumber(b)] as const)
		.filter((r): r is readonly [number, number] => r[0] !== null && r[1] !== null);
	const free = (n: number) => !taken.has(n) && !ranges.some(([a, b]) => n >= a && n <= b);
	const highest = Math.max(first - 1, ...use.realServers.map(ipv4ToNumber).filter((n): n is number => n !== null && n >= first && n <= last));
	for (let n = highest + 1; n <= last; n++) if (free(n)) return numberToIpv4(n);
	for (let n = first; n <= highest; n++) if (free(n)) return numberToIpv4(n);
	return null;
}
