// Join two listings of the same table taken one after the other (-Ln and --stats): the structure
// comes from the first, counters from the second, matched by service and real-server key. A
// server added between the two reads simply has no counters this time.
import type {IpvsTable} from './ipvs-model.js';

export function mergeStats(list: IpvsTable, stats: IpvsTable): IpvsTable {
	const byKey = new Map(stats.services.map(s => [s.key, s]));
	return {
		...list,
		services: list.services.map(service => {
			const counted = byKey.get(service.key);
			if (!counted) return service;
			const servers = new Map(counted.realServers.map(r => [r.key, r]));
			return {
				...service,
				stats: counted.stats,
				realServers: service.realServers.map(r => {
					const c = servers.get(r.key);
					return c?.stats ? {...r, stats: c.stats} : r;
				}),
			};
		}),
	};
}

/**
 * The same join done in place on a table the caller just parsed and owns (the poller's hot path:
 * no copy of 10,000 rows per refresh). Returns `list`.
 */
export function attachStatsInPlace(list: IpvsTable, stats: IpvsTable): IpvsTable {
	let byKey: Map<string, IpvsTable['services'][number]> | null = null;
	for (let s = 0; s < list.services.length; s++) {
		const service = list.services[s];
		// Same order in both listings almost always: the same index first, a map only when it differs.
		const counted = stats.services[s]?.key === service.key ? stats.services[s] : (byKey ??= new Map(stats.services.map(x => [x.key, x]))).get(service.key);
		if (!counted) continue;
		service.stats = counted.stats;
		const rs = counted.realServers;
		for (let i = 0; i < service.realServers.length; i++) {
			const r = service.realServers[i];
			// Same order in both listings almost always: try the same index before searching.
			const c = rs[i]?.key === r.key ? rs[i] : rs.find(x => x.key === r.key);
			if (c?.stats) r.stats = c.stats;
		}
	}
	return list;
}
