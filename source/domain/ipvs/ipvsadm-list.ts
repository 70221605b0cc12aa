// `ipvsadm -Ln` (also with --exact, --sort, -t/-u/-f one service, --tun-info, and -L with names):
// scheduler, flags and persistence per service; forward method, weight, ActiveConn, InActConn per server.
import {parseDecimal} from './ipvs-numbers.js';
import {parseListing, type ListingFormat, type ListingOptions} from './ipvsadm-listing.js';
import {scanDecimal, scanEnd, skipBlanks, textAt, wordEndsAt} from './row-scanner.js';
import type {IpvsForward, IpvsTable, Parsed} from './ipvs-model.js';

const FORWARD: Record<string, IpvsForward> = {Masq: 'masq', Route: 'route', Tunnel: 'tunnel', Local: 'local', Bypass: 'bypass'};
const FORWARD_WORDS = Object.keys(FORWARD);

/** How -Ln rows read; exported so tests can compare the in-place scan with the word reader. */
export const LIST_FORMAT: ListingFormat = {
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
	// "Masq    3      0          0": the forward word and three decimals, read in place.
	scanRealServer(text, at, end, key, address, header) {
		if (header.includes('TunnelInfo')) return undefined;
		let i = skipBlanks(text, at, end);
		let forward: IpvsForward | undefined;
		for (const word of FORWARD_WORDS) {
			if (text.charCodeAt(i) === word.charCodeAt(0) && textAt(text, i, word) && wordEndsAt(text, i + word.length, end)) {
				forward = FORWARD[word];
				i += word.length;
				break;
			}
		}
		if (!forward) return undefined;
		const weight = scanDecimal(text, skipBlanks(text, i, end), end);
		if (weight < 0) return undefined;
		const activeConns = scanDecimal(text, skipBlanks(text, scanEnd, end), end);
		if (activeConns < 0) return undefined;
		const inactiveConns = scanDecimal(text, skipBlanks(text, scanEnd, end), end);
		if (inactiveConns < 0) return undefined;
		return {key, address, forward, weight, activeConns, inactiveConns};
	},
};

export function parseIpvsadmList(text: string, options: ListingOptions = {}): Parsed<IpvsTable> {
	return parseListing(text, LIST_FORMAT, options);
}
