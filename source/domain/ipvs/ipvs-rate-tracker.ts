// Rates that follow how the kernel publishes IPVS counters: only when its estimator runs (every
// 2 s), so two polls 1 s apart often see the same numbers (seen on the lab: moved, unmoved,
// moved…). Rates are measured between readings that saw the counters move — Δcounters over the time
// since the previous movement — carried while a kernel update may still be due, then 0 (idle).
// The tracker's state stays with whoever polls (poller, status): it is not shown, so not stored.
import {carryRatesInPlace, fillRatesInPlace} from './ipvs-rates.js';
import type {IpvsTable} from './ipvs-model.js';

export const KERNEL_STATS_PERIOD_S = 2;
const CARRY_RATES_S = KERNEL_STATS_PERIOD_S * 1.75;

export interface RateTrackerState {
	/** The previous reading and when (seconds, one clock). */
	prev: IpvsTable;
	prevTime: number;
	/** The last reading whose counters differed from the one before it. */
	base: IpvsTable;
	baseTime: number;
}

/** Did any service counter change between two readings (did the kernel publish new stats)? */
export function countersMoved(a: IpvsTable, b: IpvsTable): boolean {
	if (a.services.length !== b.services.length) return true;
	for (let i = 0; i < a.services.length; i++) {
		const x = a.services[i].stats;
		const y = b.services[i].stats;
		if (a.services[i].key !== b.services[i].key) return true;
		if (!x || !y) {
			if (x !== y) return true;
			continue;
		}
		if (x.conns !== y.conns || x.inPackets !== y.inPackets || x.outPackets !== y.outPackets || x.inBytes !== y.inBytes || x.outBytes !== y.outBytes) return true;
	}
	return false;
}

/**
 * Fill `table` (a fresh reading nothing else holds) with rates and return the next tracker state.
 * Pass state null to start a series (first reading, or the clock changed).
 */
export function trackRates(state: RateTrackerState | null, table: IpvsTable, time: number): {table: IpvsTable; state: RateTrackerState} {
	if (!state || !(time > state.prevTime)) return {table, state: {prev: table, prevTime: time, base: table, baseTime: time}};
	const {prev, prevTime, base, baseTime} = state;
	if (countersMoved(prev, table)) {
		// After an idle spell the movement happened within the kernel's last period, not since the old base.
		const seconds = time - baseTime <= CARRY_RATES_S ? time - baseTime : Math.max(time - prevTime, KERNEL_STATS_PERIOD_S);
		fillRatesInPlace(base, table, seconds);
		return {table, state: {prev: table, prevTime: time, base: table, baseTime: time}};
	}
	if (time - baseTime < CARRY_RATES_S) carryRatesInPlace(prev, table);
	else fillRatesInPlace(base, table, time - baseTime);
	return {table, state: {prev: table, prevTime: time, base, baseTime}};
}
