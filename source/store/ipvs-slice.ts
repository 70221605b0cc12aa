// The IPVS panel's state: per director the last good table (with rates from counter deltas), its
// freshness, a short connection-rate history per real server for the sparkline, plus the panel's
// view (cursor, sort, filter, prompt, confirm) and the last action. Plain data; every reducer
// below is pure so the poller, the actions, `status` and tests share them.
import type {AppError} from '../domain/result.js';
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import type {IpvsTable, ParseIssue} from '../domain/ipvs/ipvs-model.js';
import type {PlannedCommand} from '../domain/ipvs/ipvs-plan.js';
import {ipvsRows, serverRowKey, type IpvsRow, type IpvsSort, type ServerNames} from '../domain/ipvs/ipvs-rows.js';
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
	 * Recent connections/s, one entry per good poll (oldest first), each serverRowKey → CPS. Stored
	 * by sample rather than by server so a refresh adds one record instead of copying 10,000 arrays.
	 */
	history: Array<Record<string, number>>;
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
		const sample: Record<string, number> = {};
		let any = false;
		for (const svc of table.services) {
			for (const r of svc.realServers) {
				if (!r.rates) continue;
				sample[serverRowKey(svc, r)] = r.rates.cps;
				any = true;
			}
		}
		// Nothing on screen would change (same table, same issues, and the sparkline window already
		// full of this very sample): keep the data as it is so nobody re-renders (idle CPU). The
		// poller keeps the real time of the last good poll for the stale age.
		if (before.status === 'ok' && plainEqual(before.table, table) && plainEqual(before.issues, reading.issues) && historySettled(before.history, any ? sample : null)) return data;
		const history = any ? [...before.history.slice(-(HISTORY_LENGTH - 1)), sample] : before.history;
		return put(data, {host, status: 'ok', table, issues: reading.issues, updatedAt: now, sampleTime: t, history});
	};
}

/** Appending `sample` (null: nothing appended) leaves the history's content as it is. */
function historySettled(history: Array<Record<string, number>>, sample: Record<string, number> | null): boolean {
	if (sample === null) return true;
	if (history.length < HISTORY_LENGTH) return false;
	return history.every(h => plainEqual(h, sample));
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
	const out: number[] = [];
	for (const sample of d.history) {
		const v = sample[rowKey];
		if (v !== undefined) out.push(v);
	}
	return out;
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
