// A key as the user's terminal sent it -> the bytes the pane's program expects in its current
// modes. The outer terminal stays in normal cursor mode, so arrows arrive as ESC[A and become
// ESC OA for a program that switched on application cursor keys (vi, less, top).
import type {Key} from '../keymap/key-parser.js';
import {PASTE_END, PASTE_START} from '../keymap/key-parser.js';
import type {ScreenModes} from './pane-screen.js';

const CURSOR_FINALS: Record<string, string> = {up: 'A', down: 'B', right: 'C', left: 'D', home: 'H', end: 'F'};

export function translateKey(key: Key, modes: ScreenModes): string {
	if (key.name === 'paste') {
		// Without bracketed paste the program gets the text alone; with it, markers and text whole.
		return modes.bracketedPaste ? PASTE_START + key.raw + PASTE_END : key.raw;
	}
	if (key.name === 'mouse') return modes.mouseTracking === 'none' ? '' : key.raw;
	if (key.name === 'focus-in' || key.name === 'focus-out') return modes.sendFocus ? key.raw : '';
	const final = CURSOR_FINALS[key.name];
	if (final && key.form) {
		return modes.applicationCursorKeys ? '\x1bO' + final : '\x1b[' + final;
	}
	return key.raw;
}
