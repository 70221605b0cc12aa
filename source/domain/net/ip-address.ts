// The one place that knows what an IP address looks like: IPv4 (dotted quad, no leading zeros),
// IPv6 (with `::` and a dotted-quad tail), IPv4 as a number, and one spelling per address (RFC
// 5952, as ip and ipvsadm print it) so "2001:DB8:0::10" and "2001:db8::10" compare equal. The
// config, the importers, the IPVS parsers, the VIP code and the wizards all use it.

export type AddressFamily = 'inet' | 'inet6';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/** Dotted quad, no leading zeros (one regex: this runs for every row of a large IPVS table). */
export function isIpv4(text: string): boolean {
	return IPV4.test(text);
}

/** Dotted-quad IPv4 address to a 32-bit unsigned number, or null when it is not one. */
export function ipv4ToNumber(text: string): number | null {
	if (!isIpv4(text)) return null;
	return text.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export function numberToIpv4(value: number): string {
	return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** Eight 16-bit groups of an IPv6 address, or null when it is not one. Accepts `::` and a trailing dotted quad. */
export function ipv6Groups(text: string): number[] | null {
	if (!/^[0-9A-Fa-f:.]+$/.test(text) || text.length > 45) return null;
	let head = text;
	const tail: number[] = [];
	const lastColon = text.lastIndexOf(':');
	if (text.includes('.')) {
		const v4 = ipv4ToNumber(text.slice(lastColon + 1));
		if (v4 === null) return null;
		tail.push(v4 >>> 16, v4 & 0xffff);
		head = text.slice(0, lastColon + 1);
		// "::1.2.3.4" leaves "::", "64:ff9b::1.2.3.4" leaves "64:ff9b::"; "1:2:3:4:5:6:1.2.3.4" leaves "…6:".
		if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
	}
	const halves = head.split('::');
	if (halves.length > 2) return null;
	const parse = (part: string): number[] | null => {
		if (part === '') return [];
		const groups: number[] = [];
		for (const g of part.split(':')) {
			if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null;
			groups.push(parseInt(g, 16));
		}
		return groups;
	};
	const left = parse(halves[0]);
	const right = halves.length === 2 ? parse(halves[1]) : [];
	if (!left || !right) return null;
	const given = left.length + right.length + tail.length;
	if (halves.length === 2) {
		if (given > 7) return null;
		return [...left, ...new Array<number>(8 - given).fill(0), ...right, ...tail];
	}
	return given === 8 ? [...left, ...tail] : null;
}

export function isIpv6(text: string): boolean {
	return ipv6Groups(text) !== null;
}

export function isIpAddress(text: string): boolean {
	return isIpv4(text) || isIpv6(text);
}

export function addressFamily(text: string): AddressFamily | null {
	if (isIpv4(text)) return 'inet';
	if (isIpv6(text)) return 'inet6';
	return null;
}

/** One spelling per address (RFC 5952, as ip prints it), so "2001:DB8:0::10" and "2001:db8::10" compare equal. */
export function canonicalAddress(text: string): string {
	const groups = ipv6Groups(text);
	if (!groups || isIpv4(text)) return text;
	// The longest run of two or more zero groups (the first of equals) becomes "::".
	let best = -1;
	let bestLength = 1;
	for (let i = 0; i < 8; ) {
		if (groups[i] !== 0) {
			i++;
			continue;
		}
		let j = i;
		while (j < 8 && groups[j] === 0) j++;
		if (j - i > bestLength) {
			best = i;
			bestLength = j - i;
		}
		i = j;
	}
	const hex = groups.map(g => g.toString(16));
	if (best < 0) return hex.join(':');
	return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`;
}

export function sameAddress(a: string, b: string): boolean {
	return canonicalAddress(a) === canonicalAddress(b);
}
