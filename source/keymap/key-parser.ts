// Raw terminal input -> keys, keeping every key's exact bytes so a pane gets them untouched.
// Knows xterm, PuTTY (F1-F4 ESC[11~..ESC[14~, Home/End ESC[1~/ESC[4~, Backspace ^?), the Linux
// console (ESC[[A..E), SS3 forms (ESC O A), mouse reports and bracketed paste (one key, whole).

export interface Key {
	/** 'a', 'A', '"', '^A', 'space', 'tab', 'enter', 'escape', 'backspace', 'up', 'f1', 'M-x', 'C-up', 'paste', 'mouse', 'focus-in', 'focus-out', 'unknown'. */
	name: string;
	/** The bytes as they arrived (for 'paste': the pasted text without markers). */
	raw: string;
	/** How an arrow/home/end came: CSI (ESC[A) or SS3 (ESC OA); undefined for everything else. */
	form?: 'csi' | 'ss3';
}

const CONTROL_CHARS = '@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_';
export const PASTE_START = '\x1b[200~';
export const PASTE_END = '\x1b[201~';

const TILDE_KEYS: Record<string, string> = {
	'1': 'home', '2': 'insert', '3': 'delete', '4': 'end', '5': 'pgup', '6': 'pgdn', '7': 'home', '8': 'end',
	'11': 'f1', '12': 'f2', '13': 'f3', '14': 'f4', '15': 'f5', '17': 'f6', '18': 'f7', '19': 'f8',
	'20': 'f9', '21': 'f10', '23': 'f11', '24': 'f12',
};
const LETTER_KEYS: Record<string, string> = {A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', P: 'f1', Q: 'f2', R: 'f3', S: 'f4'};
const LINUX_CONSOLE_F: Record<string, string> = {A: 'f1', B: 'f2', C: 'f3', D: 'f4', E: 'f5'};

/** xterm modifier parameter (1 + shift*1 + alt*2 + ctrl*4) -> 'S-', 'M-', 'C-' prefixes. */
function modifierPrefix(param: string | undefined): string {
	const n = param ? Number(param) - 1 : 0;
	if (!Number.isFinite(n) || n <= 0) return '';
	return (n & 4 ? 'C-' : '') + (n & 2 ? 'M-' : '') + (n & 1 ? 'S-' : '');
}

/** Name of a single byte or code point. */
export function charKeyName(ch: string): string {
	const code = ch.codePointAt(0) ?? 0;
	if (code === 0x09) return 'tab';
	if (code === 0x0d) return 'enter';
	if (code === 0x1b) return 'escape';
	if (code === 0x7f) return 'backspace';
	if (code === 0x20) return 'space';
	if (code < 0x20) return '^' + CONTROL_CHARS[code];
	return ch;
}

function csiName(params: string, final: string): string {
	if (final === '~') {
		const [first, mod] = params.split(';');
		const base = TILDE_KEYS[first ?? ''];
		return base ? modifierPrefix(mod) + base : 'unknown';
	}
	if (final === 'Z') return 'S-tab';
	if (final === 'I' && params === '') return 'focus-in';
	if (final === 'O' && params === '') return 'focus-out';
	if ((final === 'M' || final === 'm') && params.startsWith('<')) return 'mouse';
	const base = LETTER_KEYS[final];
	if (!base) return 'unknown';
	const parts = params.split(';');
	return modifierPrefix(parts.length > 1 ? parts[1] : undefined) + base;
}

/**
 * Stateful because a paste may span reads. A sequence cut off at the end of a read is passed on
 * as 'unknown' with its bytes (a pane still gets them intact, in order); a lone ESC is the Escape key.
 */
export class KeyParser {
	private paste: string | null = null;

	get inPaste(): boolean {
		return this.paste !== null;
	}

	feed(data: string): Key[] {
		const keys: Key[] = [];
		let i = 0;
		while (i < data.length) {
			if (this.paste !== null) {
				const end = data.indexOf(PASTE_END, i);
				if (end < 0) {
					this.paste += data.slice(i);
					// Keep a partial end marker out of the text until the next read decides.
					return keys;
				}
				keys.push({name: 'paste', raw: this.paste + data.slice(i, end)});
				this.paste = null;
				i = end + PASTE_END.length;
				continue;
			}
			const [key, length] = this.next(data, i);
			if (key.name === 'paste-start') {
				this.paste = '';
			} else {
				keys.push(key);
			}
			i += length;
		}
		return keys;
	}

	private next(s: string, i: number): [Key, number] {
		const ch = s[i]!;
		if (ch !== '\x1b') {
			const cp = s.codePointAt(i)!;
			const c = String.fromCodePoint(cp);
			return [{name: charKeyName(c), raw: c}, c.length];
		}
		if (i + 1 >= s.length) return [{name: 'escape', raw: ch}, 1];
		const second = s[i + 1]!;
		if (second === '[') return this.csi(s, i);
		if (second === 'O') {
			if (i + 2 >= s.length) return [{name: 'M-O', raw: s.slice(i, i + 2)}, 2];
			const final = s[i + 2]!;
			const base = LETTER_KEYS[final];
			const raw = s.slice(i, i + 3);
			if (base) return [{name: base, raw, form: 'ss3'}, 3];
			return [{name: 'keypad', raw}, 3];
		}
		if (second === '\x1b') return [{name: 'escape', raw: ch}, 1];
		const cp = s.codePointAt(i + 1)!;
		const c = String.fromCodePoint(cp);
		return [{name: 'M-' + charKeyName(c), raw: ch + c}, 1 + c.length];
	}

	private csi(s: string, i: number): [Key, number] {
		let j = i + 2;
		// Linux console F1-F5: ESC [ [ A..E
		if (s[j] === '[') {
			const f = s[j + 1];
			if (f && LINUX_CONSOLE_F[f]) return [{name: LINUX_CONSOLE_F[f]!, raw: s.slice(i, j + 2)}, j + 2 - i];
			return [{name: 'unknown', raw: s.slice(i, Math.min(s.length, j + 2))}, Math.min(s.length, j + 2) - i];
		}
		// X10 mouse: ESC [ M b x y (three raw bytes follow)
		if (s[j] === 'M' && s.length - j >= 4) {
			return [{name: 'mouse', raw: s.slice(i, j + 4)}, j + 4 - i];
		}
		const start = j;
		while (j < s.length && s.charCodeAt(j) >= 0x20 && s.charCodeAt(j) <= 0x3f) j++;
		if (j >= s.length) return [{name: 'unknown', raw: s.slice(i)}, s.length - i];
		const final = s[j]!;
		const code = final.charCodeAt(0);
		if (code < 0x40 || code > 0x7e) {
			// Not a valid sequence: give the bytes so far to whoever gets them, then carry on.
			return [{name: 'unknown', raw: s.slice(i, j)}, j - i];
		}
		const params = s.slice(start, j);
		const raw = s.slice(i, j + 1);
		if (final === '~' && params === '200') return [{name: 'paste-start', raw}, raw.length];
		const name = csiName(params, final);
		const form = LETTER_KEYS[final] && !'PQRS'.includes(final) ? 'csi' : undefined;
		return [form ? {name, raw, form} : {name, raw}, raw.length];
	}
}
