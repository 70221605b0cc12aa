// Panel state built from the real captures through the real reducers: two polls of 02-full, the
// second with counters moved, so rates and sparklines have something to show.
import {fixture} from './fixtures.js';
import {parseIpvsadmList} from '../../source/domain/ipvs/ipvsadm-list.js';
import {parseIpvsadmStats} from '../../source/domain/ipvs/ipvsadm-stats.js';
import {mergeStats} from '../../source/domain/ipvs/ipvs-merge.js';
import type {IpvsTable} from '../../source/domain/ipvs/ipvs-model.js';
import {initialIpvs, ipvsPollSucceeded, type IpvsData} from '../../source/store/ipvs-slice.js';
import {trackRates, type RateTrackerState} from '../../source/domain/ipvs/ipvs-rate-tracker.js';

export const NAMES = {'10.0.2.21': 'rs1', '10.0.2.22': 'rs2', '10.0.2.31': 'web-dr-1'};

export function fullTable(): IpvsTable {
	return mergeStats(parseIpvsadmList(fixture('02-full/ipvsadm_-Ln.txt')).value, parseIpvsadmStats(fixture('02-full/ipvsadm_-Ln_--stats_--exact.txt')).value);
}

/** `after` = `table` with each real server's counters raised by conns[i] (in table order). */
export function bump(table: IpvsTable, conns: Record<string, number>): IpvsTable {
	const t = structuredClone(table);
	for (const s of t.services) {
		for (const r of s.realServers) {
			const add = conns[`${s.key} -> ${r.key}`] ?? 0;
			if (r.stats) r.stats = {...r.stats, conns: r.stats.conns + add, inBytes: r.stats.inBytes + add * 500, outBytes: r.stats.outBytes + add * 9000};
		}
		const total = s.realServers.reduce((a, r) => a + (conns[`${s.key} -> ${r.key}`] ?? 0), 0);
		if (s.stats) s.stats = {...s.stats, conns: s.stats.conns + total};
	}
	return t;
}

/** Six polls one second apart, counters moving every poll, through the real rate tracker and reducer. */
export function liveData(): IpvsData {
	let data = initialIpvs(['director'], NAMES);
	let rates: RateTrackerState | null = null;
	const poll = (table: IpvsTable, t: number) => {
		const tracked = trackRates(rates, table, t);
		rates = tracked.state;
		data = ipvsPollSucceeded('director', {table: tracked.table, issues: [], sampleTime: t}, t * 1000 - 99_000)(data);
	};
	let t = fullTable();
	poll(structuredClone(t), 100);
	for (let i = 1; i <= 5; i++) {
		t = bump(t, {'tcp 10.0.2.100:80 -> 10.0.2.21:80': 10 * i, 'tcp 10.0.2.100:80 -> 10.0.2.22:80': 2, 'tcp 10.0.2.102:80 -> 10.0.2.31:80': 1});
		poll(structuredClone(t), 100 + i);
	}
	return data;
}
