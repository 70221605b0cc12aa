// /proc/net/ip_vs_stats: global totals and the estimator's rates, all in hex.
import {parseHex} from './ipvs-numbers.js';
import {words} from './ipvsadm-listing.js';
import type {IpvsCounters, IpvsRates, ParseIssue, Parsed} from './ipvs-model.js';

export interface IpvsGlobalStats {
	totals: IpvsCounters | null;
	rates: IpvsRates | null;
}

export function parseProcIpVsStats(text: string): Parsed<IpvsGlobalStats> {
	const issues: ParseIssue[] = [];
	const value: IpvsGlobalStats = {totals: null, rates: null};
	let section: 'totals' | 'rates' | null = null;
	text.split('\n').forEach((raw, index) => {
		const line = raw.replace(/\r$/, '');
		const w = words(line);
		if (!w.length) return;
		if (w[0] === 'Total') return;
		if (w[0] === 'Conns') return void (section = 'totals');
		if (w[0] === 'Conns/s') return void (section = 'rates');
		const n = w.map(parseHex);
		if (w.length !== 5 || n.some(x => x === null) || !section) {
			issues.push({line, lineNumber: index + 1, reason: 'expected five hex numbers under a header'});
			return;
		}
		const [a, b, c, d, e] = n as number[];
		if (section === 'totals') value.totals = {conns: a, inPackets: b, outPackets: c, inBytes: d, outBytes: e, exact: true};
		else value.rates = {cps: a, inPps: b, outPps: c, inBps: d, outBps: e};
		section = null;
	});
	return {value, issues};
}
