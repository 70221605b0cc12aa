// A PuTTY user at 80x24 (TERM=xterm, PuTTY's key sequences) typing into a pane: the pane's program
// gets the bytes xterm would send, since panes are told TERM=xterm-256color. `od -c` in the pane
// shows exactly what arrived. Also the help overlay at 80x24 with every description readable.
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {CLI, VirtualScreen} from '../helpers/virtual-screen.js';

const PROMPT = 'putty$';
const ENV = {SHELL: '/bin/sh', PS1: PROMPT + ' ', ENV: undefined, HOME: tmpdir(), LVS_TUI_NO_SESSION: '1', TERM: 'xterm'};
let screens: VirtualScreen[] = [];

function start(): VirtualScreen {
	const s = VirtualScreen.cli([], {cols: 80, rows: 24, env: ENV});
	screens.push(s);
	return s;
}

beforeAll(() => {
	if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
});

afterEach(() => {
	for (const s of screens) s.kill();
	screens = [];
});

describe('PuTTY keys reach the pane as xterm keys', () => {
	it('Home, End and F1 (ESC[1~, ESC[4~, ESC[11~) arrive as ESC[H, ESC[F, ESC OP; Backspace stays ^?', async () => {
		const s = start();
		await s.waitFor(PROMPT);
		// Non-canonical so the tty does not edit the bytes (^? would erase); xterm's forms are 10 bytes.
		s.write('stty -icanon -echo; head -c 10 | od -An -c; stty sane\r');
		await s.waitFor(s => s.text().includes('od -An -c'));
		s.write('\x1b[1~\x1b[4~\x1b[11~\x7f');
		await s.waitFor(/033\s+\[\s+H/);
		const text = s.text();
		expect(text).toMatch(/033\s+\[\s+H\s+033\s+\[\s+F\s+033\s+O\s+P\s+177/);
		expect(text).not.toContain('1   ~');
	});

	it('shows every binding readable in the help overlay at 80x24', async () => {
		const s = start();
		await s.waitFor(PROMPT);
		s.command('?');
		await s.waitFor('key bindings');
		const text = s.text();
		expect(text).not.toContain('…');
		expect(text).toContain('kill this pane (asks first)');
		expect(text).toContain('^A v F2 bring the VIP up or down');
		s.write('x');
		await s.waitFor(s => !s.text().includes('key bindings') && s.text().includes(PROMPT));
	});
});
