// Does keepalived's VRRP own this VIP? If its config lists the address under virtual_ipaddress
// (or anywhere, e.g. an included block), VRRP will add and remove it on its own: two owners fight.
import {canonicalAddress} from './ip-address.js';

/** Lines (1-based) of keepalived.conf that mention the address as a whole word, comments ignored. */
export function keepalivedMentions(config: string, address: string): number[] {
	const want = canonicalAddress(address);
	const lines: number[] = [];
	config.split('\n').forEach((raw, i) => {
		const line = raw.replace(/[!#].*$/, '');
		for (const token of line.split(/[\s{}]+/)) {
			const bare = token.replace(/\/\d+$/, '');
			if (bare !== '' && canonicalAddress(bare) === want) {
				lines.push(i + 1);
				return;
			}
		}
	});
	return lines;
}
