// PuTTY's and the Linux console's key encodings become xterm's before they reach a pane (whose
// TERM is xterm-256color), in the pane's cursor mode.
import {describe, expect, it} from 'vitest';
import {KeyParser} from '../../source/keymap/key-parser.js';
import {asXtermKey} from '../../source/keymap/xterm-keys.js';
import {translateKey} from '../../source/terminal/key-translate.js';
import {DEFAULT_MODES} from '../../source/terminal/pane-screen.js';

const toPane = (typed: string, applicationCursorKeys = false) =>
	new KeyParser()
		.feed(typed)
		.map(k => translateKey(asXtermKey(k), {...DEFAULT_MODES, applicationCursorKeys}))
		.join('');

describe('keys re-encoded for an xterm-256color pane', () => {
	it('PuTTY Home/End (ESC[1~ / ESC[4~) become ESC[H / ESC[F, or ESC OH / ESC OF in application cursor mode', () => {
		expect(toPane('\x1b[1~\x1b[4~')).toBe('\x1b[H\x1b[F');
		expect(toPane('\x1b[1~\x1b[4~', true)).toBe('\x1bOH\x1bOF');
		// rxvt's ESC[7~ / ESC[8~ too
		expect(toPane('\x1b[7~\x1b[8~')).toBe('\x1b[H\x1b[F');
	});

	it('PuTTY F1-F4 (ESC[11~..ESC[14~) and the Linux console F1-F5 become xterm ESC OP..ESC OS, ESC[15~', () => {
		expect(toPane('\x1b[11~\x1b[12~\x1b[13~\x1b[14~')).toBe('\x1bOP\x1bOQ\x1bOR\x1bOS');
		expect(toPane('\x1b[[A\x1b[[E')).toBe('\x1bOP\x1b[15~');
	});

	it('leaves xterm keys, modified keys, Backspace (^?) and text alone', () => {
		const xterm = '\x1b[H\x1b[F\x1bOP\x1b[15~\x1b[1;5H\x1b[3~\x7fabc\x1b[A';
		expect(toPane(xterm)).toBe(xterm);
	});
});
