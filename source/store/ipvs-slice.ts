// The IPVS panel's state: per director the last good table (with rates from counter deltas), its
// freshness, a short connection-rate history per real server for the sparkline, plus the panel's
// view (cursor, sort, filter, prompt, confirm) and the last action. Plain data; every reducer
// below is pure so the poller, the actions, `status` and tests share them.
import type {AppError} from '../domain/result.js';
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import type {IpvsTable, ParseIssue} from '../domain/ipvs/ipvs-model.js';
import type {PlannedCommand} from '../domain/ipvs/ipvs-plan.js';
import {ipvsRows, plainRowCount, plainRowIndex, plainRows, type IpvsRow, type IpvsSort, type ServerNames} from '../domain/ipvs/ipvs-rows.js';
import type {SliceCreator} from './app-store.js';
import {plainEqual} from './plain-equal.js';

/** loading: no answer yet; ok: fresh; stale: last poll failed, `table` is the last good one; no-ipvs: kernel lacks IPVS; error: never had data. */
export type IpvsDirectorStatus = 'loading' | 'ok' | 'stale' | 'no-ipvs' | 'error';

export interface DirectorIpvs {
	host: string;
	status: IpvsDirectorStatus;
	table?: IpvsTable;
	/** Lines of the last good poll the parser did not understand (shown, never fatal). */
	issues: ParseIssue[];
	/** The last failure: ipvsadm's own words in `message`/`detail`. */
	error?: AppError;
	/** ms since epoch of the last good poll. */
	updatedAt?: number;
	failedAt?: number;
	/** Seconds on the director's clock (uptime) when the table's counters were read. */
	sampleTime?: number;
	/**
	 * Recent connections/s, one array per good poll (oldest first), each aligned with `historyRows`
	 * (-1: that server had no rate in that poll). Arrays of numbers rather than a record keyed by
	 * row: a refresh of 10,000 servers then adds one packed array instead of 10,000 string keys.
	 */
	history: number[][];
	/** The real-server rows the history is aligned with, in table order; absent before the first sample. */
	historyRows?: HistoryRows;
}

/** Which real server each position of a history sample is: services in order, then their servers. */
export interface HistoryRows {
	services: string[];
	/** Real servers per service, so `servers` can be walked service by service. */
	serverCounts: number[];
	/** Real-server keys, all services' in a row. */
	servers: string[];
}

export type IpvsPromptPurpose = 'weight' | 'add-server' | 'add-service' | 'edit-service';

export interface IpvsPrompt {
	purpose: IpvsPromptPurpose;
	label: string;
	hint: string;
	text: string;
	/** The row the prompt acts on (a server row for weight, a service row for add/edit). */
	rowKey?: string;
	/** An input error from the last Enter, shown under the prompt. */
	error?: string;
}

export interface IpvsConfirm {
	host: string;
	plan: PlannedCommand;
	/** After a drain the panel watches the server's connections fall. */
	then?: {kind: 'watch-drain'; serviceKey: string; serverKey: string; restoreWeight?: number} | {kind: 'end-drain'};
}

export interface IpvsActionRecord {
	host: string;
	summary: string;
	command: string;
	state: 'running' | 'done' | 'failed' | 'refused';
	/** One line for the status area; on failure ipvsadm's own message. */
	message: string;
	/** stdout+stderr verbatim. */
	output: string;
	exitCode: number | null;
	at: number;
}

export interface IpvsDrainWatch {
	host: string;
	serviceKey: string;
	serverKey: string;
	startedAt: number;
	/** The weight to offer on restore (configured, else the weight before the drain). */
	restoreWeight?: number;
}

export interface IpvsView {
	director: string;
	cursorKey: string | null;
	sort: IpvsSort;
	filter: string;
	filterEditing: boolean;
	prompt: IpvsPrompt | null;
	confirm: IpvsConfirm | null;
}

export interface IpvsData {
	order: string[];
	directors: Record<string, DirectorIpvs>;
	/** Address → configured real-server name. */
	names: ServerNames;
	view: IpvsView;
	lastAction: IpvsActionRecord | null;
	drain: IpvsDrainWatch | null;
}

export interface IpvsSlice {
	ipvs: IpvsData;
	updateIpvs(reduce: (data: IpvsData) => IpvsData): void;
}

