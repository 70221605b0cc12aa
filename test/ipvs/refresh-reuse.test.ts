// What a refresh reuses instead of rebuilding: the sparkline history's row layout while only the
// counters change (and its realignment when servers come and go), and the panel's row window
// (only the rows on screen are built) — each checked against the plain full computation.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {fullTable, bump, NAMES} from './table-data.js';
import type {IpvsTable} from '../../source/domain/ipvs/ipvs-model.js';
import {ipvsRows} from '../../source/domain/ipvs/ipvs-rows.js';
import {HISTORY_LENGTH, historyOf, initialIpvs, ipvsPollSucceeded, selectRowWindow, setFilter, setSort, type IpvsData} from '../../source/store/ipvs-slice.js';
import {trackRates, type RateTrackerState} from '../../source/domain/ipvs/ipvs-rate-tracker.js';
import {readPollOutput} from '../../source/domain/ipvs/ipvs-poll-command.js';
import {syntheticPollOutput} from '../../source/bench/ipvs-refresh-bench.js';

const RS1 = 'tcp 10.0.2.100:80 -> 10.0.2.21:80';
const RS2 = 'tcp 10.0.2.100:80 -> 10.0.2.22:80';

function poller() {
	let data = initialIpvs(['d'], NAMES);
	let rates: RateTrackerState | null = null;
	return {
		poll(table: IpvsTable, t: number) {
			const tracked = trackRates(rates, table, t);
			rates = tracked.state;
			data = ipvsPollSucceeded('d', {table: tracked.table, issues: [], sampleTime: t}, t * 1000)(data);
			return data;
		},
		get data() {
			return data;
		},
	};
}

describe('sparkline history', () => {
	it('only counters changed between refreshes: the row layout is kept (same object) and each sample lines up with it', () => {
		const p = poller();
		let t = fullTable();
		p.poll(structuredClone(t), 100);
		const layouts = new Set<unknown>();
		for (let i = 1; i <= HISTORY_LENGTH + 3; i++) {
			t = bump(t, {[RS1]: 2 * i, [RS2]: 1});
			const d = p.poll(structuredClone(t), 100 + i).directors.d;
			layouts.add(d.historyRows);
			expect(d.history.every(sample => sample.length === d.historyRows!.servers.length)).toBe(true);
		}
		expect(layouts.size).toBe(1);
		const d = p.data.directors.d;
		expect(d.history).toHaveLength(HISTORY_LENGTH);
		// Rates are per second between polls one second apart: 2i for rs1, 1 for rs2.
		expect(historyOf(d, RS1)).toEqual(Array.from({length: HISTORY_LENGTH}, (_, k) => 2 * (k + 4)));
		expect(historyOf(d, RS2)).toEqual(Array(HISTORY_LENGTH).fill(1));
		expect(historyOf(d, 'tcp 10.0.2.100:80 -> 10.9.9.9:80')).toEqual([]);
	});

	it('a server removed and another added: the kept history follows each server, the new one starts empty', () => {
		const p = poller();
		let t = fullTable();
		p.poll(structuredClone(t), 100);
		for (let i = 1; i <= 3; i++) {
			t = bump(t, {[RS1]: 5, [RS2]: 3});
			p.poll(structuredClone(t), 100 + i);
		}
		const before = p.data.directors.d.historyRows;
		// rs1 goes; a new server joins the same service at the end.
		const svc = t.services.find(s => s.key === 'tcp 10.0.2.100:80')!;
		const rs1 = svc.realServers.shift()!;
		svc.realServers.push({...structuredClone(rs1), key: '10.0.2.29:80', address: {host: '10.0.2.29', port: 80, family: 'ipv4'}});
		t = bump(t, {[RS2]: 3});
		const d = p.poll(structuredClone(t), 104).directors.d;
		expect(d.historyRows).not.toBe(before);
		expect(historyOf(d, RS2)).toEqual([3, 3, 3, 3]);
		expect(historyOf(d, RS1)).toEqual([]);
		// The new server had no counters before: no rate yet, so nothing in its history.
		expect(historyOf(d, 'tcp 10.0.2.100:80 -> 10.0.2.29:80')).toEqual([]);
		t = bump(t, {[RS2]: 3, 'tcp 10.0.2.100:80 -> 10.0.2.29:80': 7});
		expect(historyOf(p.poll(structuredClone(t), 105).directors.d, 'tcp 10.0.2.100:80 -> 10.0.2.29:80')).toEqual([7]);
	});
});

describe('row window = the same rows as the full list, sliced', () => {
	const read = (tick: number) => {
		const r = readPollOutput(syntheticPollOutput(40, 5, tick), 0);
		if (r.kind !== 'table') throw new Error('did not parse');
		return r.table;
	};
	const data = (() => {
		const p = poller();
		p.poll(read(0), 1);
		return p.poll(read(1), 2);
	})();

	const full = (d: IpvsData) => ipvsRows(d.directors.d.table, d.view.sort, d.view.filter, d.names);
	const check = (d: IpvsData, room: number) => {
		const rows = full(d);
		const w = selectRowWindow(d, 'd', room);
		const cursor = Math.max(0, rows.findIndex(r => r.key === d.view.cursorKey));
		expect(w.total).toBe(rows.length);
		expect(w.cursorIndex).toBe(cursor);
		expect(w.start).toBe(Math.min(Math.max(0, cursor - Math.floor(room / 2)), Math.max(0, rows.length - room)));
		expect(w.rows).toEqual(rows.slice(w.start, w.start + room));
	};

	it('kernel order without a filter (built by counting), for any cursor and panel height', () => {
		const keys = full(data).map(r => r.key);
		fc.assert(
			fc.property(fc.oneof(fc.constantFrom(null, 'tcp 9.9.9.9:80', 'tcp 10.0.0.1:80 -> 9.9.9.9:80'), fc.constantFrom(...keys)), fc.integer({min: 1, max: 300}), (cursorKey, room) => {
				check({...data, view: {...data.view, cursorKey}}, room);
			}),
		);
	});

	it('sorted, reversed and filtered views (every row needed)', () => {
		const keys = full(data).map(r => r.key);
		for (const reduce of [setSort({column: 'cps', descending: true}), setSort({column: 'address', descending: true}), setFilter('172.16.3.', false)]) {
			const d = reduce(data);
			for (const cursorKey of [null, keys[0], keys[17], keys.at(-1)!]) for (const room of [1, 7, 40, 500]) check({...d, view: {...d.view, cursorKey}}, room);
		}
	});
});
