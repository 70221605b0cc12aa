// `ipvsadm -Ln --rate`: the kernel estimator's CPS, InPPS, OutPPS, InBPS, OutBPS (BPS may carry
// K/M/G/T). These are smoothed over seconds by the kernel; the poller prefers counter deltas.
import {parseListing, readCounts, type ListingOptions} from './ipvsadm-listing.js';
import type {Count} from './ipvs-numbers.js';
import type {IpvsRates, IpvsTable, Parsed} from './ipvs-model.js';

function ratesFrom(c: Count[]): IpvsRates {
	return {cps: c[0].value, inPps: c[1].value, outPps: c[2].value, inBps: c[3].value, outBps: c[4].value};
}

export function parseIpvsadmRate(text: string, options: ListingOptions = {}): Parsed<IpvsTable> {
	return parseListing(
		text,
		{
			serviceRow: 'counters',
			readServiceCounters(service, counts) {
				service.rates = ratesFrom(counts);
			},
			readRealServer(w, server) {
				const counts = readCounts(w, 5);
				if (typeof counts === 'string') return counts;
				server.rates = ratesFrom(counts);
				return null;
			},
		},
		options,
	);
}
