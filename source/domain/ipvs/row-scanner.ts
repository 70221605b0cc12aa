// Reading the fields of one listing row where they lie in the text, by character code, instead of
// splitting the row into words: a 10,000-server table is 20,000 such rows every second. Each scan
// either reads exactly what the word-splitting reader would read, or says it cannot (the caller
// then falls back to that reader), so both paths agree on every input.

/** Where the last scanDecimal/scanCount stopped: the index just after the number (and its unit). */
export let scanEnd = 0;
/** False when the last scanCount read a K/M/G/T suffix (the value is then a lower bound). */
export let scanExact = true;

const SPACE = 32;
const TAB = 9;

/** A separator the fast path understands; any other whitespace sends the row to the word reader. */
export function isBlank(code: number): boolean {
	return code === SPACE || code === TAB;
}

/** Index of the first non-blank at or after `i` (or `end`). */
export function skipBlanks(text: string, i: number, end: number): number {
	while (i < end && isBlank(text.charCodeAt(i))) i++;
	return i;
}

/** Index just after the token starting at `i` (up to the next blank or `end`). */
export function tokenEnd(text: string, i: number, end: number): number {
	while (i < end && !isBlank(text.charCodeAt(i))) i++;
	return i;
}

/** Does a word end at `i` (a blank or the end of the row follows)? */
export function wordEndsAt(text: string, i: number, end: number): boolean {
	return i === end || isBlank(text.charCodeAt(i));
}

/** Does `word` appear in `text` at `i`? (startsWith with a position, by character code: cheaper in a hot loop.) */
export function textAt(text: string, i: number, word: string): boolean {
	const n = word.length;
	if (i + n > text.length) return false;
	for (let k = 0; k < n; k++) if (text.charCodeAt(i + k) !== word.charCodeAt(k)) return false;
	return true;
}

/** Digits from `i` to the end of the word; -1 when the word is not a plain non-negative safe integer. */
export function scanDecimal(text: string, i: number, end: number): number {
	const start = i;
	let v = 0;
	while (i < end) {
		const c = text.charCodeAt(i) - 48;
		if (c < 0 || c > 9) break;
		v = v * 10 + c;
		i++;
	}
	if (i === start || !wordEndsAt(text, i, end) || !Number.isSafeInteger(v)) return -1;
	scanEnd = i;
	return v;
}

const K = 75;
const M = 77;
const G = 71;
const T = 84;

/** A count as ipvsadm prints it ("1234", "987654K"); NaN when the word is anything else. Sets scanExact. */
export function scanCount(text: string, i: number, end: number): number {
	const start = i;
	let v = 0;
	while (i < end) {
		const c = text.charCodeAt(i) - 48;
		if (c < 0 || c > 9) break;
		v = v * 10 + c;
		i++;
	}
	if (i === start || !Number.isSafeInteger(v)) return Number.NaN;
	if (wordEndsAt(text, i, end)) {
		scanEnd = i;
		scanExact = true;
		return v;
	}
	const u = text.charCodeAt(i);
	const unit = u === K ? 1e3 : u === M ? 1e6 : u === G ? 1e9 : u === T ? 1e12 : 0;
	if (unit === 0 || !wordEndsAt(text, i + 1, end)) return Number.NaN;
	scanEnd = i + 1;
	scanExact = false;
	return v * unit;
}
