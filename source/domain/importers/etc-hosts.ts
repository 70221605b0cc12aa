// /etc/hosts text -> name lookup, so importers can turn `rs1` into an address the way the
// configure script did with gethostbyname on the director.

import {isIpAddress} from '../net/ip-address.js';

/** name (lower case) -> first address listed for it, as the resolver returns the first match. */
export type HostsTable = ReadonlyMap<string, string>;

export function parseEtcHosts(text: string): HostsTable {
	const table = new Map<string, string>();
	for (const raw of text.split('\n')) {
		const line = raw.replace(/#.*/, '').trim();
		if (!line) continue;
		const [address, ...names] = line.split(/\s+/);
		if (!isIpAddress(address)) continue;
		for (const name of names) {
			const key = name.toLowerCase();
			if (!table.has(key)) table.set(key, address);
		}
	}
	return table;
}
