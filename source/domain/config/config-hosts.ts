// director: and realServers: -> HostConfig / RealServerConfig, with the defaults an LVS admin
// expects: a director without `host` is this machine; LVS-NAT real servers sit on a private
// network behind a remote director, so they are reached through it unless `jump: null` says not.

import type {HostConfig, LvsType, RealServerConfig, TransportKind} from './cluster-config.js';
import type {NameRef} from './config-refs.js';
import {isMac} from './address.js';
import {isNull, readChoice, readInt, readList, readMap, readString, report, type Field, type ReadContext} from './yaml-reader.js';
import {isIpAddress} from '../net/ip-address.js';

export const HOST_KEYS = ['name', 'host', 'port', 'user', 'identityFile', 'jump', 'transport'] as const;
export const REAL_SERVER_KEYS = [...HOST_KEYS, 'address', 'mac'] as const;
const TRANSPORTS: readonly TransportKind[] = ['ssh2', 'openssh', 'local'];

/** Host names appear in the UI, in `jump:` and in service lines: keep them simple words. */
export function isHostName(text: string): boolean {
	return /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(text);
}

/** Values handed to ssh: no whitespace and no leading '-' (it would be read as an option). */
function isSafeSshWord(text: string): boolean {
	return !/\s/.test(text) && !text.startsWith('-');
}

interface HostRead {
	host: HostConfig;
	entries: Map<string, Field>;
}

function readHostFields(ctx: ReadContext, field: Field, known: readonly string[], defaultName: string | undefined, refs: NameRef[]): HostRead | null {
	const entries = readMap(ctx, field, known);
	if (!entries) return null;
	const host: HostConfig = {name: defaultName ?? '', transport: 'ssh2', line: field.line};
	const nameField = entries.get('name');
	if (nameField) {
		const name = readString(ctx, nameField);
		if (name !== undefined && !isHostName(name)) {
			report(ctx, 'config.value', nameField.line, `${nameField.path}: '${name}' is not a usable host name; use letters, digits, '.', '_' or '-'`);
		} else if (name !== undefined) host.name = name;
	} else if (defaultName === undefined) {
		report(ctx, 'config.missing', field.line, `${field.path}: 'name' is required (e.g. name: rs1)`);
	}
	for (const key of ['host', 'user'] as const) {
		const f = entries.get(key);
		if (!f) continue;
		const value = readString(ctx, f);
		if (value === undefined) continue;
		if (!isSafeSshWord(value)) report(ctx, 'config.value', f.line, `${f.path}: '${value}' must not contain spaces or start with '-'`);
		else host[key] = value;
	}
	const port = entries.get('port');
	if (port) host.port = readInt(ctx, port, 1, 65535);
	const identity = entries.get('identityFile');
	if (identity) host.identityFile = readString(ctx, identity);
	const transport = entries.get('transport');
	const chosen = transport ? readChoice(ctx, transport, TRANSPORTS) : undefined;
	host.transport = chosen ?? (host.host === undefined && known === HOST_KEYS ? 'local' : 'ssh2');
	if (chosen === 'local' && host.host !== undefined) {
		report(ctx, 'config.value', transport!.line, `${transport!.path}: transport local runs on this machine; remove 'host' or use ssh2 or openssh`);
	}
	const jump = entries.get('jump');
	if (jump && !isNull(jump)) {
		const target = readString(ctx, jump);
		if (target !== undefined) {
			host.jump = target;
			refs.push({kind: 'jump', name: target, from: host.name, path: jump.path, line: jump.line});
		}
	}
	if (host.port === undefined) delete host.port;
	return {host, entries};
}

export function readDirector(ctx: ReadContext, field: Field | undefined, refs: NameRef[]): HostConfig {
	if (!field || isNull(field)) return {name: 'director', transport: 'local'};
	return readHostFields(ctx, field, HOST_KEYS, 'director', refs)?.host ?? {name: 'director', transport: 'local'};
}

export function readRealServers(ctx: ReadContext, field: Field | undefined, lvsType: LvsType, director: HostConfig, refs: NameRef[]): RealServerConfig[] {
	if (!field) return [];
	const items = readList(ctx, field);
	if (!items) return [];
	const servers: RealServerConfig[] = [];
	for (const item of items) {
		const read = readHostFields(ctx, item, REAL_SERVER_KEYS, undefined, refs);
		if (!read) continue;
		const {host, entries} = read;
		let address = '';
		const addressField = entries.get('address');
		if (!addressField) {
			report(ctx, 'config.missing', item.line, `${item.path}: 'address' is required: the real server's IP as IPVS sees it (RIP)`);
		} else {
			const text = readString(ctx, addressField);
			if (text !== undefined && !isIpAddress(text)) {
				report(ctx, 'config.address', addressField.line, `${addressField.path}: '${text}' is not an IPv4 or IPv6 address`);
			} else if (text !== undefined) address = text;
		}
		const server: RealServerConfig = {...host, address};
		const macField = entries.get('mac');
		if (macField) {
			const mac = readString(ctx, macField);
			if (mac !== undefined && !isMac(mac)) report(ctx, 'config.value', macField.line, `${macField.path}: '${mac}' is not a MAC address like 00:16:3e:aa:bb:01`);
			else if (mac !== undefined) server.mac = mac.toLowerCase().replaceAll('-', ':');
		}
		if (server.transport !== 'local' && server.host === undefined && address) server.host = address;
		if (!entries.has('jump') && lvsType === 'nat' && director.transport !== 'local' && server.transport !== 'local') {
			server.jump = director.name;
		}
		servers.push(server);
	}
	return servers;
}
