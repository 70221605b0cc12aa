// `ifconfig -a` from net-tools 2.10 (`eth0: flags=4163<UP,…>  mtu 1500`) and the legacy 1.60 layout
// the seed shows (`eth0      Link encap:Ethernet  HWaddr …`). An alias is its own block named
// `eth0:50` and only exists when the address has a label; it is folded into its device here.
import {appError, fail, ok, type Result} from '../result.js';
import {netmaskToPrefix} from '../config/address.js';
import type {InterfaceAddress, NetInterface} from './interface-model.js';

interface Block {
	name: string;
	lines: string[];
}

function splitBlocks(text: string): Block[] {
	const blocks: Block[] = [];
	for (const raw of text.split('\n')) {
		const line = raw.trimEnd();
		if (line === '') continue;
		if (!/^\s/.test(line)) {
			const m = /^([^\s:]+(?::[^\s:]+)?):?\s/.exec(line + ' ');
			if (!m) continue;
			blocks.push({name: m[1], lines: [line]});
		} else if (blocks.length > 0) {
			blocks[blocks.length - 1].lines.push(line.trim());
		}
	}
	return blocks;
}

function field(line: string, re: RegExp): string | undefined {
	return re.exec(line)?.[1];
}

export function parseIfconfig(text: string): Result<NetInterface[]> {
	const blocks = splitBlocks(text);
	if (blocks.length === 0) return fail(appError('net.ifconfig', 'ifconfig printed no interfaces', {detail: text.slice(0, 400)}));
	const byName = new Map<string, NetInterface>();
	for (const block of blocks) {
		const [device, alias] = block.name.split(':');
		const header = block.lines[0];
		const modern = /flags=\d+</.test(header);
		let flags: string[] = [];
		let mtu: number | undefined;
		let mac: string | undefined;
		const addresses: InterfaceAddress[] = [];
		if (modern) {
			flags = (field(header, /<([^>]*)>/) ?? '').split(',').filter(Boolean);
			const m = field(header, /mtu (\d+)/);
			if (m) mtu = Number(m);
		} else {
			mac = field(header, /HWaddr ([0-9A-Fa-f:]{17})/);
		}
		for (const line of block.lines.slice(1)) {
			if (modern) {
				const inet = /^inet ([0-9.]+)\s+netmask ([0-9.]+)(?:\s+broadcast ([0-9.]+))?/.exec(line);
				if (inet) {
					const a: InterfaceAddress = {family: 'inet', address: inet[1], prefix: netmaskToPrefix(inet[2]) ?? 32, secondary: false, label: block.name};
					if (inet[3] && inet[3] !== '0.0.0.0') a.broadcast = inet[3];
					addresses.push(a);
					continue;
				}
				const inet6 = /^inet6 ([0-9A-Fa-f:.]+)\s+prefixlen (\d+)(?:\s+scopeid \S+<(\w+)>)?/.exec(line);
				if (inet6) {
					const a: InterfaceAddress = {family: 'inet6', address: inet6[1], prefix: Number(inet6[2]), secondary: false};
					if (inet6[3]) a.scope = inet6[3];
					addresses.push(a);
					continue;
				}
				const ether = field(line, /^ether ([0-9A-Fa-f:]{17})/);
				if (ether) mac = ether;
			} else {
				const inet = /^inet addr:([0-9.]+)(?:\s+Bcast:([0-9.]+))?\s+Mask:([0-9.]+)/.exec(line);
				if (inet) {
					const a: InterfaceAddress = {family: 'inet', address: inet[1], prefix: netmaskToPrefix(inet[3]) ?? 32, secondary: false, label: block.name};
					if (inet[2]) a.broadcast = inet[2];
					addresses.push(a);
					continue;
				}
				const inet6 = /^inet6 addr: ?([0-9A-Fa-f:.]+)\/(\d+)(?:\s+Scope:(\w+))?/.exec(line);
				if (inet6) {
					const a: InterfaceAddress = {family: 'inet6', address: inet6[1], prefix: Number(inet6[2]), secondary: false};
					if (inet6[3]) a.scope = inet6[3].toLowerCase();
					addresses.push(a);
					continue;
				}
				// "UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1"
				const legacyMtu = /^(.*?)\s*MTU:(\d+)/.exec(line);
				if (legacyMtu) {
					flags = legacyMtu[1].split(/\s+/).filter(Boolean);
					mtu = Number(legacyMtu[2]);
				}
			}
		}
		let iface = byName.get(device);
		if (!iface) {
			iface = {name: device, flags: [], addresses: []};
			byName.set(device, iface);
		}
		// The device's own block decides its state; an alias block only contributes addresses.
		if (alias === undefined || iface.up === undefined) {
			iface.flags = flags;
			iface.up = flags.includes('UP');
			iface.carrier = flags.includes('RUNNING');
			if (mtu !== undefined) iface.mtu = mtu;
		}
		if (mac && !/^(00:){5}00$/.test(mac)) iface.mac = mac.toLowerCase();
		// net-tools shows IPv6 addresses on the device block only; IPv4 in each alias block.
		iface.addresses.push(...addresses);
	}
	return ok([...byName.values()]);
}