declare module './app-store.js' {
	interface ExtraSlices extends IpvsSlice {}
}

// The widest sparkline (the overlay's CPS history column) shows 11 samples; 12 keeps one spare.
export const HISTORY_LENGTH = 12;

export function namesFromConfig(config: Pick<ClusterConfig, 'realServers'>): ServerNames {
	const names: Record<string, string> = {};
	for (const r of config.realServers) names[r.address] = r.name;
	return names;
}

export function initialIpvs(directors: string[], names: ServerNames = {}): IpvsData {
	const d: Record<string, DirectorIpvs> = {};
	for (const host of directors) d[host] = {host, status: 'loading', issues: [], history: []};
	return {
		order: [...directors],
		directors: d,
		names,
		view: {director: directors[0] ?? '', cursorKey: null, sort: {column: 'address', descending: false}, filter: '', filterEditing: false, prompt: null, confirm: null},
		lastAction: null,
		drain: null,
	};
}

function director(data: IpvsData, host: string): DirectorIpvs {
	return data.directors[host] ?? {host, status: 'loading', issues: [], history: []};
}

function put(data: IpvsData, next: DirectorIpvs): IpvsData {
	const order = data.order.includes(next.host) ? data.order : [...data.order, next.host];
	return {...data, order, directors: {...data.directors, [next.host]: next}};
}

export interface IpvsReadingInput {
	/** The table as read, with rates from trackRates. */
	table: IpvsTable;
	issues: ParseIssue[];
	/** Seconds when the counters were read (director uptime, else local clock). */
	sampleTime: number;
}

/** A good poll (its table already carries rates: see ipvs-rate-tracker.ts): stored, history extended. */
export function ipvsPollSucceeded(host: string, reading: IpvsReadingInput, now: number): (data: IpvsData) => IpvsData {
	return data => {
		const before = director(data, host);
		const table = reading.table;
		const t = reading.sampleTime;
		const rows = before.historyRows && sameRows(before.historyRows, table) ? before.historyRows : historyRowsOf(table);
		const sample: number[] = [];
		let any = false;
		for (const svc of table.services) {
			for (const r of svc.realServers) {
				if (r.rates) {
					sample.push(r.rates.cps);
					any = true;
				} else sample.push(-1);
			}
		}
		// Nothing on screen would change (same table, same issues, and the sparkline window already
		// full of this very sample): keep the data as it is so nobody re-renders (idle CPU). The
		// poller keeps the real time of the last good poll for the stale age.
		const settled = () => !any || (rows === before.historyRows && historySettled(before.history, sample));
		if (before.status === 'ok' && plainEqual(before.table, table) && plainEqual(before.issues, reading.issues) && settled()) return data;
		const history = !any ? before.history : [...(rows === before.historyRows ? before.history.slice(-(HISTORY_LENGTH - 1)) : realign(before, rows)), sample];
		const historyRows = any ? rows : before.historyRows;
		return put(data, {host, status: 'ok', table, issues: reading.issues, updatedAt: now, sampleTime: t, history, ...(historyRows ? {historyRows} : {})});
	};
}

/** Does `table` list exactly these real servers in this order (counters aside)? */
function sameRows(rows: HistoryRows, table: IpvsTable): boolean {
	if (rows.services.length !== table.services.length) return false;
	let k = 0;
	for (let s = 0; s < table.services.length; s++) {
		const svc = table.services[s];
		if (rows.services[s] !== svc.key || rows.serverCounts[s] !== svc.realServers.length) return false;
		for (const r of svc.realServers) if (rows.servers[k++] !== r.key) return false;
	}
	return true;
}

function historyRowsOf(table: IpvsTable): HistoryRows {
	const rows: HistoryRows = {services: [], serverCounts: [], servers: []};
	for (const svc of table.services) {
		rows.services.push(svc.key);
		rows.serverCounts.push(svc.realServers.length);
		for (const r of svc.realServers) rows.servers.push(r.key);
	}
	return rows;
}

/** Row key → position in a sample, for every server of `rows`. */
function positions(rows: HistoryRows): Map<string, number> {
	const at = new Map<string, number>();
	let k = 0;
	for (let s = 0; s < rows.services.length; s++) {
		for (let j = 0; j < rows.serverCounts[s]; j++, k++) at.set(`${rows.services[s]} -> ${rows.servers[k]}`, k);
	}
	return at;
}

