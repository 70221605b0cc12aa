// The compact scrollback must show exactly what xterm itself would: every test writes the same
// output into an Emulator (whose scrollback is moved into the store) and into a plain headless
// xterm with the same size and scrollback, then compares every row at every scroll position.
import {afterEach, describe, expect, it} from 'vitest';
import xterm from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';
import {Emulator} from '../../source/terminal/emulator.js';
import {encodeRow} from '../../source/terminal/row-encoder.js';
import {parsed} from './emulator-helpers.js';

const {Terminal} = xterm;
type XTerm = InstanceType<typeof Terminal>;

interface Pair {
	emulator: Emulator;
	reference: XTerm;
}

const made: Pair[] = [];
afterEach(() => {
	for (const p of made.splice(0)) {
		p.emulator.dispose();
		p.reference.dispose();
	}
});

function pair(cols: number, rows: number, scrollback: number): Pair {
	const emulator = new Emulator({cols, rows, scrollback});
	const reference = new Terminal({cols, rows, scrollback, allowProposedApi: true});
	reference.loadAddon(new unicode11.Unicode11Addon());
	reference.unicode.activeVersion = '11';
	const p = {emulator, reference};
	made.push(p);
	return p;
}

async function write(p: Pair, data: string): Promise<void> {
	await Promise.all([parsed(p.emulator, data), new Promise<void>(resolve => p.reference.write(data, resolve))]);
}

/** Every row of the reference, scrollback first, as the row encoder writes it. */
function referenceRows(t: XTerm): string[] {
	const b = t.buffer.normal;
	const cell = b.getNullCell();
	return Array.from({length: b.length}, (_, y) => encodeRow(b.getLine(y), t.cols, cell));
}

/** Every row the emulator shows, scrolled back as far as it goes, then forward row by row. */
function emulatorRows(e: Emulator): string[] {
	e.scrollBy(-1e9);
	const back = e.scrolledBack();
	const out = Array.from({length: e.rows}, (_, y) => e.row(y));
	for (let i = 0; i < back; i++) {
		e.scrollBy(1);
		out.push(e.row(e.rows - 1));
	}
	e.scrollToBottom();
	return out;
}

function expectSame(p: Pair): void {
	const expected = referenceRows(p.reference);
	const actual = emulatorRows(p.emulator);
	if (actual.length !== expected.length) expect(actual.join("\n")).toBe(expected.join("\n"));
	for (let i = 0; i < expected.length; i++) expect(actual[i], `row ${i} of ${expected.length}`).toBe(expected[i]);
	expect(p.emulator.scrollbackLength).toBe(p.reference.buffer.normal.length - p.reference.rows);
}

/** Output with everything the store must keep exactly: colours, attributes, wide and combining characters, wrapped lines, coloured blanks. */
function mixedOutput(lines: number, erasedBlanks = true): string {
	const out: string[] = [];
	for (let i = 0; i < lines; i++) {
		switch (i % 7 === 4 && !erasedBlanks ? 0 : i % 7) {
			case 0:
				out.push(`plain ${i}`);
				break;
			case 1:
				out.push(`\x1b[31mred\x1b[0m \x1b[1;4mbold-under\x1b[0m \x1b[38;5;208m256\x1b[0m \x1b[38;2;1;2;3;48;2;4;5;6mrgb\x1b[0m ${i}`);
				break;
			case 2:
				out.push(`wide 中文字 😀 e\u0301 ${i} `.repeat(3));
				break;
			case 3:
				out.push(`${'long-wrapped-'.repeat(9)}${i}`);
				break;
			case 4:
				out.push(`\x1b[44mblue to the edge ${i}\x1b[K\x1b[0m`);
				break;
			case 5:
				out.push(`\x1b[7m inverse \x1b[0m\x1b[9m strike \x1b[0m\x1b[2mdim\x1b[3mitalic\x1b[0m ${i}`);
				break;
			default:
				out.push('');
		}
	}
	return out.join('\r\n');
}

