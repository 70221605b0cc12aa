// Garbage from a pane (random binary, broken escape sequences) must never throw or wedge the
// emulator -> compositor path: after any input the pane still shows what comes next.
import {afterEach, describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {Emulator} from '../../source/terminal/emulator.js';
import {Compositor} from '../../source/terminal/compositor.js';
import {KeyParser} from '../../source/keymap/key-parser.js';
import {parsed, replayRows} from './emulator-helpers.js';

const FRAGMENTS = [
	'\x1b', '\x1b[', '\x1b[?', '\x1b]', '\x1b]0;title', '\x07', '\x1bP', '\x1b\\', '\x9b', '\x90', '\x1b[38;5;', '\x1b[38;2;',
	'\x1b[?1049h', '\x1b[?1049l', '\x1b[?1h', '\x1b[?25l', '\x1b[999;999H', '\x1b[2J', '\x1b[r', '\x1b[5;2r', '\x1bc', '\x1b(0', '\x1b(B',
	'\x1b[4h', '\x1b[?1000h', '\x1b[?1006h', '\x1b[6n', '\x1b[c', '\x1b[>c', '\x1b[18t', '\x1b#8', '\x1b[1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17m',
	'中', '😀', '\u0301', '\u200d', '\r', '\n', '\t', '\b', '\x00', '\x7f', 'ab', ';', '9999999999', '~', 'm', 'H',
];

const garbage = fc.oneof(
	fc.uint8Array({maxLength: 400}).map(bytes => Buffer.from(bytes).toString('latin1')),
	fc.uint8Array({maxLength: 400}).map(bytes => Buffer.from(bytes).toString('utf8')),
	fc.array(fc.constantFrom(...FRAGMENTS), {maxLength: 80}).map(parts => parts.join('')),
	fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({maxLength: 6})), {maxLength: 60}).map(parts => parts.join('')),
);

const made: Array<{dispose(): void}> = [];
afterEach(() => {
	for (const m of made.splice(0)) m.dispose();
});

describe('fuzzing the pane output path', () => {
	it('never throws, paints rows that replay to the same screen, and keeps showing new output', async () => {
		await fc.assert(
			fc.asyncProperty(garbage, garbage, async (first, second) => {
				const emulator = new Emulator({cols: 30, rows: 8, scrollback: 50});
				const writes: string[] = [];
				const compositor = new Compositor(d => writes.push(d));
				made.push(emulator, compositor);
				compositor.setArea(30, 8);
				compositor.attach(emulator);
				await parsed(emulator, first);
				compositor.frame();
				await parsed(emulator, second);
				compositor.frame();
				// What the compositor paints reproduces the emulator's screen.
				const copy = new Emulator({cols: 30, rows: 8, scrollback: 0});
				made.push(copy);
				await replayRows(emulator, copy);
				// Cell by cell: the same character in the same column. (A combining mark with no base
				// is drawn on a blank, so marks and format characters are left out of the comparison.)
				const bare = (t: string) => t.replace(/[\p{M}\p{Cf}]/gu, '') || ' ';
				for (let y = 0; y < 8; y++) {
					expect(copy.cells(y).map(c => bare(c.chars))).toEqual(emulator.cells(y).map(c => bare(c.chars)));
				}
				// And the pane is not wedged: a reset and text shows up.
				await parsed(emulator, '\x18\x1b\\\x1bc\x1b[?1049lALIVE');
				expect(emulator.text(0).startsWith('ALIVE')).toBe(true);
				expect(compositor.frame()).toContain('ALIVE');
			}),
			{numRuns: 150},
		);
	});

	it('the key parser never throws and never loses or invents a byte outside pastes', () => {
		fc.assert(
			fc.property(fc.array(garbage, {maxLength: 4}), chunks => {
				const parser = new KeyParser();
				const out = chunks.flatMap(c => parser.feed(c.replace(/\x1b\[20[01]~/g, '')));
				expect(out.map(k => k.raw).join('')).toBe(chunks.map(c => c.replace(/\x1b\[20[01]~/g, '')).join(''));
			}),
			{numRuns: 300},
		);
	});
});
