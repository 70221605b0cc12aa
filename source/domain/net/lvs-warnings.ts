// The settings that silently break an LVS cluster, checked on what the hosts report: a NAT
// director that does not forward, a NAT real server whose replies bypass the director, a DR real
// server that answers ARP for the VIP or lacks the VIP on lo, keepalived owning the VIP too.
import type {LvsType} from '../config/cluster-config.js';
import {KEEPALIVED_CONF, type HostFacts} from './host-probe.js';
import {sameAddress} from './ip-address.js';
import {keepalivedMentions} from './keepalived-vip.js';
import {sysctlNumber} from './sysctl-values.js';
import type {VipSpec} from './vip-spec.js';

export interface LvsWarning {
	code: string;
	/** Host the warning is about, as named in the config. */
	host: string;
	message: string;
}

export interface WarningInput {
	lvsType: LvsType;
	vips: readonly VipSpec[];
	dip?: {address: string};
	director: {name: string; facts?: HostFacts};
	realServers: ReadonlyArray<{name: string; facts?: HostFacts}>;
}

function hasAddress(facts: HostFacts, address: string, device?: string): boolean {
	return facts.listing.interfaces.some(i => (device === undefined || i.name === device) && i.addresses.some(a => sameAddress(a.address, address)));
}

export function directorWarnings(input: WarningInput): LvsWarning[] {
	const {name, facts} = input.director;
	if (!facts) return [];
	const out: LvsWarning[] = [];
	if (input.lvsType === 'nat') {
		const forward = sysctlNumber(facts.sysctl, 'net.ipv4.ip_forward');
		if (forward === 0) {
			out.push({code: 'nat.ip-forward-off', host: name, message: 'ip_forward is off on a NAT director: replies from the real servers are dropped (sysctl -w net.ipv4.ip_forward=1)'});
		}
		if (input.dip && !hasAddress(facts, input.dip.address)) {
			out.push({code: 'nat.dip-missing', host: name, message: `the DIP ${input.dip.address} is not on the director: real servers have no gateway back`});
		}
	}
	const running = facts.keepalivedPids.length > 0;
	for (const vip of input.vips) {
		const lines = facts.keepalivedConf ? keepalivedMentions(facts.keepalivedConf, vip.address) : [];
		if (lines.length > 0) {
			out.push({
				code: 'vip.keepalived-config',
				host: name,
				message: `${KEEPALIVED_CONF}:${lines[0]} names VIP ${vip.address}${running ? ' and keepalived is running' : ''}: VRRP and lvs-tui would both own it and fight`,
			});
		} else if (running) {
			out.push({code: 'vip.keepalived-running', host: name, message: `keepalived is running on the director: if its VRRP manages ${vip.address}, it and lvs-tui would fight`});
		}
	}
	return out;
}

export function realServerWarnings(input: WarningInput): LvsWarning[] {
	const out: LvsWarning[] = [];
	for (const rs of input.realServers) {
		const facts = rs.facts;
		if (!facts) continue;
		if (input.lvsType === 'nat' && input.dip) {
			const route = facts.defaultRoutes[0];
			if (!route) {
				out.push({code: 'nat.no-default-route', host: rs.name, message: `no default route: LVS-NAT replies must go back via the DIP ${input.dip.address}`});
			} else if (!route.gateway || !sameAddress(route.gateway, input.dip.address)) {
				out.push({
					code: 'nat.route-not-dip',
					host: rs.name,
					message: `default route via ${route.gateway ?? `dev ${route.device ?? '?'}`}, not the DIP ${input.dip.address}: LVS-NAT replies bypass the director`,
				});
			}
		}
		// LVS-DR and LVS-TUN real servers both accept packets addressed to the VIP without owning it
		// on the wire: the VIP sits on lo (TUN: or on tunl0) and must never be answered by ARP.
		if (input.lvsType === 'dr' || input.lvsType === 'tun') {
			const ignore = sysctlNumber(facts.sysctl, 'net.ipv4.conf.all.arp_ignore');
			const announce = sysctlNumber(facts.sysctl, 'net.ipv4.conf.all.arp_announce');
			if (ignore === undefined || ignore < 1) {
				out.push({code: 'dr.arp-ignore', host: rs.name, message: `net.ipv4.conf.all.arp_ignore is ${ignore ?? 'unreadable'} (want 1): this real server answers ARP for the VIP`});
			}
			if (announce === undefined || announce < 2) {
				out.push({code: 'dr.arp-announce', host: rs.name, message: `net.ipv4.conf.all.arp_announce is ${announce ?? 'unreadable'} (want 2): this real server announces the VIP`});
			}
			for (const vip of input.vips) {
				if (!hasAddress(facts, vip.address, 'lo') && !(input.lvsType === 'tun' && hasAddress(facts, vip.address, 'tunl0'))) {
					out.push({code: 'dr.no-vip-on-lo', host: rs.name, message: `VIP ${vip.address} is not on lo${input.lvsType === 'tun' ? ' or tunl0' : ''}: LVS-${input.lvsType.toUpperCase()} packets for it are dropped (${vip.family === 'inet' ? `ip addr add ${vip.address}/32 dev lo label lo:0` : `ip addr add ${vip.address}/128 dev lo`})`});
				}
			}
		}
	}
	return out;
}

export function lvsWarnings(input: WarningInput): LvsWarning[] {
	return [...directorWarnings(input), ...realServerWarnings(input)];
}
