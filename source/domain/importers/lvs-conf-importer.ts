// configure-lvs lvs_nat.conf (the seed's two examples) -> lvs-tui config sections. The file is
// shell-style KEY=value; names are resolved through /etc/hosts and /etc/services text the caller
// passes in, exactly as the configure script resolved them on the director.

import type {LvsType} from '../config/cluster-config.js';
import {SCHEDULERS} from '../config/config-services.js';
import {isHostName} from '../config/config-hosts.js';
import {ipv4Network, netmaskToPrefix} from '../config/address.js';
import {isIpAddress, isIpv4} from '../net/ip-address.js';
import type {HostsTable} from './etc-hosts.js';
import {lookupPort, type ServicesTable} from './etc-services.js';
import type {ImportedConfig, ImportNote, ImportResult} from './imported-config.js';

export interface NameTables {
	hosts: HostsTable;
	services: ServicesTable;
}

const LVS_TYPES: Record<string, LvsType> = {VS_NAT: 'nat', VS_DR: 'dr', VS_TUN: 'tun'};

/** Keys that need nothing in lvs-tui, with the reason the note gives. */
const IGNORED_KEYS: Record<string, string> = {
	LVSCONF_FORMAT: 'the file format version; nothing to carry over',
	INITIAL_STATE: 'lvs-tui never changes the director when it starts; bring the VIP up with C-a v or F2',
	CLEAR_IPVS_TABLES: 'lvs-tui changes the IPVS table one service at a time and never clears it when it starts',
	SERVER_NET_DEVICE: "a real-server setting for the configure script's rc.lvs; lvs-tui does not configure real servers from it",
	SERVER_VIP_DEVICE: "a real-server setting for the configure script's rc.lvs; lvs-tui does not configure real servers from it",
	SERVER_GW: "a real-server setting for the configure script's rc.lvs; lvs-tui does not configure real servers from it",
};

interface Line {
	number: number;
	key: string;
	value: string;
}

/** `KEY=value`, value unquoted and with a trailing ` # comment` removed. */
function splitAssignment(raw: string): {key: string; value: string} | null {
	const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(raw);
	if (!m) return null;
	let value = m[2].trim();
	const quoted = /^"([^"]*)"|^'([^']*)'/.exec(value);
	if (quoted) value = quoted[1] ?? quoted[2];
	else value = value.replace(/\s+#.*$/, '');
	return {key: m[1], value: value.trim()};
}

