import {afterEach, describe, expect, it} from 'vitest';
import {Compositor} from '../../source/terminal/compositor.js';
import {Emulator} from '../../source/terminal/emulator.js';
import {parsed} from './emulator-helpers.js';

const made: Array<{dispose(): void}> = [];
afterEach(() => {
	for (const m of made.splice(0)) m.dispose();
});

function rowsPainted(frame: string): number[] {
	return [...frame.matchAll(/\x1b\[(\d+);1H\x1b\[0m/g)].map(m => Number(m[1]));
}

function setup(cols = 20, rows = 5) {
	const writes: string[] = [];
	const emulator = new Emulator({cols, rows, scrollback: 10});
	const compositor = new Compositor(d => writes.push(d));
	made.push(emulator, compositor);
	compositor.setArea(cols, rows);
	return {writes, emulator, compositor};
}

describe('Compositor', () => {
	it('paints every row first, then only the rows that changed', async () => {
		const {emulator, compositor} = setup();
		await parsed(emulator, 'one\r\ntwo\r\nthree');
		compositor.attach(emulator);
		const first = compositor.frame();
		expect(rowsPainted(first)).toEqual([1, 2, 3, 4, 5]);
		expect(compositor.frame()).toBe('');
		await parsed(emulator, '\x1b[2;1Htwo!');
		const second = compositor.frame();
		expect(rowsPainted(second)).toEqual([2]);
		expect(second).toContain('two!');
		// The cursor ends where the program's cursor is, shown.
		expect(second.endsWith('\x1b[2;5H\x1b[?25h')).toBe(true);
	});

	it('moves only the cursor when nothing else changed, and hides it when the program did', async () => {
		const {emulator, compositor} = setup();
		compositor.attach(emulator);
		compositor.frame();
		await parsed(emulator, '\x1b[3;4H');
		expect(compositor.frame()).toBe('\x1b[3;4H\x1b[?25h');
		await parsed(emulator, '\x1b[?25l');
		expect(compositor.frame()).toBe('\x1b[3;4H\x1b[?25l');
	});

	it('repaints everything after invalidate (Ink redrew the chrome) and nothing while disabled', async () => {
		const {emulator, compositor} = setup();
		compositor.attach(emulator);
		compositor.frame();
		compositor.invalidate();
		expect(rowsPainted(compositor.frame())).toEqual([1, 2, 3, 4, 5]);
		compositor.setEnabled(false);
		await parsed(emulator, 'changed');
		expect(compositor.frame()).toBe('');
		compositor.setEnabled(true);
		expect(rowsPainted(compositor.frame())).toEqual([1, 2, 3, 4, 5]);
	});

	it('blanks the part of the area a smaller pane does not cover', async () => {
		const {emulator, compositor} = setup(10, 3);
		compositor.attach(emulator);
		compositor.setArea(14, 4);
		const frame = compositor.frame();
		expect(rowsPainted(frame)).toEqual([1, 2, 3, 4]);
		expect(frame).toContain('\x1b[0m\x1b[10X\x1b[4X');
		expect(frame).toContain('\x1b[4;1H\x1b[0m\x1b[14X');
	});

	it('mirrors mouse, keypad and focus modes to the outer terminal and undoes them', async () => {
		const {emulator, compositor} = setup();
		compositor.attach(emulator);
		compositor.frame();
		await parsed(emulator, '\x1b[?1000h\x1b[?1006h\x1b=');
		const frame = compositor.frame();
		expect(frame).toContain('\x1b=');
		expect(frame).toContain('\x1b[?1006h');
		expect(frame).toContain('\x1b[?1000h');
		expect(compositor.resetOuterModes()).toBe('\x1b>\x1b[?1006l\x1b[?1000l');
	});

	it('paints on its own after output, wrapped in synchronized output', async () => {
		const {writes, emulator, compositor} = setup();
		compositor.attach(emulator);
		await parsed(emulator, 'streamed');
		const deadline = Date.now() + 5000;
		while (!writes.some(w => w.includes('streamed')) && Date.now() < deadline) await new Promise(r => setTimeout(r, 5));
		const frame = writes.find(w => w.includes('streamed'))!;
		expect(frame.startsWith('\x1b[?2026h')).toBe(true);
		expect(frame.endsWith('\x1b[?2026l')).toBe(true);
	});
});
