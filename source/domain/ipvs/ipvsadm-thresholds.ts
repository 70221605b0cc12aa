// `ipvsadm -Ln --thresholds`: upper/lower connection thresholds (-x/-y) per real server.
import {parseDecimal} from './ipvs-numbers.js';
import {parseListing, type ListingOptions} from './ipvsadm-listing.js';
import type {IpvsTable, Parsed} from './ipvs-model.js';

export function parseIpvsadmThresholds(text: string, options: ListingOptions = {}): Parsed<IpvsTable> {
	return parseListing(
		text,
		{
			serviceRow: 'attributes',
			readRealServer(w, server) {
				const [upper, lower, active, inactive] = w.map(parseDecimal);
				if (w.length < 4 || upper === null || lower === null || active === null || inactive === null) {
					return 'expected Uthreshold, Lthreshold, ActiveConn and InActConn';
				}
				Object.assign(server, {upperThreshold: upper, lowerThreshold: lower, activeConns: active, inactiveConns: inactive});
				return null;
			},
		},
		options,
	);
}