describe('compact scrollback', () => {
	it('moves scrollback rows out of xterm and shows them exactly as xterm would', async () => {
		const p = pair(40, 8, 1000);
		await write(p, mixedOutput(300));
		p.emulator.compact(0);
		expect(p.emulator.movedRows).toBeGreaterThan(200);
		expectSame(p);
	});

	it('wide characters at the right edge wrap to the next row and back the same way', async () => {
		const p = pair(11, 4, 100);
		// 10 cells then a wide char: xterm leaves column 11 blank and wraps it.
		await write(p, Array.from({length: 30}, (_, i) => `${String(i % 10).repeat(10)}中${'字'.repeat(i % 6)}x`).join('\r\n'));
		p.emulator.compact(0);
		expectSame(p);
	});

	it('keeps the configured number of rows when old lines were moved and more arrive', async () => {
		const p = pair(20, 10, 500);
		await write(p, Array.from({length: 400}, (_, i) => `a${i}`).join('\r\n'));
		p.emulator.compact(0);
		await write(p, '\r\n' + Array.from({length: 300}, (_, i) => `b${i}`).join('\r\n'));
		expectSame(p);
		p.emulator.compact(0);
		await write(p, '\r\n' + Array.from({length: 50}, (_, i) => `c${i}`).join('\r\n'));
		expectSame(p);
		expect(p.emulator.scrollbackLength).toBe(500);
	});

	it('holds 10,000 lines: the oldest kept is the 10,000th before the screen', async () => {
		const p = pair(30, 10, 10_000);
		await write(p, Array.from({length: 12_000}, (_, i) => `line ${i}`).join('\r\n'));
		p.emulator.compact(0);
		expect(p.emulator.scrollbackLength).toBe(10_000);
		p.emulator.scrollBy(-1e9);
		expect(p.emulator.text(0).trimEnd()).toBe('line 1990');
		p.emulator.scrollToBottom();
		expect(p.emulator.text(9).trimEnd()).toBe('line 11999');
	});

	it('narrowing cuts blanks erased with a colour at the edge, as xterm does', async () => {
		const p = pair(40, 8, 1000);
		await write(p, mixedOutput(200));
		p.emulator.compact(0);
		p.emulator.resize(25, 8);
		p.reference.resize(25, 8);
		expectSame(p);
	});

	it('reflows stored lines on a resize as xterm reflows its own', async () => {
		const p = pair(40, 8, 1000);
		// Without blanks erased with a colour: xterm forgets the part a narrowing cut off, so they
		// come back shorter on widening; the store keeps them as they were written.
		await write(p, mixedOutput(200, false));
		p.emulator.compact(0);
		for (const [cols, rows] of [[25, 8], [60, 12], [33, 5]] as const) {
			p.emulator.resize(cols, rows);
			p.reference.resize(cols, rows);
			await write(p, `\r\nafter resize to ${cols}x${rows} ` + 'x'.repeat(cols + 3));
			expectSame(p);
		}
	});

	it('resizing moves the scrollback first, so xterm reflows only the screen', async () => {
		const e = new Emulator({cols: 89, rows: 38, scrollback: 10_000});
		made.push({emulator: e, reference: new Terminal({cols: 1, rows: 1})});
		await parsed(e, Array.from({length: 10_000}, (_, i) => String(i)).join('\r\n'));
		e.resize(120, 38);
		expect(e.movedRows).toBeGreaterThan(9_800);
		expect(e.scrollbackLength).toBe(10_000 - 38);
		e.scrollBy(-1e9);
		expect(e.text(0).trimEnd()).toBe('0');
	});

	it('serializes stored and live scrollback so a fresh emulator shows the same', async () => {
		const p = pair(40, 8, 1000);
		await write(p, mixedOutput(150));
		p.emulator.compact(0);
		// Not in the part xterm's serialize addon writes: it ends a row erased blue to the edge with
		// CRLF while still blue, so the replay's next row scrolls in blue (the addon's, not ours).
		await write(p, '\r\n' + mixedOutput(20, false));
		const copy = new Emulator({cols: 40, rows: 8, scrollback: 1000});
		made.push({emulator: copy, reference: new Terminal({cols: 1, rows: 1})});
		await parsed(copy, p.emulator.serialize());
		expect(emulatorRows(copy)).toEqual(emulatorRows(p.emulator));
		expect(copy.cursor()).toEqual(p.emulator.cursor());
	});

	it('serializes a cleared screen with stored history above it (Ctrl-L)', async () => {
		const p = pair(30, 6, 1000);
		await write(p, Array.from({length: 40}, (_, i) => `old ${i}`).join('\r\n'));
		p.emulator.compact(0);
		await write(p, '\x1b[H\x1b[2Jprompt$ ');
		const copy = new Emulator({cols: 30, rows: 6, scrollback: 1000});
		made.push({emulator: copy, reference: new Terminal({cols: 1, rows: 1})});
		await parsed(copy, p.emulator.serialize());
		for (let y = 0; y < 6; y++) expect(copy.row(y)).toBe(p.emulator.row(y));
		expect(copy.cursor()).toEqual(p.emulator.cursor());
		copy.scrollBy(-3);
		p.emulator.scrollBy(-3);
		for (let y = 0; y < 6; y++) expect(copy.text(y)).toBe(p.emulator.text(y));
	});

	it('a serialize capped at N rows sends the newest N', async () => {
		const e = new Emulator({cols: 20, rows: 5, scrollback: 1000});
		made.push({emulator: e, reference: new Terminal({cols: 1, rows: 1})});
		await parsed(e, Array.from({length: 600}, (_, i) => `n${i}`).join('\r\n'));
		e.compact(0);
		await parsed(e, '\r\n' + Array.from({length: 10}, (_, i) => `m${i}`).join('\r\n'));
		const copy = new Emulator({cols: 20, rows: 5, scrollback: 1000});
		made.push({emulator: copy, reference: new Terminal({cols: 1, rows: 1})});
		await parsed(copy, e.serialize({scrollback: 100}));
		expect(copy.scrollbackLength).toBe(100);
		copy.scrollBy(-1e9);
		expect(copy.text(0).trimEnd()).toBe('n505');
	});

	it('clear (CSI 3 J) and reset (RIS) empty the stored part too', async () => {
		const p = pair(20, 5, 1000);
		await write(p, Array.from({length: 300}, (_, i) => `x${i}`).join('\r\n'));
		p.emulator.compact(0);
		await write(p, '\x1b[H\x1b[2J\x1b[3J');
		expectSame(p);
		expect(p.emulator.scrollbackLength).toBe(0);
		await write(p, Array.from({length: 300}, (_, i) => `y${i}`).join('\r\n'));
		p.emulator.compact(0);
		await write(p, '\x1bc');
		expectSame(p);
	});

	it('a view scrolled back stays on the same lines while output arrives', async () => {
		const e = new Emulator({cols: 20, rows: 5, scrollback: 1000});
		made.push({emulator: e, reference: new Terminal({cols: 1, rows: 1})});
		await parsed(e, Array.from({length: 300}, (_, i) => `s${i}`).join('\r\n'));
		e.compact(0);
		e.scrollBy(-100);
		const shown = Array.from({length: 5}, (_, y) => e.text(y));
		await parsed(e, '\r\n' + Array.from({length: 50}, (_, i) => `t${i}`).join('\r\n'));
		expect(Array.from({length: 5}, (_, y) => e.text(y))).toEqual(shown);
		expect(e.scrolledBack()).toBe(150);
	});

	it('a line longer than the scrollback xterm held is moved in parts and joined again', async () => {
		const p = pair(20, 4, 1000);
		await write(p, 'start ' + 'abcdefghij'.repeat(1000));
		p.emulator.compact(0);
		expect(p.emulator.movedRows).toBeGreaterThan(200);
		expectSame(p);
		await write(p, 'klmnopqrst'.repeat(30) + '\r\nend');
		p.emulator.compact(0);
		expectSame(p);
	});
});