/** The kept samples moved onto new rows (servers were added or removed): rows that are new get -1. */
function realign(before: DirectorIpvs, rows: HistoryRows): number[][] {
	const kept = before.history.slice(-(HISTORY_LENGTH - 1));
	if (!before.historyRows || !kept.length) return [];
	const old = positions(before.historyRows);
	const from: number[] = [];
	for (const key of positions(rows).keys()) from.push(old.get(key) ?? -1);
	return kept.map(sample => from.map(i => (i < 0 ? -1 : sample[i] ?? -1)));
}

/** Appending `sample` leaves the history's content as it is (the window is full of it). */
function historySettled(history: number[][], sample: number[]): boolean {
	if (history.length < HISTORY_LENGTH) return false;
	return history.every(h => h.length === sample.length && h.every((v, i) => v === sample[i]));
}

/**
 * Keep the last good table, marked stale with the error; without one the director is in error.
 * `lastGoodAt`: when the last good poll really was (unchanged polls are not published, so the
 * store's updatedAt can be older); the stale age is counted from it.
 */
export function ipvsPollFailed(host: string, error: AppError, now: number, lastGoodAt?: number): (data: IpvsData) => IpvsData {
	return data => {
		const before = director(data, host);
		// Never had a table and the same error again: nothing on screen changes (no age is shown), so
		// publish nothing. A stale table shows its age, so that one is published each time.
		if (!before.table && before.status === 'error' && plainEqual(before.error, error)) return data;
		const updatedAt = before.table && lastGoodAt !== undefined ? {updatedAt: lastGoodAt} : {};
		return put(data, {...before, ...updatedAt, status: before.table ? 'stale' : 'error', error, failedAt: now});
	};
}

/** The director's kernel has no IPVS: its own state, with ipvsadm's message. */
export function ipvsNoIpvs(host: string, error: AppError, now: number): (data: IpvsData) => IpvsData {
	return data => {
		// The same answer as last time (a host without IPVS stays so): publish nothing.
		const before = data.directors[host];
		if (before?.status === 'no-ipvs' && plainEqual(before.error, error)) return data;
		return put(data, {host, status: 'no-ipvs', issues: [], history: [], error, failedAt: now});
	};
}

// The rows of 10,000 servers are rebuilt only when the table, sort, filter or names change, not
// on every render (the cursor moving, a prompt key, a status message).
let rowsCache: {table: unknown; sort: unknown; filter: string; names: unknown; rows: IpvsRow[]} | null = null;

/** A server's recent connections/s (oldest first), for its sparkline. */
export function historyOf(d: DirectorIpvs, rowKey: string): number[] {
	const k = historyPosition(d.historyRows, rowKey);
	const out: number[] = [];
	if (k < 0) return out;
	for (const sample of d.history) {
		const v = sample[k];
		if (v !== undefined && v >= 0) out.push(v);
	}
	return out;
}

/** Where a row's values sit in each sample: a walk over the services (called for visible rows only). */
function historyPosition(rows: HistoryRows | undefined, rowKey: string): number {
	if (!rows) return -1;
	const sep = rowKey.indexOf(' -> ');
	if (sep < 0) return -1;
	const serviceKey = rowKey.slice(0, sep);
	const serverKey = rowKey.slice(sep + 4);
	let k = 0;
	for (let s = 0; s < rows.services.length; s++) {
		const n = rows.serverCounts[s];
		if (rows.services[s] === serviceKey) {
			for (let j = 0; j < n; j++) if (rows.servers[k + j] === serverKey) return k + j;
		}
		k += n;
	}
	return -1;
}

export function selectRows(data: IpvsData, host = data.view.director): IpvsRow[] {
	const table = data.directors[host]?.table;
	const c = rowsCache;
	if (c && c.table === table && c.sort === data.view.sort && c.filter === data.view.filter && c.names === data.names) return c.rows;
	const rows = ipvsRows(table, data.view.sort, data.view.filter, data.names);
	rowsCache = {table, sort: data.view.sort, filter: data.view.filter, names: data.names, rows};
	return rows;
}

