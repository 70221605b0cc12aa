// Rates from two exact counter readings over the director's own elapsed time: honest per-second
// numbers, not the kernel estimator's 2-second smoothing. A counter that went down (ipvsadm -Z, a
// server removed and re-added) yields no rate for that step instead of a negative one.
import type {IpvsCounters, IpvsRates, IpvsService, IpvsTable} from './ipvs-model.js';

export function rateBetween(before: IpvsCounters | undefined, after: IpvsCounters | undefined, seconds: number): IpvsRates | undefined {
	if (!before || !after || !(seconds > 0) || !before.exact || !after.exact) return undefined;
	// Checked before dividing, field by field: no object or array for a step that went backwards.
	if (after.conns < before.conns || after.inPackets < before.inPackets || after.outPackets < before.outPackets || after.inBytes < before.inBytes || after.outBytes < before.outBytes) return undefined;
	return {
		cps: (after.conns - before.conns) / seconds,
		inPps: (after.inPackets - before.inPackets) / seconds,
		outPps: (after.outPackets - before.outPackets) / seconds,
		inBps: (after.inBytes - before.inBytes) / seconds,
		outBps: (after.outBytes - before.outBytes) / seconds,
	};
}

/** `after` with rates filled in from the counters it shares with `before`. */
export function withRates(before: IpvsTable, after: IpvsTable, seconds: number): IpvsTable {
	const services = new Map(before.services.map(s => [s.key, s]));
	return {
		...after,
		services: after.services.map(s => {
			const old = services.get(s.key);
			if (!old) return s;
			const servers = new Map(old.realServers.map(r => [r.key, r]));
			return {
				...s,
				rates: rateBetween(old.stats, s.stats, seconds),
				realServers: s.realServers.map(r => ({...r, rates: rateBetween(servers.get(r.key)?.stats, r.stats, seconds)})),
			};
		}),
	};
}

/** The service of `table` with this key: the one at the same index almost always, else found by a map built once. */
function sameService(table: IpvsTable): (key: string, index: number) => IpvsService | undefined {
	let byKey: Map<string, IpvsService> | null = null;
	return (key, index) => (table.services[index]?.key === key ? table.services[index] : (byKey ??= new Map(table.services.map(s => [s.key, s]))).get(key));
}

/**
 * The same as withRates, filling `after` in place: for the poller's fresh table, which nothing else
 * holds yet (no copy of 10,000 rows per refresh). Returns `after`.
 */
export function fillRatesInPlace(before: IpvsTable, after: IpvsTable, seconds: number): IpvsTable {
	const old = sameService(before);
	for (let k = 0; k < after.services.length; k++) {
		const s = after.services[k];
		const o = old(s.key, k);
		if (!o) continue;
		s.rates = rateBetween(o.stats, s.stats, seconds);
		const rs = o.realServers;
		for (let i = 0; i < s.realServers.length; i++) {
			const r = s.realServers[i];
			// Same order in both readings almost always: try the same index before searching.
			const p = rs[i]?.key === r.key ? rs[i] : rs.find(x => x.key === r.key);
			r.rates = rateBetween(p?.stats, r.stats, seconds);
		}
	}
	return after;
}

/** Copy the rates of `from` onto `to` in place (a poll that saw no new counters keeps the last rates). */
export function carryRatesInPlace(from: IpvsTable, to: IpvsTable): IpvsTable {
	const same = sameService(from);
	for (let k = 0; k < to.services.length; k++) {
		const s = to.services[k];
		const old = same(s.key, k);
		if (!old) continue;
		s.rates = old.rates;
		const rs = old.realServers;
		for (let i = 0; i < s.realServers.length; i++) {
			const r = s.realServers[i];
			const o = rs[i]?.key === r.key ? rs[i] : rs.find(x => x.key === r.key);
			r.rates = o?.rates;
		}
	}
	return to;
}
