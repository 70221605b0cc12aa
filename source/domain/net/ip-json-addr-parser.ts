// `ip -j addr` (iproute2 ≥ 4.13): the preferred source. Quirks handled: `{}` entries in addr_info
// when a filter (label, dev) did not match, `"link": null` on tunnels, labels on inet only.
import {appError, fail, ok, type Result} from '../result.js';
import {addressFamily} from './ip-address.js';
import type {InterfaceAddress, NetInterface} from './interface-model.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseIpJsonAddr(text: string): Result<NetInterface[]> {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		return fail(appError('net.ip-json', `ip -j addr printed something that is not JSON: ${(error as Error).message}`, {detail: text.slice(0, 400)}));
	}
	if (!Array.isArray(data)) return fail(appError('net.ip-json', 'ip -j addr did not print a JSON array', {detail: text.slice(0, 400)}));
	const interfaces: NetInterface[] = [];
	for (const entry of data) {
		if (!isObject(entry) || typeof entry.ifname !== 'string') continue;
		const flags = Array.isArray(entry.flags) ? entry.flags.filter((f): f is string => typeof f === 'string') : [];
		const addresses: InterfaceAddress[] = [];
		for (const a of Array.isArray(entry.addr_info) ? entry.addr_info : []) {
			if (!isObject(a) || typeof a.local !== 'string') continue;
			const family = a.family === 'inet' || a.family === 'inet6' ? a.family : addressFamily(a.local);
			if (!family) continue;
			const address: InterfaceAddress = {
				family,
				address: a.local,
				prefix: typeof a.prefixlen === 'number' ? a.prefixlen : family === 'inet' ? 32 : 128,
				secondary: a.secondary === true,
			};
			if (typeof a.label === 'string') address.label = a.label;
			if (typeof a.scope === 'string') address.scope = a.scope;
			if (typeof a.broadcast === 'string') address.broadcast = a.broadcast;
			addresses.push(address);
		}
		const iface: NetInterface = {
			name: entry.ifname,
			up: flags.includes('UP'),
			carrier: flags.includes('LOWER_UP'),
			flags,
			addresses,
		};
		if (typeof entry.ifindex === 'number') iface.index = entry.ifindex;
		if (typeof entry.operstate === 'string') iface.operState = entry.operstate;
		if (typeof entry.mtu === 'number') iface.mtu = entry.mtu;
		if (typeof entry.address === 'string' && entry.link_type !== 'loopback' && /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(entry.address)) {
			iface.mac = entry.address.toLowerCase();
		}
		interfaces.push(iface);
	}
	return ok(interfaces);
}
