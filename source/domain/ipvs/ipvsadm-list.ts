// `ipvsadm -Ln` (also with --exact, --sort, -t/-u/-f one service, --tun-info, and -L with names):
// scheduler, flags and persistence per service; forward method, weight, ActiveConn, InActConn per server.
import {parseDecimal} from './ipvs-numbers.js';
import {parseListing, type ListingOptions} from './ipvsadm-listing.js';
import type {IpvsForward, IpvsTable, Parsed} from './ipvs-model.js';

const FORWARD: Record<string, IpvsForward> = {Masq: 'masq', Route: 'route', Tunnel: 'tunnel', Local: 'local', Bypass: 'bypass'};

export function parseIpvsadmList(text: string, options: ListingOptions = {}): Parsed<IpvsTable> {
	return parseListing(
		text,
		{
			serviceRow: 'attributes',
			readRealServer(w, server, header) {
				const tunInfo = header.includes('TunnelInfo');
				const forward = FORWARD[w[0] ?? ''];
				if (!forward) return `unknown forward method '${w[0] ?? ''}'`;
				let rest = w.slice(1);
				if (tunInfo) {
					if (rest[0] !== 'n/a') server.tunnelInfo = rest[0];
					rest = rest.slice(1);
				}
				const [weight, active, inactive] = rest.map(parseDecimal);
				if (rest.length < 3 || weight === null || active === null || inactive === null) {
					return 'expected weight, ActiveConn and InActConn';
				}
				server.forward = forward;
				server.weight = weight;
				server.activeConns = active;
				server.inactiveConns = inactive;
				return null;
			},
		},
		options,
	);
}
