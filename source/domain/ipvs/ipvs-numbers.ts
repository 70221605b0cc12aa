// Number formats ipvsadm and /proc print: decimal counters that ipvsadm shortens with K/M/G/T
// (print_largenum), and the kernel's hex counters.

export interface Count {
	value: number;
	/** False when ipvsadm divided the number and printed a suffix: `value` is then a lower bound. */
	exact: boolean;
}

const UNIT_BY_CODE: Record<number, number> = {75: 1e3, 77: 1e6, 71: 1e9, 84: 1e12};

/** Digits only, by char code: this runs for five columns of every row of a large table each second. */
function digits(token: string, end: number): number | null {
	if (end === 0) return null;
	let v = 0;
	for (let i = 0; i < end; i++) {
		const c = token.charCodeAt(i) - 48;
		if (c < 0 || c > 9) return null;
		v = v * 10 + c;
	}
	return Number.isSafeInteger(v) ? v : null;
}

/** "1234", "987654K", "123G" → the count; null for anything else (negative, fractional, garbage). */
export function parseCount(token: string): Count | null {
	const n = token.length;
	if (n === 0) return null;
	const unit = UNIT_BY_CODE[token.charCodeAt(n - 1)];
	if (unit === undefined) {
		const v = digits(token, n);
		return v === null ? null : {value: v, exact: true};
	}
	const v = digits(token, n - 1);
	return v === null ? null : {value: v * unit, exact: false};
}

/**
 * The same as parseCount into a shared scratch slot, for hot loops that must not allocate an
 * object per number: returns the value (or NaN) and sets countWasExact.
 */
export let countWasExact = true;
export function parseCountValue(token: string): number {
	const n = token.length;
	if (n === 0) return Number.NaN;
	const unit = UNIT_BY_CODE[token.charCodeAt(n - 1)];
	if (unit === undefined) {
		countWasExact = true;
		return digits(token, n) ?? Number.NaN;
	}
	countWasExact = false;
	const v = digits(token, n - 1);
	return v === null ? Number.NaN : v * unit;
}

/** A plain non-negative decimal integer, or null. */
export function parseDecimal(token: string): number | null {
	return digits(token, token.length);
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