/** The row under the cursor (the first row when the cursor's row went away). */
export function selectedRow(data: IpvsData, rows = selectRows(data)): IpvsRow | undefined {
	return rows.find(r => r.key === data.view.cursorKey) ?? rows[0];
}

/** The rows a panel of `room` rows shows, kept around the cursor, and where they sit among all rows. */
export interface RowWindow {
	rows: IpvsRow[];
	/** Index of rows[0] among all rows. */
	start: number;
	/** Index of the cursor's row among all rows (0 when it went away). */
	cursorIndex: number;
	total: number;
}

/**
 * What the panel draws. In kernel order without a filter (the usual view) the window is found by
 * counting and only its rows are built: a refresh of 11,000 rows draws ~40 without making 11,000.
 * Sorted or filtered views need every row (the order depends on all of them): selectRows.
 */
export function selectRowWindow(data: IpvsData, host: string, room: number): RowWindow {
	const table = data.directors[host]?.table;
	const {sort, filter, cursorKey} = data.view;
	const place = (total: number, cursorIndex: number) => Math.min(Math.max(0, cursorIndex - Math.floor(room / 2)), Math.max(0, total - room));
	if (table && !filter.trim() && sort.column === 'address' && !sort.descending) {
		const total = plainRowCount(table);
		const cursorIndex = Math.max(0, cursorKey === null ? 0 : plainRowIndex(table, cursorKey));
		const start = place(total, cursorIndex);
		return {rows: plainRows(table, data.names, start, room), start, cursorIndex, total};
	}
	const rows = selectRows(data, host);
	const cursorIndex = Math.max(0, rows.findIndex(r => r.key === cursorKey));
	const start = place(rows.length, cursorIndex);
	return {rows: rows.slice(start, start + room), start, cursorIndex, total: rows.length};
}

const view = (data: IpvsData, patch: Partial<IpvsView>): IpvsData => ({...data, view: {...data.view, ...patch}});

export function moveCursor(delta: number): (data: IpvsData) => IpvsData {
	return data => {
		const rows = selectRows(data);
		if (!rows.length) return view(data, {cursorKey: null});
		const at = Math.max(0, rows.findIndex(r => r.key === data.view.cursorKey));
		const next = Math.min(rows.length - 1, Math.max(0, at + delta));
		return view(data, {cursorKey: rows[next].key});
	};
}

export const setSort = (sort: IpvsSort) => (data: IpvsData) => view(data, {sort});
export const setFilter = (filter: string, editing: boolean) => (data: IpvsData) => view(data, {filter, filterEditing: editing});
export const setPrompt = (prompt: IpvsPrompt | null) => (data: IpvsData) => view(data, {prompt});
export const setConfirm = (confirm: IpvsConfirm | null) => (data: IpvsData) => view(data, {confirm});
export const setDirector = (host: string) => (data: IpvsData) => view(data, {director: host, cursorKey: null});
export const actionChanged = (record: IpvsActionRecord) => (data: IpvsData): IpvsData => ({...data, lastAction: record});
export const drainChanged = (drain: IpvsDrainWatch | null) => (data: IpvsData): IpvsData => ({...data, drain});

/** Where a watched drain stands, from the latest table. */
export function drainProgress(data: IpvsData): {active: number; inactive: number; weight?: number; empty: boolean; gone: boolean} | null {
	const d = data.drain;
	if (!d) return null;
	const service = data.directors[d.host]?.table?.services.find(s => s.key === d.serviceKey);
	const server = service?.realServers.find(r => r.key === d.serverKey);
	if (!server) return {active: 0, inactive: 0, empty: true, gone: true};
	const active = server.activeConns ?? 0;
	const inactive = server.inactiveConns ?? 0;
	return {active, inactive, weight: server.weight, empty: active === 0 && inactive === 0, gone: false};
}

export const createIpvsSlice =
	(directors: string[], names: ServerNames = {}): SliceCreator<IpvsSlice> =>
	(set, get) => ({
		ipvs: initialIpvs(directors, names),
		updateIpvs: reduce => {
			const before = get().ipvs;
			const next = reduce(before);
			// An unchanged answer publishes nothing: no listener runs, nothing re-renders.
			if (next !== before) set({ipvs: next});
		},
	});
