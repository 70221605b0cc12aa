// services: — the IPVS virtual services and their real servers, as `ipvsadm -A/-a` would take them.

import type {ForwardMethod, LvsType, ServiceConfig, ServiceProtocol, ServiceRealServer} from './cluster-config.js';
import type {NameRef} from './config-refs.js';
import {netmaskToPrefix} from './address.js';
import {DEFAULT_SCHEDULER, DEFAULT_WEIGHT, defaultForward} from './defaults.js';
import {readAddress} from './config-network.js';
import {didYouMean} from './nearest-word.js';
import {isNull, readChoice, readInt, readList, readMap, readString, report, type Field, type ReadContext} from './yaml-reader.js';
import {isIpv4} from '../net/ip-address.js';

const SERVICE_KEYS = ['name', 'protocol', 'vip', 'port', 'fwmark', 'scheduler', 'persistent', 'netmask', 'realServers'] as const;
const SERVICE_SERVER_KEYS = ['server', 'port', 'weight', 'forward'] as const;
const PROTOCOLS: readonly ServiceProtocol[] = ['tcp', 'udp', 'sctp', 'fwm'];
const FORWARDS: readonly ForwardMethod[] = ['masq', 'route', 'tunnel'];
/** The schedulers in the Linux IPVS tree (ip_vs_*.c) as ipvsadm -s names them. */
export const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh', 'twos'] as const;

export function readServices(ctx: ReadContext, field: Field | undefined, lvsType: LvsType, refs: NameRef[]): ServiceConfig[] {
	if (!field) return [];
	const services: ServiceConfig[] = [];
	for (const item of readList(ctx, field) ?? []) {
		const entries = readMap(ctx, item, SERVICE_KEYS);
		if (!entries) continue;
		const get = (key: (typeof SERVICE_KEYS)[number]) => entries.get(key);
		const service: ServiceConfig = {protocol: 'tcp', scheduler: DEFAULT_SCHEDULER, realServers: [], line: item.line};
		if (get('name')) service.name = readString(ctx, get('name')!);
		if (get('protocol')) service.protocol = readChoice(ctx, get('protocol')!, PROTOCOLS) ?? 'tcp';
		const fwm = service.protocol === 'fwm';
		if (fwm) {
			if (!get('fwmark')) report(ctx, 'config.missing', item.line, `${item.path}: protocol fwm needs 'fwmark' (the firewall mark, 1 or more)`);
			else service.fwmark = readInt(ctx, get('fwmark')!, 1, 0xffffffff);
			for (const key of ['vip', 'port'] as const) {
				if (get(key)) report(ctx, 'config.value', get(key)!.line, `${item.path}.${key}: a fwm service is matched by its mark only; remove '${key}'`);
			}
		} else {
			if (get('fwmark')) report(ctx, 'config.value', get('fwmark')!.line, `${item.path}.fwmark: only protocol fwm takes a fwmark`);
			if (!get('vip')) report(ctx, 'config.missing', item.line, `${item.path}: 'vip' is required (the virtual address clients connect to)`);
			else service.vip = readAddress(ctx, get('vip')!);
			if (!get('port')) report(ctx, 'config.missing', item.line, `${item.path}: 'port' is required (e.g. 80)`);
			// Port 0 means "all ports", which IPVS only allows with persistence.
			else service.port = readInt(ctx, get('port')!, get('persistent') ? 0 : 1, 65535);
		}
		const scheduler = get('scheduler');
		if (scheduler) {
			const name = readString(ctx, scheduler);
			if (name !== undefined && !(SCHEDULERS as readonly string[]).includes(name)) {
				report(ctx, 'config.value', scheduler.line, `${scheduler.path}: unknown scheduler '${name}'${didYouMean(name, SCHEDULERS)}; expected one of: ${SCHEDULERS.join(', ')}`);
			} else if (name !== undefined) service.scheduler = name;
		}
		if (get('persistent')) service.persistent = readInt(ctx, get('persistent')!, 1, 0x7fffffff);
		const netmask = get('netmask');
		if (netmask) {
			const text = readString(ctx, netmask);
			const v6 = service.vip !== undefined && !isIpv4(service.vip);
			const valid = text !== undefined && (v6 ? /^([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8])$/.test(text) : netmaskToPrefix(text) !== null);
			if (text !== undefined && !valid) {
				report(ctx, 'config.value', netmask.line, `${netmask.path}: '${text}' is not a persistence netmask (${v6 ? 'a prefix length 0-128' : 'e.g. 255.255.255.0'})`);
			} else if (text !== undefined) service.netmask = text;
			if (!get('persistent')) report(ctx, 'config.value', netmask.line, `${netmask.path}: a netmask only applies to persistent services; add 'persistent'`);
		}
		const servers = get('realServers');
		if (servers) service.realServers = readServiceServers(ctx, servers, lvsType, service, refs);
		if (service.name === undefined) delete service.name;
		// ipvsadm -A refuses a second service with the same address, port and protocol.
		const key = serviceKey(service);
		const first = key === null ? undefined : services.find(s => serviceKey(s) === key);
		if (first) {
			report(ctx, 'config.duplicate-service', item.line, `${item.path}: the service ${key} is already defined at line ${first.line}; IPVS allows it once (add real servers to that one)`);
		}
		services.push(service);
	}
	return services;
}

function readServiceServers(ctx: ReadContext, field: Field, lvsType: LvsType, service: ServiceConfig, refs: NameRef[]): ServiceRealServer[] {
	const out: ServiceRealServer[] = [];
	for (const item of readList(ctx, field) ?? []) {
		const entries = readMap(ctx, item, SERVICE_SERVER_KEYS);
		if (!entries) continue;
		const serverField = entries.get('server');
		if (!serverField) {
			report(ctx, 'config.missing', item.line, `${item.path}: 'server' is required (a realServers name or an address)`);
			continue;
		}
		const server = readString(ctx, serverField);
		if (server === undefined) continue;
		refs.push({kind: 'service-server', name: server, from: item.path, path: serverField.path, line: serverField.line});
		const entry: ServiceRealServer = {server, weight: DEFAULT_WEIGHT, forward: defaultForward(lvsType)};
		const port = entries.get('port');
		if (port && !isNull(port)) entry.port = readInt(ctx, port, 1, 65535);
		else if (service.port) entry.port = service.port;
		if (entry.port === undefined) delete entry.port;
		const weight = entries.get('weight');
		if (weight) entry.weight = readInt(ctx, weight, 0, 65535) ?? DEFAULT_WEIGHT;
		const forward = entries.get('forward');
		if (forward) entry.forward = readChoice(ctx, forward, FORWARDS) ?? entry.forward;
		const same = out.find(o => o.server === entry.server && o.port === entry.port);
		if (same) {
			report(ctx, 'config.duplicate-service', serverField.line, `${serverField.path}: ${entry.server}${entry.port !== undefined ? `:${entry.port}` : ''} is already a real server of this service; IPVS allows it once`);
			continue;
		}
		out.push(entry);
	}
	return out;
}

/** "tcp 10.0.0.1:80" / "fwm 3", the identity ipvsadm uses; null when the service is incomplete. */
function serviceKey(service: ServiceConfig): string | null {
	if (service.protocol === 'fwm') return service.fwmark === undefined ? null : `fwm ${service.fwmark}`;
	if (service.vip === undefined || service.port === undefined) return null;
	return `${service.protocol} ${service.vip.includes(':') ? `[${service.vip}]` : service.vip}:${service.port}`;
}
