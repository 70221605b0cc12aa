// Key names as the config writes them, normalised to the form KeysConfig uses: a printable
// character as itself, control keys as '^A', and NAMED_KEYS in lower case. Accepts screen's
// ('^A', 'escape ^Aa'), Emacs' ('C-a') and tmux-ish ('Ctrl-a') spellings because admins copy all of them.

import {NAMED_KEYS} from '../actions.js';

const CONTROL_CHARS = '@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_';

/** Normalised key name, or null when the text names no key. */
export function normalizeKeyName(text: string): string | null {
	if (text === ' ') return 'space';
	if (text.length === 1) {
		const code = text.charCodeAt(0);
		return code > 0x20 && code < 0x7f ? text : null;
	}
	const lower = text.toLowerCase();
	if ((NAMED_KEYS as readonly string[]).includes(lower)) return lower;
	if (lower === 'pageup') return 'pgup';
	if (lower === 'pagedown') return 'pgdn';
	if (lower === 'esc') return 'escape';
	if (lower === 'return') return 'enter';
	const control = /^(?:\^|[cC]-|[cC]trl-)(.)$/.exec(text);
	if (control) {
		const ch = control[1] === '?' ? '?' : control[1].toUpperCase();
		if (ch === '?' || CONTROL_CHARS.includes(ch)) return '^' + ch;
	}
	return null;
}

/** The byte a '^X' key name sends (^? is DEL). */
export function controlByte(name: string): number | null {
	if (!/^\^.$/.test(name)) return null;
	if (name === '^?') return 0x7f;
	const index = CONTROL_CHARS.indexOf(name[1]);
	return index < 0 ? null : index;
}

export interface PrefixSpec {
	/** Byte of the prefix key (0x01 for C-a). */
	prefix: number;
	/** Key typed after the prefix to send the prefix itself ('a' for C-a). */
	literal: string;
}

/** Prefix keys that would take a key every shell needs. */
const FORBIDDEN_PREFIX: Record<number, string> = {
	0x1b: 'Escape starts every arrow and function key',
	0x09: 'C-i is Tab',
	0x0d: 'C-m is Enter',
	0x0a: 'C-j is newline',
};

/**
 * screen's `escape` argument ('^Aa', '^Bb', '^T^T'), or 'C-b' / '^B' alone (literal = the letter
 * in lower case). Returns an explanation instead when the text is unusable.
 */
export function parsePrefix(text: string): PrefixSpec | string {
	const m = /^(\^.|[cC]-.)(\^.|.)?$/.exec(text);
	if (!m) return `'${text}' is not a prefix key; write it as screen does ('^Aa': C-a, literal a) or as 'C-a'`;
	const key = normalizeKeyName(m[1]);
	const byte = key === null ? null : controlByte(key);
	if (key === null || byte === null) return `'${m[1]}' is not a control key`;
	const why = FORBIDDEN_PREFIX[byte];
	if (why) return `'${m[1]}' cannot be the prefix: ${why}`;
	let literal: string | null;
	if (m[2] !== undefined) literal = normalizeKeyName(m[2]);
	else literal = key === '^?' ? null : key[1].toLowerCase();
	if (literal === null || !/^[\x21-\x7e]$|^\^.$/.test(literal)) {
		return `'${text}': the key after the prefix must be a printable character or a control key`;
	}
	return {prefix: byte, literal};
}

/** The '^X' name of a prefix byte, for help text and for screen's "prefix prefix = last pane". */
export function prefixKeyName(byte: number): string {
	return byte === 0x7f ? '^?' : '^' + CONTROL_CHARS[byte];
}
