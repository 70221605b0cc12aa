// `ipvsadm -Ln --persistent-conn`: weight and the number of persistence templates (PersistConn)
// per real server — what keeps sending a client to a drained server of a persistent service.
import {parseDecimal} from './ipvs-numbers.js';
import {parseListing, type ListingOptions} from './ipvsadm-listing.js';
import type {IpvsTable, Parsed} from './ipvs-model.js';

export function parseIpvsadmPersistentConn(text: string, options: ListingOptions = {}): Parsed<IpvsTable> {
	return parseListing(
		text,
		{
			serviceRow: 'attributes',
			readRealServer(w, server) {
				const [weight, persist, active, inactive] = w.map(parseDecimal);
				if (w.length < 4 || weight === null || persist === null || active === null || inactive === null) {
					return 'expected Weight, PersistConn, ActiveConn and InActConn';
				}
				Object.assign(server, {weight, persistConns: persist, activeConns: active, inactiveConns: inactive});
				return null;
			},
		},
		options,
	);
}
