// Address syntax checks for the config and importers. Strict on purpose: a typo in a VIP must be
// caught when the config loads, not when `ip addr add` fails on the director.

export function isIPv4(text: string): boolean {
	const parts = text.split('.');
	if (parts.length !== 4) return false;
	return parts.every(p => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIPv6(text: string): boolean {
	// Optional embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
	let body = text;
	let extraGroups = 0;
	const lastColon = text.lastIndexOf(':');
	if (lastColon >= 0 && text.slice(lastColon + 1).includes('.')) {
		if (!isIPv4(text.slice(lastColon + 1))) return false;
		body = text.slice(0, lastColon + 1) + '0';
		extraGroups = 1;
	}
	const halves = body.split('::');
	if (halves.length > 2) return false;
	const groups = (half: string): string[] | null => {
		if (half === '') return [];
		const g = half.split(':');
		return g.every(x => /^[0-9a-fA-F]{1,4}$/.test(x)) ? g : null;
	};
	const head = groups(halves[0]);
	if (!head) return false;
	if (halves.length === 1) return head.length + extraGroups === 8;
	const tail = groups(halves[1]);
	if (!tail) return false;
	return head.length + tail.length + extraGroups <= 7;
}

export function isIPAddress(text: string): boolean {
	return isIPv4(text) || isIPv6(text);
}

/** 'a.b.c.d/n' or 'v6/n' with the prefix in range. */
export function isCidr(text: string): boolean {
	const slash = text.indexOf('/');
	if (slash < 0) return false;
	const address = text.slice(0, slash);
	const prefix = text.slice(slash + 1);
	if (!/^[0-9]{1,3}$/.test(prefix)) return false;
	const n = Number(prefix);
	if (isIPv4(address)) return n <= 32;
	if (isIPv6(address)) return n <= 128;
	return false;
}

/** Dotted IPv4 netmask (contiguous ones), e.g. 255.255.252.0. Returns the prefix length or null. */
export function ipv4NetmaskPrefix(text: string): number | null {
	if (!isIPv4(text)) return null;
	const bits = text.split('.').map(p => Number(p).toString(2).padStart(8, '0')).join('');
	if (!/^1*0*$/.test(bits)) return null;
	return bits.indexOf('0') < 0 ? 32 : bits.indexOf('0');
}

/** Ethernet MAC as six colon- or dash-separated hex pairs. */
export function isMac(text: string): boolean {
	return /^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$/.test(text);
}

/** Linux interface names: 1-15 chars, no '/', no whitespace. */
export function isDeviceName(text: string): boolean {
	return text.length >= 1 && text.length <= 15 && !/[\s/:]/.test(text);
}

export function ipv4ToNumber(text: string): number {
	return text.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export function numberToIpv4(n: number): string {
	return [24, 16, 8, 0].map(shift => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** The network an IPv4 address is in, for a prefix length: ('192.168.155.12', 22) -> '192.168.152.0'. */
export function ipv4Network(address: string, prefix: number): string {
	const size = 2 ** (32 - prefix);
	return numberToIpv4(Math.floor(ipv4ToNumber(address) / size) * size);
}
