// The panel's rows: each service followed by its real servers, sorted by any column and filtered by
// a substring — computed from plain data so the panel, the overlay, `status` and tests agree.
import {endpointText, serviceLabel, type IpvsRealServer, type IpvsService, type IpvsTable} from './ipvs-model.js';

export const SORT_COLUMNS = ['address', 'forward', 'weight', 'active', 'inactive', 'cps', 'inBps', 'outBps'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

export interface IpvsSort {
	column: SortColumn;
	descending: boolean;
}

export type IpvsRow =
	| {kind: 'service'; key: string; service: IpvsService; label: string}
	| {kind: 'server'; key: string; service: IpvsService; server: IpvsRealServer; label: string; name?: string};

/** Address → configured name (rs1), for display and filtering. */
export type ServerNames = Readonly<Record<string, string>>;

function serverValue(r: IpvsRealServer, column: SortColumn, names: ServerNames): number | string {
	switch (column) {
		case 'address':
			return names[r.address.host] ?? r.key;
		case 'forward':
			return r.forward ?? '';
		case 'weight':
			return r.weight ?? -1;
		case 'active':
			return r.activeConns ?? -1;
		case 'inactive':
			return r.inactiveConns ?? -1;
		case 'cps':
			return r.rates?.cps ?? -1;
		case 'inBps':
			return r.rates?.inBps ?? -1;
		case 'outBps':
			return r.rates?.outBps ?? -1;
	}
}

function sum(s: IpvsService, f: (r: IpvsRealServer) => number | undefined): number {
	return s.realServers.reduce((acc, r) => acc + (f(r) ?? 0), 0);
}

function serviceValue(s: IpvsService, column: SortColumn): number | string {
	switch (column) {
		case 'address':
		case 'forward':
			return s.key;
		case 'weight':
			return sum(s, r => r.weight);
		case 'active':
			return sum(s, r => r.activeConns);
		case 'inactive':
			return sum(s, r => r.inactiveConns);
		case 'cps':
			return s.rates?.cps ?? -1;
		case 'inBps':
			return s.rates?.inBps ?? -1;
		case 'outBps':
			return s.rates?.outBps ?? -1;
	}
}

function compare(a: number | string, b: number | string, descending: boolean): number {
	const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'en', {numeric: true});
	return descending ? -c : c;
}

export function serverRowKey(service: IpvsService, server: IpvsRealServer): string {
	return `${service.key} -> ${server.key}`;
}

export function ipvsRows(table: IpvsTable | undefined, sort: IpvsSort, filter: string, names: ServerNames = {}): IpvsRow[] {
	if (!table) return [];
	const needle = filter.trim().toLowerCase();
	const rows: IpvsRow[] = [];
	// Address order keeps the kernel's order (what ipvsadm shows) unless asked to reverse.
	const services = sort.column === 'address' && !sort.descending ? table.services : [...table.services].sort((a, b) => compare(serviceValue(a, sort.column), serviceValue(b, sort.column), sort.descending));
	const plainOrder = sort.column === 'address' && !sort.descending;
	for (const service of services) {
		const label = serviceLabel(service);
		if (!needle && plainOrder) {
			// The common case (no filter, kernel order): no intermediate arrays for 10,000 rows.
			rows.push({kind: 'service', key: service.key, service, label});
			for (const server of service.realServers) {
				const name = names[server.address.host];
				rows.push({kind: 'server', key: serverRowKey(service, server), service, server, label: name ?? server.key, name});
			}
			continue;
		}
		const serviceMatches = !needle || `${label} ${service.scheduler ?? ''} ${service.schedulerFlags.join(' ')}`.toLowerCase().includes(needle);
		let servers = service.realServers.map(server => ({server, name: names[server.address.host]}));
		if (!serviceMatches) servers = servers.filter(({server, name}) => `${endpointText(server.address)} ${name ?? ''}`.toLowerCase().includes(needle));
		if (!serviceMatches && !servers.length) continue;
		if (!plainOrder) {
			servers.sort((a, b) => compare(serverValue(a.server, sort.column, names), serverValue(b.server, sort.column, names), sort.descending));
		}
		rows.push({kind: 'service', key: service.key, service, label});
		for (const {server, name} of servers) {
			rows.push({kind: 'server', key: serverRowKey(service, server), service, server, label: name ?? endpointText(server.address), name});
		}
	}
	return rows;
}

/** How many rows ipvsRows makes in kernel order without a filter: each service and its servers. */
export function plainRowCount(table: IpvsTable): number {
	let n = table.services.length;
	for (const s of table.services) n += s.realServers.length;
	return n;
}

/** Index of the row with this key among ipvsRows(table, kernel order, no filter); -1 when absent. */
export function plainRowIndex(table: IpvsTable, rowKey: string): number {
	const sep = rowKey.indexOf(' -> ');
	const serviceKey = sep < 0 ? rowKey : rowKey.slice(0, sep);
	const serverKey = sep < 0 ? null : rowKey.slice(sep + 4);
	let at = 0;
	for (const s of table.services) {
		if (s.key === serviceKey) {
			if (serverKey === null) return at;
			const j = s.realServers.findIndex(r => r.key === serverKey);
			return j < 0 ? -1 : at + 1 + j;
		}
		at += 1 + s.realServers.length;
	}
	return -1;
}

/** Rows [from, from + count) of ipvsRows(table, kernel order, no filter), the same objects it would make. */
export function plainRows(table: IpvsTable, names: ServerNames, from: number, count: number): IpvsRow[] {
	const rows: IpvsRow[] = [];
	if (count <= 0) return rows;
	const to = from + count;
	let at = 0;
	for (const service of table.services) {
		const size = 1 + service.realServers.length;
		if (at + size > from) {
			if (at >= from) rows.push({kind: 'service', key: service.key, service, label: serviceLabel(service)});
			for (let j = Math.max(0, from - at - 1); j < service.realServers.length && at + 1 + j < to; j++) {
				const server = service.realServers[j];
				const name = names[server.address.host];
				rows.push({kind: 'server', key: serverRowKey(service, server), service, server, label: name ?? server.key, name});
			}
		}
		at += size;
		if (at >= to) break;
	}
	return rows;
}

/** Next sort: same column flips direction; s cycles columns (descending for numbers first). */
export function nextSort(sort: IpvsSort): IpvsSort {
	const i = SORT_COLUMNS.indexOf(sort.column);
	const column = SORT_COLUMNS[(i + 1) % SORT_COLUMNS.length];
	return {column, descending: column !== 'address' && column !== 'forward'};
}
