// /proc/net/ip_vs_stats_percpu: the same counters as ip_vs_stats per CPU, hex, with a "~" row for
// the total, then the estimator's rates.
import {parseHex} from './ipvs-numbers.js';
import {words} from './ipvsadm-listing.js';
import type {IpvsCounters, IpvsRates, ParseIssue, Parsed} from './ipvs-model.js';

export interface IpvsPerCpuStats {
	/** CPU number → counters. */
	cpus: Record<number, IpvsCounters>;
	total: IpvsCounters | null;
	rates: IpvsRates | null;
}

export function parseProcIpVsStatsPerCpu(text: string): Parsed<IpvsPerCpuStats> {
	const value: IpvsPerCpuStats = {cpus: {}, total: null, rates: null};
	const issues: ParseIssue[] = [];
	let inRates = false;
	text.split('\n').forEach((raw, index) => {
		const line = raw.replace(/\r$/, '');
		const w = words(line);
		if (!w.length || w[0] === 'Total' || w[0] === 'CPU') return;
		if (w[0] === 'Conns/s') return void (inRates = true);
		const issue = (reason: string) => issues.push({line, lineNumber: index + 1, reason});
		if (inRates) {
			const n = w.map(parseHex);
			if (n.length !== 5 || n.some(x => x === null)) return issue('expected five hex rates');
			const [a, b, c, d, e] = n as number[];
			value.rates = {cps: a, inPps: b, outPps: c, inBps: d, outBps: e};
			return;
		}
		const n = w.slice(1).map(parseHex);
		if (n.length !== 5 || n.some(x => x === null) || !(w[0] === '~' || /^\d+$/.test(w[0]))) return issue('expected a CPU number or ~ and five hex counters');
		const [a, b, c, d, e] = n as number[];
		const counters: IpvsCounters = {conns: a, inPackets: b, outPackets: c, inBytes: d, outBytes: e, exact: true};
		if (w[0] === '~') value.total = counters;
		else value.cpus[Number(w[0])] = counters;
	});
	return {value, issues};
}
