// Add or remove a node in lvs-tui.yaml as a document edit, so the admin's comments, ordering and
// formatting survive (the file is then written atomically by the caller).
import {parseDocument, isSeq, isMap, type Document, YAMLSeq, YAMLMap} from 'yaml';
import {type Result, ok, fail, appError} from '../result.js';

export interface NodeEntry {
	name: string;
	address: string;
	mac?: string;
	weight: number;
	/** Services the node joins, matched as `vip:port` (or `fwm:MARK`). */
	services: string[];
	/** Per service (same labels): the real-server port and forwarding method to write, when known. */
	memberships?: Record<string, {port?: number; forward?: string}>;
	/** Defaults for the real server's SSH route: through the director for LVS-NAT. */
	jump?: string;
	user?: string;
	identityFile?: string;
	paneNumber: number;
}

function seq(doc: Document, key: string): YAMLSeq {
	const node = doc.get(key, true);
	if (isSeq(node)) return node;
	const created = new YAMLSeq();
	doc.set(key, created);
	return created;
}

function findIndex(s: YAMLSeq, key: string, value: unknown): number {
	return s.items.findIndex(item => isMap(item) && item.get(key) === value);
}

function serviceKey(service: YAMLMap): string {
	if (service.get('protocol') === 'fwm') return `fwm:${service.get('fwmark')}`;
	return `${service.get('vip')}:${service.get('port')}`;
}

export function addNodeToConfig(text: string, node: NodeEntry, file: string): Result<{text: string; changed: boolean}> {
	const doc = parseDocument(text);
	if (doc.errors.length > 0) return fail(appError('config.yaml', `cannot edit ${file}: ${doc.errors[0].message}`, {where: {file}}));
	let changed = false;

	const servers = seq(doc, 'realServers');
	if (findIndex(servers, 'name', node.name) < 0) {
		const entry: Record<string, unknown> = {name: node.name, address: node.address, host: node.address};
		if (node.mac) entry.mac = node.mac;
		if (node.user) entry.user = node.user;
		if (node.identityFile) entry.identityFile = node.identityFile;
		if (node.jump) entry.jump = node.jump;
		servers.add(doc.createNode(entry));
		changed = true;
	}

	const services = doc.get('services', true);
	if (isSeq(services)) {
		for (const item of services.items) {
			if (!isMap(item) || !node.services.includes(serviceKey(item as YAMLMap))) continue;
			const rs = (item as YAMLMap).get('realServers', true);
			if (!isSeq(rs)) continue;
			if (findIndex(rs, 'server', node.name) >= 0) continue;
			const extra = node.memberships?.[serviceKey(item as YAMLMap)];
			const entry: Record<string, unknown> = {server: node.name};
			if (extra?.port !== undefined) entry.port = extra.port;
			entry.weight = node.weight;
			if (extra?.forward) entry.forward = extra.forward;
			rs.add(doc.createNode(entry));
			changed = true;
		}
	}

	const panes = seq(doc, 'panes');
	if (findIndex(panes, 'host', node.name) < 0) {
		panes.add(doc.createNode({number: node.paneNumber, title: node.name, host: node.name}));
		changed = true;
	}
	return ok({text: changed ? doc.toString() : text, changed});
}

export function removeNodeFromConfig(text: string, name: string, file: string): Result<{text: string; changed: boolean}> {
	const doc = parseDocument(text);
	if (doc.errors.length > 0) return fail(appError('config.yaml', `cannot edit ${file}: ${doc.errors[0].message}`, {where: {file}}));
	let changed = false;
	const drop = (s: unknown, key: string) => {
		if (!isSeq(s)) return;
		const i = findIndex(s, key, name);
		if (i >= 0) {
			s.items.splice(i, 1);
			changed = true;
		}
	};
	drop(doc.get('realServers', true), 'name');
	drop(doc.get('panes', true), 'host');
	const services = doc.get('services', true);
	if (isSeq(services)) for (const item of services.items) if (isMap(item)) drop(item.get('realServers', true), 'server');
	return ok({text: changed ? doc.toString() : text, changed});
}
