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
