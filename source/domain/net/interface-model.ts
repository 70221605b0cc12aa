// One model of a host's interfaces, whichever tool printed them (`ip -j addr`, `ip -o addr`,
// `ifconfig`), so the panel, the warnings and the VIP plan never care which one a host had.
import type {AddressFamily} from './ip-address.js';

export interface InterfaceAddress {
	family: AddressFamily;
	address: string;
	prefix: number;
	/** IPv4 label, e.g. "eth0:50" (the alias name ifconfig shows). IPv6 addresses have none. */
	label?: string;
	/** The kernel's "secondary" flag: another address of the same subnet came first. */
	secondary: boolean;
	scope?: string;
	broadcast?: string;
}

export interface NetInterface {
	/** Device name without the "@peer" suffix ip prints for veth/vlan links. */
	name: string;
	index?: number;
	/** Administratively up (the UP flag); undefined when the tool did not say (`ip -o addr` alone). */
	up?: boolean;
	/** Carrier present (LOWER_UP / RUNNING); undefined when the tool did not say. */
	carrier?: boolean;
	/** operstate as ip prints it: UP, DOWN, UNKNOWN (loopback, dummy), LOWERLAYERDOWN… */
	operState?: string;
	mac?: string;
	mtu?: number;
	flags: string[];
	addresses: InterfaceAddress[];
}

/** Which tool the text came from: the panel says so when a host only has the legacy one. */
export type InterfaceSource = 'ip-json' | 'ip-oneline' | 'ifconfig';

export interface InterfaceListing {
	source: InterfaceSource;
	interfaces: NetInterface[];
}

export function findInterface(interfaces: readonly NetInterface[], name: string): NetInterface | undefined {
	return interfaces.find(i => i.name === name);
}

/** A short link-state word for the panel: up, down, no-carrier. */
export function linkStateWord(i: NetInterface): string {
	if (i.up === undefined) return '?';
	if (!i.up) return 'down';
	if (i.carrier === false) return 'no-carrier';
	return 'up';
}
