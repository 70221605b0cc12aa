// `ipvsadm -Ln --stats [--exact]`: cumulative Conns, InPkts, OutPkts, InBytes, OutBytes per service
// and real server. Without --exact large values carry K/M/G/T and are marked inexact.
import {countersFrom, parseListing, readCounters, type ListingOptions} from './ipvsadm-listing.js';
import type {IpvsTable, Parsed} from './ipvs-model.js';

export function parseIpvsadmStats(text: string, options: ListingOptions = {}): Parsed<IpvsTable> {
	return parseListing(
		text,
		{
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
		},
		options,
	);
}
