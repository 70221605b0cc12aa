// What a session server shares of the feature data with its clients, and how a client takes it in.
// Only the data the server's pollers produce travels (tables, rates, history, stale/errors,
// interface facts); each client keeps its own view (cursor, sort, filter, prompts, last action), so
// two clients never fight over a cursor and a patch never undoes a keystroke.
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import type {IpvsData} from './ipvs-slice.js';
import type {InterfacesData} from './interfaces-slice.js';

export type SharedIpvs = Pick<IpvsData, 'order' | 'directors' | 'names'>;
export type SharedInterfaces = Pick<InterfacesData, 'director' | 'realServers' | 'warnings'>;

/** The server's shared state: top-level keys are compared by identity to make patches. */
export interface SharedFeatures {
	ipvs: SharedIpvs;
	interfaces: SharedInterfaces;
	/** The session was started with --read-only: every client refuses changes too. */
	readOnly: boolean;
	/** Lines of ~/.ssh/config the server's connections do not follow (the UI shows the first). */
	sshWarnings: string[];
}

/**
 * A projection that returns the same objects while the data underneath is the same, so the
 * server's identity comparison sends a key only when its data changed.
 */
export function sharedFeaturesProjector(readOnly: boolean, sshWarnings: () => string[] = () => []): (ipvs: IpvsData, interfaces: InterfacesData) => SharedFeatures {
	let last: SharedFeatures | null = null;
	let lastIpvs: IpvsData | null = null;
	let lastInterfaces: InterfacesData | null = null;
	let lastWarnings = 0;
	return (ipvs, interfaces) => {
		// Warnings only ever grow (transports are made on first use and never forget one).
		const warnings = sshWarnings();
		if (last && ipvs === lastIpvs && interfaces === lastInterfaces && warnings.length === lastWarnings) return last;
		const sharedIpvs =
			last && lastIpvs && ipvs.order === lastIpvs.order && ipvs.directors === lastIpvs.directors && ipvs.names === lastIpvs.names
				? last.ipvs
				: {order: ipvs.order, directors: ipvs.directors, names: ipvs.names};
		const sharedInterfaces =
			last &&
			lastInterfaces &&
			interfaces.director === lastInterfaces.director &&
			interfaces.realServers === lastInterfaces.realServers &&
			interfaces.warnings === lastInterfaces.warnings
				? last.interfaces
				: {director: interfaces.director, realServers: interfaces.realServers, warnings: interfaces.warnings};
		lastIpvs = ipvs;
		lastInterfaces = interfaces;
		const sharedWarnings = last && warnings.length === lastWarnings ? last.sshWarnings : [...warnings];
		lastWarnings = warnings.length;
		last = {ipvs: sharedIpvs, interfaces: sharedInterfaces, readOnly, sshWarnings: sharedWarnings};
		return last;
	};
}

/** The parts of a client's store a shared patch touches. */
export interface SharedFeaturesTarget {
	readOnly: boolean;
	updateIpvs?(reduce: (data: IpvsData) => IpvsData): void;
	updateInterfaces?(reduce: (data: InterfacesData) => InterfacesData): void;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Apply a patch (or the whole shared state) from the server into a client's feature slices. Unknown
 * keys are ignored (a newer server's additions), malformed ones too: the patch came over a socket.
 * Returns the readOnly the client should use (a read-only session makes it read-only; never the reverse).
 */
export function applySharedFeatures(state: SharedFeaturesTarget, patch: Record<string, unknown>): {readOnly: boolean} {
	const ipvs = patch.ipvs;
	if (isObject(ipvs) && Array.isArray(ipvs.order) && isObject(ipvs.directors) && isObject(ipvs.names)) {
		const shared = ipvs as unknown as SharedIpvs;
		state.updateIpvs?.(data => ({...data, order: shared.order, directors: shared.directors, names: shared.names}));
	}
	const interfaces = patch.interfaces;
	if (isObject(interfaces) && isObject(interfaces.director) && isObject(interfaces.realServers) && Array.isArray(interfaces.warnings)) {
		const shared = interfaces as unknown as SharedInterfaces;
		state.updateInterfaces?.(data => ({...data, director: shared.director, realServers: shared.realServers, warnings: shared.warnings}));
	}
	return {readOnly: state.readOnly || patch.readOnly === true};
}

/**
 * The session's own config from its shared state (a server of this version always sends it), or
 * null. Only its shape is checked: it came from our own server over the owner-only socket.
 */
export function sharedConfig(state: Record<string, unknown>): ClusterConfig | null {
	const config = state.config;
	if (!isObject(config) || !isObject(config.director) || typeof config.director.name !== 'string') return null;
	if (!Array.isArray(config.realServers) || !Array.isArray(config.vips) || !Array.isArray(config.services) || !Array.isArray(config.panes)) return null;
	if (!isObject(config.keys) || !isObject(config.options) || typeof config.theme !== 'string') return null;
	return config as unknown as ClusterConfig;
}
