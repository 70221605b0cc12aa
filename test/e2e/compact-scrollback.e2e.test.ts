// The built CLI keeps every scrollback line once it has moved out of xterm into the compact store
// (which always happens before a resize): the scrollback view shows the first lines of a long
// output, wrapped at the new width, colours intact.
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {CLI, VirtualScreen} from '../helpers/virtual-screen.js';

const PROMPT = 'e2e$';
const ENV = {SHELL: '/bin/sh', PS1: PROMPT + ' ', ENV: undefined, HOME: tmpdir(), LVS_TUI_NO_SESSION: '1'};
let screens: VirtualScreen[] = [];
const statusLine = (s: VirtualScreen) => s.line(s.rows - 1);
// The status line is cut at 60 columns: '[history: 5976 lines b… PgDn g G, Esc leaves]'.
const historyBack = (s: VirtualScreen) => Number(/history: (\d+) /.exec(statusLine(s))?.[1] ?? -1);

beforeAll(() => {
	if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
});

afterEach(() => {
	for (const s of screens) s.kill();
	screens = [];
});

describe('compact scrollback end to end', () => {
	it('a resize moves 3,000 long lines out of xterm; the scrollback view shows them all, rewrapped and coloured', async () => {
		const s = VirtualScreen.cli([], {cols: 100, rows: 30, env: ENV});
		screens.push(s);
		await s.waitFor(PROMPT);
		// 3,000 lines of 90 columns, the number in red: one row each at 100 columns, two at 60.
		s.write(`printf '\\033[31mL%05d\\033[0m ${'x'.repeat(83)}\\n' $(seq 1 3000)\r`);
		await s.waitFor(/^L03000 x+$/m);
		s.resize(60, 30);
		await s.waitFor(s => s.line(s.rows - 3).startsWith(PROMPT) || /^e2e\$\s*$/m.test(s.text()));
		s.command('[');
		s.write('g');
		await s.waitFor(s => s.lines().slice(0, 6).some(l => l.startsWith('L00001 ')));
		const top = s.lines().findIndex(l => l.startsWith('L00001 '));
		// Wrapped at 60: the line's rest is on the next row, then the second line starts.
		expect(s.line(top)).toBe('L00001 ' + 'x'.repeat(53));
		expect(s.line(top + 1)).toBe('x'.repeat(30));
		expect(s.line(top + 2).startsWith('L00002 ')).toBe(true);
		expect(s.cell(0, top).fg).not.toEqual(s.cell(7, top).fg);
		// Two rows a line: 6,000 rows and the command above them.
		await s.waitFor(s => historyBack(s) >= 6_000 - s.rows);
		s.write('\x1b');
		await s.waitFor(s => !statusLine(s).includes('history'));
		s.write('echo after-scrollback\r');
		await s.waitFor(/^after-scrollback$/m);
	});

});
