// Number formats ipvsadm and /proc print: decimal counters that ipvsadm shortens with K/M/G/T
// (print_largenum), and the kernel's hex counters.

const UNIT: Record<string, number> = {K: 1e3, M: 1e6, G: 1e9, T: 1e12};

export interface Count {
	value: number;
	/** False when ipvsadm divided the number and printed a suffix: `value` is then a lower bound. */
	exact: boolean;
}

/** "1234", "987654K", "123G" → the count; null for anything else (negative, fractional, garbage). */
export function parseCount(token: string): Count | null {
	const m = /^(\d+)([KMGT])?$/.exec(token);
	if (!m) return null;
	const n = Number(m[1]);
	if (!Number.isSafeInteger(n)) return null;
	if (!m[2]) return {value: n, exact: true};
	return {value: n * UNIT[m[2]], exact: false};
}

/** A plain non-negative decimal integer, or null. */
export function parseDecimal(token: string): number | null {
	if (!/^\d+$/.test(token)) return null;
	const n = Number(token);
	return Number.isSafeInteger(n) ? n : null;
}

/** Hex as the kernel prints it (no 0x), or null. Values above 2^53 lose their low digits. */
export function parseHex(token: string): number | null {
	if (!/^[0-9A-Fa-f]{1,16}$/.test(token)) return null;
	return Number(BigInt('0x' + token));
}

/** What ipvsadm prints for a counter without --exact: the same thresholds as print_largenum. */
export function formatCount(n: number): string {
	if (n < 1e8) return String(n);
	if (n < 1e9) return `${Math.floor(n / 1e3)}K`;
	if (n < 1e11) return `${Math.floor(n / 1e6)}M`;
	if (n < 1e14) return `${Math.floor(n / 1e9)}G`;
	return `${Math.floor(n / 1e12)}T`;
}

/** Short human form for narrow columns: 999, 1.2k, 34M, 5.6G. */
export function formatCompact(n: number): string {
	if (!Number.isFinite(n)) return '-';
	const abs = Math.abs(n);
	if (abs < 1000) return abs < 10 && !Number.isInteger(n) ? n.toFixed(1) : String(Math.round(n));
	const units = ['k', 'M', 'G', 'T', 'P'];
	let v = abs;
	let i = -1;
	while (v >= 1000 && i < units.length - 1) {
		v /= 1000;
		i++;
	}
	const text = v < 10 ? v.toFixed(1) : String(Math.floor(v));
	return (n < 0 ? '-' : '') + text + units[i];
}

/** "14:58" (ipvsadm -Lnc expire column) → seconds; null if not mm:ss. */
export function parseMinutesSeconds(token: string): number | null {
	const m = /^(\d+):([0-5]\d)$/.exec(token);
	return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}
