// `ip -o addr` (and busybox ip, which has no -j): one address per line, the rest of the old
// multi-line record folded behind a backslash. Addresses carry no MAC or link state, so `ip -o link` lines
// in the same text supply them.
import {appError, fail, ok, type Result} from '../result.js';
import type {InterfaceAddress, NetInterface} from './interface-model.js';

const LINK = /^(\d+):\s+([^:@\s]+)(?:@[^:\s]+)?:\s+<([^>]*)>(.*)$/;
const LINE = /^(\d+):\s+(\S+?)(?:@\S+)?\s+(inet6?)\s+([0-9A-Fa-f.:]+)(?:\/(\d+))?(.*)$/;

export function parseIpOnelineAddr(text: string): Result<NetInterface[]> {
	const byName = new Map<string, NetInterface>();
	const lines = text.split('\n');
	for (let n = 0; n < lines.length; n++) {
		const line = lines[n].split('\\')[0].trimEnd();
		if (line.trim() === '') continue;
		const m = LINE.exec(line);
		if (!m) {
			const link = LINK.exec(lines[n].replace(/\\/g, ' '));
			if (link) {
				byName.set(link[2], {...linkFromOneline(link), addresses: byName.get(link[2])?.addresses ?? []});
				continue;
			}
			return fail(appError('net.ip-oneline', `ip -o addr line ${n + 1} is not in the expected form`, {detail: lines[n]}));
		}
		const [, index, name, familyWord, address, prefixText, rest] = m;
		const family = familyWord === 'inet' ? 'inet' : 'inet6';
		const words = rest.trim().split(/\s+/).filter(Boolean);
		const entry: InterfaceAddress = {
			family,
			address,
			prefix: prefixText ? Number(prefixText) : family === 'inet' ? 32 : 128,
			secondary: words.includes('secondary'),
		};
		const brd = words.indexOf('brd');
		if (brd >= 0 && words[brd + 1]) entry.broadcast = words[brd + 1];
		const scope = words.indexOf('scope');
		if (scope >= 0 && words[scope + 1]) entry.scope = words[scope + 1];
		// The kernel always sends an IPv4 label and ip prints it last; IPv6 has none.
		if (family === 'inet' && words.length > 0) {
			const last = words[words.length - 1];
			if (last === name || last.startsWith(name + ':')) entry.label = last;
		}
		let iface = byName.get(name);
		if (!iface) {
			iface = {name, index: Number(index), flags: [], addresses: []};
			byName.set(name, iface);
		}
		iface.addresses.push(entry);
	}
	return ok([...byName.values()]);
}

/** `2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 … state UP …    link/ether 52:54:… brd …` */
function linkFromOneline(m: RegExpExecArray): NetInterface {
	const flags = m[3].split(',').filter(Boolean);
	const words = m[4].trim().split(/\s+/);
	const iface: NetInterface = {name: m[2], index: Number(m[1]), up: flags.includes('UP'), carrier: flags.includes('LOWER_UP'), flags, addresses: []};
	const mtu = words.indexOf('mtu');
	if (mtu >= 0) iface.mtu = Number(words[mtu + 1]);
	const state = words.indexOf('state');
	if (state >= 0) iface.operState = words[state + 1];
	const ether = words.indexOf('link/ether');
	if (ether >= 0 && words[ether + 1]) iface.mac = words[ether + 1].toLowerCase();
	return iface;
}
