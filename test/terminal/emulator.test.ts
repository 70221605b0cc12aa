import {afterEach, describe, expect, it} from 'vitest';
import {Emulator} from '../../source/terminal/emulator.js';
import {emulatorWith, parsed, replayRows} from './emulator-helpers.js';

const made: Emulator[] = [];
async function make(data: string, cols = 40, rows = 6, scrollback = 100) {
	const e = await emulatorWith(data, cols, rows, scrollback);
	made.push(e);
	return e;
}
afterEach(() => {
	for (const e of made.splice(0)) e.dispose();
});

describe('Emulator rows', () => {
	it('encodes 16, 256 and truecolour, and bold/underline/inverse, as SGR', async () => {
		const e = await make('\x1b[31mR\x1b[92mG\x1b[0m \x1b[38;5;208mO\x1b[0m \x1b[38;2;1;2;3;48;2;4;5;6mT\x1b[0m \x1b[1;4;7mB\x1b[0m');
		const row = e.row(0);
		expect(row).toContain('\x1b[0;31mR');
		expect(row).toContain('\x1b[0;92mG');
		expect(row).toContain('\x1b[0;38;5;208mO');
		expect(row).toContain('\x1b[0;38;2;1;2;3;48;2;4;5;6mT');
		expect(row).toContain('\x1b[0;1;4;7mB');
		expect(e.text(0).trimEnd()).toBe('RG O T B');
	});

	it('erases trailing blanks with ECH so a row never paints past the pane', async () => {
		const e = await make('hi');
		expect(e.row(0)).toBe('\x1b[0mhi\x1b[38X');
		expect(e.row(1)).toBe('\x1b[0m\x1b[40X');
	});

	it('keeps a coloured background on trailing blanks', async () => {
		const e = await make('\x1b[44m\x1b[K');
		expect(e.row(0)).toContain('\x1b[0;44m' + ' '.repeat(40));
	});

	it('draws wide characters once (the second cell has width 0)', async () => {
		const e = await make('中文x😀y');
		expect(e.text(0).trimEnd()).toBe('中文x😀y');
		expect(e.row(0)).toBe('\x1b[0m中文x😀y\x1b[32X');
	});

	it('translates DEC line drawing to box characters', async () => {
		const e = await make('\x1b(0lqqk\r\nx  x\r\nmqqj\x1b(B');
		expect([0, 1, 2].map(y => e.text(y).trimEnd())).toEqual(['┌──┐', '│  │', '└──┘']);
	});

	it('rows painted into a fresh terminal reproduce the screen cell for cell', async () => {
		const source = await make('\x1b[1;31mbold red\x1b[0m plain \x1b[3;38;5;33mital\x1b[0m\r\n\x1b[7m inv \x1b[0m 中 \x1b[9mstrike\x1b[0m\r\n\x1b[48;2;10;20;30mbg\x1b[0m');
		const target = new Emulator({cols: 40, rows: 6, scrollback: 0});
		made.push(target);
		await replayRows(source, target);
		for (let y = 0; y < 6; y++) expect(target.row(y)).toBe(source.row(y));
	});
});

describe('Emulator modes and replies', () => {
	it('tracks the modes the input path needs', async () => {
		const e = await make('');
		expect(e.modes()).toMatchObject({applicationCursorKeys: false, applicationKeypad: false, bracketedPaste: false, mouseTracking: 'none', cursorVisible: true, altScreen: false});
		await parsed(e, '\x1b[?1h\x1b=\x1b[?2004h\x1b[?1002h\x1b[?1006h\x1b[?25l\x1b[?1049h\x1b[?1004h');
		expect(e.modes()).toEqual({applicationCursorKeys: true, applicationKeypad: true, bracketedPaste: true, mouseTracking: 'drag', mouseEncoding: 'sgr', sendFocus: true, cursorVisible: false, altScreen: true});
		await parsed(e, '\x1b[?1l\x1b>\x1b[?25h\x1b[?1049l\x1b[?1006l');
		expect(e.modes()).toMatchObject({applicationCursorKeys: false, applicationKeypad: false, cursorVisible: true, altScreen: false, mouseEncoding: 'default'});
	});

	it('answers terminal queries (cursor position, device attributes) for the program', async () => {
		const e = await make('');
		const replies: string[] = [];
		e.onReply(r => replies.push(r));
		await parsed(e, 'abc\x1b[6n\x1b[c');
		expect(replies[0]).toBe('\x1b[1;4R');
		expect(replies[1]).toMatch(/^\x1b\[\?[\d;]+c$/);
	});

	it('serializes screen and scrollback so a fresh emulator shows the same', async () => {
		const lines = Array.from({length: 30}, (_, i) => `\x1b[3${i % 8}mline ${i}\x1b[0m`).join('\r\n');
		const e = await make(lines, 30, 5, 100);
		const copy = new Emulator({cols: 30, rows: 5, scrollback: 100});
		made.push(copy);
		await parsed(copy, e.serialize());
		for (let y = 0; y < 5; y++) expect(copy.row(y)).toBe(e.row(y));
		expect(copy.scrollbackLength).toBe(e.scrollbackLength);
	});

	it('keeps the configured scrollback and no more', async () => {
		const e = await make(Array.from({length: 12_000}, (_, i) => String(i)).join('\r\n'), 20, 10, 10_000);
		expect(e.scrollbackLength).toBe(10_000);
		expect(e.text(9).trimEnd()).toBe('11999');
	});

	it('resizes, reflowing nothing it should not', async () => {
		const e = await make('hello');
		e.resize(10, 3);
		expect(e.cols).toBe(10);
		expect(e.rows).toBe(3);
		expect(e.text(0)).toBe('hello     ');
		expect(e.row(0)).toBe('\x1b[0mhello\x1b[5X');
	});
});
