// `ipvsadm -Ln --stats [--exact]`: cumulative Conns, InPkts, OutPkts, InBytes, OutBytes per service
// and real server. Without --exact large values carry K/M/G/T and are marked inexact.
import {countersFrom, parseListing, readCounters, type ListingFormat, type ListingOptions} from './ipvsadm-listing.js';
import {scanCount, scanEnd, scanExact, skipBlanks} from './row-scanner.js';
import type {IpvsTable, Parsed} from './ipvs-model.js';

/** How --stats rows read; exported so tests can compare the in-place scan with the word reader. */
export const STATS_FORMAT: ListingFormat = {
	serviceRow: 'counters',
	readServiceCounters(service, counts) {
		service.stats = countersFrom(counts);
	},
	readRealServer(w, server) {
		const counters = readCounters(w);
		if (typeof counters === 'string') return counters;
		server.stats = counters;
		return null;
	},
	// Five counts read in place; extra words after them are ignored, as readCounters does.
	scanRealServer(text, at, end, key, address) {
		let exact = true;
		const conns = scanCount(text, skipBlanks(text, at, end), end);
		if (Number.isNaN(conns)) return undefined;
		exact &&= scanExact;
		const inPackets = scanCount(text, skipBlanks(text, scanEnd, end), end);
		if (Number.isNaN(inPackets)) return undefined;
		exact &&= scanExact;
		const outPackets = scanCount(text, skipBlanks(text, scanEnd, end), end);
		if (Number.isNaN(outPackets)) return undefined;
		exact &&= scanExact;
		const inBytes = scanCount(text, skipBlanks(text, scanEnd, end), end);
		if (Number.isNaN(inBytes)) return undefined;
		exact &&= scanExact;
		const outBytes = scanCount(text, skipBlanks(text, scanEnd, end), end);
		if (Number.isNaN(outBytes)) return undefined;
		exact &&= scanExact;
		return {key, address, stats: {conns, inPackets, outPackets, inBytes, outBytes, exact}};
	},
};

export function parseIpvsadmStats(text: string, options: ListingOptions = {}): Parsed<IpvsTable> {
	return parseListing(text, STATS_FORMAT, options);
}
