// The interfaces panel's state: the last good probe of the director (and of the real servers, for
// the warnings), the configured VIPs, and the last VIP action with its exact commands. Plain data;
// the reducers below are pure so the poller, VipControl and `lvs-tui vip` share them.
import type {AppError} from '../domain/result.js';
import type {ClusterConfig, LvsType} from '../domain/config/cluster-config.js';
import type {HostFacts} from '../domain/net/host-probe.js';
import {lvsWarnings, type LvsWarning} from '../domain/net/lvs-warnings.js';
import {validateVip, type VipSpec} from '../domain/net/vip-spec.js';
import {vipPresence, type VipDirection} from '../domain/net/vip-plan.js';
import type {SliceCreator} from './app-store.js';
import {plainEqual} from './plain-equal.js';

export interface HostInterfaces {
	host: string;
	/** loading: no answer yet; ok: fresh; stale: last poll failed, `facts` is the last good one; error: never had data. */
	status: 'loading' | 'ok' | 'stale' | 'error';
	facts?: HostFacts;
	error?: AppError;
	/** ms since epoch of the last good poll. */
	updatedAt?: number;
}

/** A configured VIP: valid (spec) or refused with the reason (shown in the panel, never run). */
export interface VipEntry {
	address: string;
	spec?: VipSpec;
	error?: string;
}

export interface VipStepRecord {
	command: string;
	exitCode: number | null;
	/** stdout+stderr as the program printed them (ip's message verbatim). */
	output: string;
}

export interface VipActionRecord {
	address: string;
	direction: VipDirection;
	state: 'running' | 'done' | 'unchanged' | 'failed' | 'refused';
	message: string;
	steps: VipStepRecord[];
	notes: string[];
}

export interface InterfacesData {
	lvsType: LvsType;
	directorName: string;
	director: HostInterfaces;
	realServers: Record<string, HostInterfaces>;
	vips: VipEntry[];
	dip?: {address: string; device: string};
	warnings: LvsWarning[];
	lastAction: VipActionRecord | null;
}

export interface InterfacesSlice {
	interfaces: InterfacesData;
	/** Apply one of the reducers below. */
	updateInterfaces(reduce: (data: InterfacesData) => InterfacesData): void;
}

declare module './app-store.js' {
	interface ExtraSlices extends InterfacesSlice {}
}

export function initialInterfaces(config: Pick<ClusterConfig, 'lvsType' | 'director' | 'realServers' | 'vips' | 'dip'>): InterfacesData {
	const realServers: Record<string, HostInterfaces> = {};
	for (const rs of config.realServers) realServers[rs.name] = {host: rs.name, status: 'loading'};
	const data: InterfacesData = {
		lvsType: config.lvsType,
		directorName: config.director.name,
		director: {host: config.director.name, status: 'loading'},
		realServers,
		vips: config.vips.map(v => {
			const r = validateVip(v);
			return r.ok ? {address: r.value.address, spec: r.value} : {address: v.address, error: r.error.message};
		}),
		warnings: [],
		lastAction: null,
	};
	if (config.dip) data.dip = {address: config.dip.address, device: config.dip.device};
	return data;
}

function withWarnings(data: InterfacesData): InterfacesData {
	const warnings = lvsWarnings({
		lvsType: data.lvsType,
		vips: data.vips.flatMap(v => (v.spec ? [v.spec] : [])),
		dip: data.dip,
		director: {name: data.directorName, facts: data.director.facts},
		realServers: Object.values(data.realServers).map(r => ({name: r.host, facts: r.facts})),
	});
	return {...data, warnings};
}

function setHost(data: InterfacesData, host: string, next: HostInterfaces): InterfacesData {
	if (host === data.directorName) return {...data, director: next};
	return {...data, realServers: {...data.realServers, [host]: next}};
}

function currentHost(data: InterfacesData, host: string): HostInterfaces {
	return host === data.directorName ? data.director : data.realServers[host] ?? {host, status: 'loading'};
}

export function pollSucceeded(host: string, facts: HostFacts, now: number): (data: InterfacesData) => InterfacesData {
	return data => {
		// The same facts as shown: keep the data as it is so nothing re-renders once a second (idle
		// CPU). updatedAt is only shown when stale, and the poller passes the real time then.
		const before = currentHost(data, host);
		if (before.status === 'ok' && plainEqual(before.facts, facts)) return data;
		return withWarnings(setHost(data, host, {host, status: 'ok', facts, updatedAt: now}));
	};
}

/**
 * Keep the last good facts and mark them stale with the error, so the panel stays true about what it knows.
 * `lastGoodAt`: when the last good poll really was (unchanged polls are not published).
 */
export function pollFailed(host: string, error: AppError, lastGoodAt?: number): (data: InterfacesData) => InterfacesData {
	return data => {
		const before = currentHost(data, host);
		// Never had facts and the same error again: nothing on screen changes (no age is shown).
		if (!before.facts && before.status === 'error' && plainEqual(before.error, error)) return data;
		const updatedAt = lastGoodAt !== undefined ? {updatedAt: lastGoodAt} : {};
		const next: HostInterfaces = before.facts ? {...before, ...updatedAt, status: 'stale', error} : {host, status: 'error', error};
		return setHost(data, host, next);
	};
}

export function actionChanged(action: VipActionRecord): (data: InterfacesData) => InterfacesData {
	return data => ({...data, lastAction: action});
}

export type VipState = 'up' | 'down' | 'unknown' | 'invalid';

/** Is each configured VIP up on the director, from the last good poll. */
export function vipStates(data: InterfacesData): Array<{entry: VipEntry; state: VipState}> {
	const interfaces = data.director.facts?.listing.interfaces;
	return data.vips.map(entry => {
		if (!entry.spec) return {entry, state: 'invalid' as const};
		if (!interfaces) return {entry, state: 'unknown' as const};
		return {entry, state: vipPresence(entry.spec, interfaces).up ? ('up' as const) : ('down' as const)};
	});
}

export const createInterfacesSlice =
	(config: Pick<ClusterConfig, 'lvsType' | 'director' | 'realServers' | 'vips' | 'dip'>): SliceCreator<InterfacesSlice> =>
	(set, get) => ({
		interfaces: initialInterfaces(config),
		updateInterfaces: reduce => {
			const before = get().interfaces;
			const next = reduce(before);
			// An unchanged answer publishes nothing: no listener runs, nothing re-renders.
			if (next !== before) set({interfaces: next});
		},
	});