export function importLvsConf(text: string, tables: NameTables): ImportResult {
	const notes: ImportNote[] = [];
	const config: ImportedConfig = {};
	const lines: Line[] = [];
	text.split('\n').forEach((raw, index) => {
		const number = index + 1;
		if (/^\s*(#|$)/.test(raw)) return;
		const assignment = splitAssignment(raw);
		if (!assignment) {
			notes.push({line: number, kind: 'unsupported', message: `not a KEY=value line: '${raw.trim()}'`});
			return;
		}
		lines.push({number, ...assignment});
	});

	const resolveAddress = (name: string, line: number, what: string, path: Array<string | number>): string => {
		if (isIpAddress(name)) return name;
		const address = tables.hosts.get(name.toLowerCase());
		if (address) return address;
		notes.push({line, kind: 'unresolved', path, message: `${what} '${name}' is not in /etc/hosts; replace it with its address`});
		return name;
	};

	for (const line of lines) {
		const fields = line.value.split(/\s+/).filter(Boolean);
		switch (line.key) {
			case 'LVS_TYPE': {
				const type = LVS_TYPES[line.value];
				if (type) config.lvsType = type;
				else notes.push({line: line.number, kind: 'unsupported', message: `LVS_TYPE '${line.value}' is not VS_NAT, VS_DR or VS_TUN`});
				break;
			}
			case 'VIP':
				importVip(line, fields, config, notes, resolveAddress);
				break;
			case 'DIP':
				importDip(line, fields, config, notes, resolveAddress);
				break;
			case 'DIRECTOR_GW':
				if (fields.length !== 1) notes.push({line: line.number, kind: 'unsupported', message: `DIRECTOR_GW should be one address or name, got '${line.value}'`});
				else config.directorGateway = resolveAddress(fields[0], line.number, 'DIRECTOR_GW', ['directorGateway']);
				break;
			case 'SERVICE':
				break; // after the VIPs, which services refer to
			default:
				if (IGNORED_KEYS[line.key]) notes.push({line: line.number, kind: 'ignored', message: `${line.key}: ${IGNORED_KEYS[line.key]}`});
				else notes.push({line: line.number, kind: 'unsupported', message: `unknown configure-lvs key '${line.key}'`});
		}
	}
	for (const line of lines.filter(l => l.key === 'SERVICE')) importService(line, config, notes, tables, resolveAddress);
	return {format: 'lvs-conf', config, notes: notes.sort((a, b) => a.line - b.line)};
}

type Resolve = (name: string, line: number, what: string, path: Array<string | number>) => string;

/** `device[:alias]` -> device and label (eth1:50 -> eth1, eth1:50). */
function deviceAndLabel(text: string): {device: string; label?: string} {
	const colon = text.indexOf(':');
	return colon < 0 ? {device: text} : {device: text.slice(0, colon), label: text};
}

/** VIP=device[:alias] IP|name netmask broadcast */
function importVip(line: Line, fields: string[], config: ImportedConfig, notes: ImportNote[], resolve: Resolve): void {
	if (fields.length < 2) {
		notes.push({line: line.number, kind: 'unsupported', message: `VIP needs 'device[:alias] IP netmask broadcast', got '${line.value}'`});
		return;
	}
	const vips = (config.vips ??= []);
	const index = vips.length;
	const vip: NonNullable<ImportedConfig['vips']>[number] = {address: '', ...deviceAndLabel(fields[0])};
	vip.address = resolve(fields[1], line.number, 'VIP', ['vips', index, 'address']);
	const netmask = fields[2];
	if (netmask !== undefined && isIpv4(vip.address)) {
		const prefix = netmaskToPrefix(netmask);
		if (prefix === null) notes.push({line: line.number, kind: 'unsupported', message: `VIP netmask '${netmask}' is not a netmask; the VIP gets /32`});
		else vip.prefix = prefix;
	}
	// The broadcast field follows from address and prefix; nothing to keep.
	vips.push(vip);
}

/** DIP=device[:alias] IP|name network netmask broadcast */
function importDip(line: Line, fields: string[], config: ImportedConfig, notes: ImportNote[], resolve: Resolve): void {
	if (fields.length < 2) {
		notes.push({line: line.number, kind: 'unsupported', message: `DIP needs 'device[:alias] IP network netmask broadcast', got '${line.value}'`});
		return;
	}
	const dip: NonNullable<ImportedConfig['dip']> = {address: '', ...deviceAndLabel(fields[0])};
	dip.address = resolve(fields[1], line.number, 'DIP', ['dip', 'address']);
	const [network, netmask] = [fields[2], fields[3]];
	const prefix = netmask === undefined ? null : netmaskToPrefix(netmask);
	if (network !== undefined && isIpv4(network) && prefix !== null) {
		const aligned = ipv4Network(network, prefix);
		dip.network = `${aligned}/${prefix}`;
		if (aligned !== network) {
			notes.push({line: line.number, kind: 'changed', path: ['dip', 'network'], message: `DIP network ${network} is not the start of a /${prefix} (netmask ${netmask}); used ${dip.network}`});
		}
	} else if (network !== undefined) {
		notes.push({line: line.number, kind: 'unsupported', message: `DIP network '${network}' with netmask '${netmask ?? ''}' is not an IPv4 network; left out`});
	}
	config.dip = dip;
}

/** SERVICE=proto port scheduler IP|name[:port][,weight] ... */
function importService(line: Line, config: ImportedConfig, notes: ImportNote[], tables: NameTables, resolve: Resolve): void {
	const [proto, portText, scheduler, ...servers] = line.value.split(/\s+/).filter(Boolean);
	const protocol = proto === 't' ? 'tcp' : proto === 'u' ? 'udp' : null;
	if (!protocol || !portText || !scheduler) {
		notes.push({line: line.number, kind: 'unsupported', message: `SERVICE needs 'proto port scheduler host:port[,weight] ...' with proto t or u, got '${line.value}'`});
		return;
	}
	const services = (config.services ??= []);
	const index = services.length;
	const port = lookupPort(portText, protocol, tables.services);
	const vip = config.vips?.[0];
	const service: NonNullable<ImportedConfig['services']>[number] = vip ? {protocol, vip: vip.address, port: port ?? portText, scheduler, realServers: []} : {protocol, port: port ?? portText, scheduler, realServers: []};
	if (port === null) notes.push({line: line.number, kind: 'unresolved', path: ['services', index, 'port'], message: `port '${portText}' is not in /etc/services for ${protocol}; replace it with the port number`});
	if (!(SCHEDULERS as readonly string[]).includes(scheduler)) {
		notes.push({line: line.number, kind: 'unsupported', path: ['services', index, 'scheduler'], message: `scheduler '${scheduler}' is not an IPVS scheduler (${SCHEDULERS.join(', ')})`});
	}
	if (!vip) notes.push({line: line.number, kind: 'unresolved', message: 'no VIP= line to take the service address from; add vip: to the service'});
	else if (!isIpAddress(vip.address)) {
		notes.push({line: line.number, kind: 'unresolved', path: ['services', index, 'vip'], message: `the service runs on the VIP '${vip.address}' (configure-lvs uses its one VIP), unresolved too; replace it with the same address`});
	}
	servers.forEach((spec, serverIndex) => {
		const m = /^([^:,]+)(?::([^,]+))?(?:,(.+))?$/.exec(spec);
		const path = ['services', index, 'realServers', serverIndex];
		if (!m) {
			notes.push({line: line.number, kind: 'unsupported', message: `real server '${spec}' is not host[:port][,weight]; left out`});
			return;
		}
		const [, host, serverPort, weightText] = m;
		const entry: (typeof service.realServers)[number] = {server: host};
		if (!isIpAddress(host)) {
			if (!isHostName(host)) {
				notes.push({line: line.number, kind: 'unsupported', message: `real server '${host}' is neither an address nor a host name; left out`});
				return;
			}
			addRealServer(config, host, line, resolve);
		}
		if (serverPort !== undefined) {
			const resolved = lookupPort(serverPort, protocol, tables.services);
			if (resolved === null) notes.push({line: line.number, kind: 'unresolved', path: [...path, 'port'], message: `port '${serverPort}' of ${host} is not in /etc/services for ${protocol}; replace it with the port number`});
			entry.port = resolved ?? serverPort;
		}
		if (weightText !== undefined) {
			const weight = /^[0-9]{1,5}$/.test(weightText) ? Number(weightText) : NaN;
			if (!(weight <= 65535)) notes.push({line: line.number, kind: 'unsupported', message: `weight '${weightText}' of ${host} is not 0-65535; weight 1 used`});
			else entry.weight = weight;
		}
		service.realServers.push(entry);
	});
	services.push(service);
}

function addRealServer(config: ImportedConfig, name: string, line: Line, resolve: Resolve): void {
	const servers = (config.realServers ??= []);
	if (servers.some(s => s.name === name)) return;
	servers.push({name, address: resolve(name, line.number, 'real server', ['realServers', servers.length, 'address'])});
}
