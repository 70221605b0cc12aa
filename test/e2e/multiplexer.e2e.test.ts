// The built CLI in a real PTY, read through a headless xterm: what a user at an 80x24 PuTTY sees.
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {CLI, VirtualScreen} from '../helpers/virtual-screen.js';

/** Shown trimmed on screen (the helper trims trailing blanks). */
const PROMPT = 'e2e$';
// The panes in the UI process (no background session), so each test's panes end with it.
const ENV = {SHELL: '/bin/sh', PS1: PROMPT + ' ', ENV: undefined, HOME: tmpdir(), LVS_TUI_NO_SESSION: '1'};
let screens: VirtualScreen[] = [];

function start(args: string[] = [], options: {cols?: number; rows?: number; env?: Record<string, string | undefined>} = {}): VirtualScreen {
	const s = VirtualScreen.cli(args, {cols: options.cols ?? 80, rows: options.rows ?? 24, env: {...ENV, ...options.env}});
	screens.push(s);
	return s;
}

/** The status line is the second-to-last row; the last row is left to the pane painter. */
const statusLine = (s: VirtualScreen) => s.line(s.rows - 1);

beforeAll(() => {
	if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
});

afterEach(() => {
	for (const s of screens) s.kill();
	screens = [];
});

describe('lvs-tui multiplexer end to end', () => {
	it('starts in local mode with one shell pane and a tab line, and runs commands in it', async () => {
		const s = start();
		await s.waitFor(PROMPT);
		expect(statusLine(s)).toMatch(/^ 0\* director/);
		expect(statusLine(s)).toContain('^A ? help');
		s.write('echo $((6*7))\r');
		await s.waitFor(/^42$/m);
		// The pane starts at the top-left of the terminal, as in screen.
		expect(s.line(0).startsWith(PROMPT)).toBe(true);
	});

	it('switches panes with C-a c, n, p, digits and C-a C-a, each keeping its own screen', async () => {
		const s = start();
		await s.waitFor(PROMPT);
		s.write('echo first-pane\r');
		await s.waitFor('first-pane\n');
		s.command('c');
		await s.waitFor(s => statusLine(s).includes('1* sh') && statusLine(s).includes('0- director'));
		await s.waitFor(s => s.line(0) === PROMPT);
		s.write('echo second-pane\r');
		await s.waitFor('second-pane\n');
		expect(s.text()).not.toContain('first-pane');
		s.command('p');
		await s.waitFor(s => statusLine(s).includes('0* director') && s.text().includes('first-pane'));
		expect(s.text()).not.toContain('second-pane');
		s.command('n');
		await s.waitFor(s => statusLine(s).includes('1* sh') && s.text().includes('second-pane'));
		s.command('0');
		await s.waitFor(s => statusLine(s).includes('0* director'));
		s.command('\x01');
		await s.waitFor(s => statusLine(s).includes('1* sh'));
		s.command('7');
		await s.waitFor('no pane 7');
	});

	it('renames a pane with C-a A and selects by title with C-a \'', async () => {
		const s = start();
		await s.waitFor(PROMPT);
		s.command('A');
		await s.waitFor('Rename pane 0');
		s.write('\x7f'.repeat(20) + 'rs1-web\r');
		await s.waitFor(s => statusLine(s).includes('0* rs1-web'));
		s.command('c');
		await s.waitFor(s => statusLine(s).includes('1* sh'));
		s.command("'");
		await s.waitFor('Switch to pane');
		s.write('rs1\r');
		await s.waitFor(s => statusLine(s).includes('0* rs1-web'));
	});

	it('asks before killing a pane (C-a k), and closes it only on y', async () => {
		const s = start();
		await s.waitFor(PROMPT);
		s.command('c');
		await s.waitFor(s => statusLine(s).includes('1* sh'));
		s.command('k');
		await s.waitFor('Kill pane 1 (sh)?');
		s.write('n');
		await s.waitFor(s => !s.text().includes('Kill pane 1'));
		expect(statusLine(s)).toContain('1* sh');
		s.command('k');
		await s.waitFor('Kill pane 1 (sh)?');
		s.write('y');
		await s.waitFor(s => statusLine(s).includes('0* director') && !statusLine(s).includes('1 sh') && !statusLine(s).includes('1- sh'));
	});

	it('shows every binding in the help overlay and the pane list with C-a "', async () => {
		const s = start([], {cols: 100, rows: 30});
		await s.waitFor(PROMPT);
		s.command('?');
		// A frame may arrive over several reads: wait for all of it.
		const texts = ['key bindings', 'next pane', 'kill this pane', 'bring the VIP up or down', 'quit lvs-tui'];
		await s.waitFor(s => texts.every(t => s.text().includes(t)));
		s.write('x');
		await s.waitFor(s => !s.text().includes('key bindings'));
		s.command('c');
		await s.waitFor(s => statusLine(s).includes('1* sh'));
		s.command('"');
		await s.waitFor(s => s.text().includes('Panes') && /0 +director/.test(s.text()));
		s.write('\x1b[A\r');
		await s.waitFor(s => statusLine(s).includes('0* director') && !s.text().includes('Enter selects'));
	});

	it('resizes every pane with the terminal (SIGWINCH) and keeps the chrome at the bottom', async () => {
		const s = start();
		await s.waitFor(PROMPT);
		s.command('c');
		await s.waitFor(s => statusLine(s).includes('1* sh'));
		s.resize(100, 30);
		await s.waitFor(s => statusLine(s).includes('1* sh'));
		s.write('stty size\r');
		await s.waitFor(/^29 100$/m);
		s.command('0');
		await s.waitFor(s => statusLine(s).includes('0* director'));
		s.write('clear; stty size\r');
		await s.waitFor(/^29 100$/m);
		s.resize(80, 24);
		await s.waitFor(s => statusLine(s).includes('0* director'));
		s.write('clear; stty size\r');
		await s.waitFor(/^23 80$/m);
		// The status line is the last row, right under the pane area, as in screen and tmux.
		expect(s.line(23)).toMatch(/^ 0\* director/);
	});

	it('keeps a pane whose program exited visible with its exit status, and restarts it with C-a r', async () => {
		const s = start();
		await s.waitFor(PROMPT);
		s.write('echo before-exit; exit 3\r');
		await s.waitFor(s => s.text().includes('[exited with code 3]') && statusLine(s).includes('0* director (exit 3)') && statusLine(s).includes('^A r restarts'));
		expect(s.text()).toContain('before-exit');
		s.command('r');
		await s.waitFor(s => statusLine(s).includes('0* director') && !statusLine(s).includes('exit 3'));
		s.write('echo after-restart\r');
		await s.waitFor('after-restart\n');
	});

	it('shows the error in the pane when the shell program is missing, and keeps running', async () => {
		const s = start([], {env: {SHELL: '/nonexistent/shell'}});
		await s.waitFor(s => statusLine(s).includes('0* director (failed)') && s.text().includes('[cannot start /nonexistent/shell: no such program'));
		// The app still answers keys.
		s.command('?');
		await s.waitFor('key bindings');
	});

	it('quits with C-a q only after confirming, restoring the terminal', async () => {
		const s = start();
		await s.waitFor(PROMPT);
		s.command('q');
		await s.waitFor('Quit lvs-tui?');
		s.write('n');
		await s.waitFor(s => !s.text().includes('Quit lvs-tui?'));
		s.command('\\');
		await s.waitFor('Quit lvs-tui?');
		s.write('y');
		const exit = await s.waitForExit();
		expect(exit.exitCode).toBe(0);
		// Left the alternate screen and bracketed paste mode.
		expect(s.raw).toContain('\x1b[?1049l');
		expect(s.raw).toContain('\x1b[?2004l');
	});

	it('sends C-a a as a literal C-a, and a bracketed paste whole', async () => {
		const s = start();
		await s.waitFor(PROMPT);
		// od shows the bytes the program got.
		s.write('od -c\r');
		await s.waitFor(s => s.cursor().y >= 1);
		s.command('a');
		s.write('\x1b[200~pasted ^A text\x1b[201~');
		s.write('\r\x04');
		await s.waitFor(/001\s+p\s+a\s+s\s+t\s+e\s+d/);
	});

	it('reaches a full-screen program: vi in application cursor mode gets working arrows', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-e2e-'));
		try {
			const file = join(dir, 'note.txt');
			writeFileSync(file, 'line one\nline two\nline three\n');
			const s = start();
			await s.waitFor(PROMPT);
			s.write(`busybox vi ${file}\r`);
			await s.waitFor('line three');
			// Down twice, then replace the first char of line three.
			s.write('\x1b[B');
			s.write('\x1b[B');
			s.write('rX');
			await s.waitFor('Xine three');
			s.write(':wq\r');
			await s.waitFor(PROMPT);
			s.write(`cat ${file}\r`);
			await s.waitFor(/^Xine three$/m);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('opens the panes a config file describes, with its prefix (escape ^Bb form), and shows a missing command in its pane', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-e2e-'));
		try {
			const config = join(dir, 'lvs-tui.yaml');
			writeFileSync(
				config,
				[
					'director:',
					'  name: dir1',
					'  transport: local',
					'panes:',
					'  - {number: 1, title: director, host: dir1}',
					"  - {number: 2, title: hello, command: \"sh -c 'echo from-config; exec cat'\"}",
					'  - {number: 3, title: broken, command: no-such-program-xyz --version}',
					'keys:',
					'  prefix: ^Bb',
				].join('\n') + '\n',
			);
			const s = start(['--config', config]);
			await s.waitFor(s => statusLine(s).includes('1* director') && statusLine(s).includes('3@ broken (exit 127)') && statusLine(s).includes('^B ? help'));
			s.command('2', '\x02');
			await s.waitFor(s => statusLine(s).includes('2* hello') && s.text().includes('from-config'));
			// C-a is now an ordinary key for the pane: cat echoes it as ^A.
			s.write('\x01x\r');
			await s.waitFor('^Ax');
			s.command('3', '\x02');
			await s.waitFor('[command not found: no-such-program-xyz (exit 127)]');
			s.command('\x02', '\x02');
			await s.waitFor(s => statusLine(s).includes('2* hello'));
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('refuses a bad config with file:line and exit code 2, before drawing anything', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-e2e-'));
		try {
			const config = join(dir, 'lvs-tui.yaml');
			writeFileSync(config, 'director:\n  name: d\n  bogus: 1\npanes:\n  - {number: 1, title: a}\n  - {number: 1, title: b}\n');
			const s = start(['--config', config]);
			const exit = await s.waitForExit();
			expect(exit.exitCode).toBe(2);
			expect(s.text()).toContain(`${config}:3: unknown key 'director.bogus'`);
			expect(s.raw).not.toContain('\x1b[?1049h');
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('shows colours, attributes, wide characters and line drawing as the program drew them', async () => {
		const s = start();
		await s.waitFor(PROMPT);
		s.write("clear; printf '\\033[31mRED\\033[0m \\033[1;44mBOLD\\033[0m \\033[38;5;208mORANGE\\033[0m \\033[38;2;1;2;3mRGB\\033[0m 中文 \\033(0lqk\\033(B\\n'\r");
		await s.waitFor(/^RED BOLD ORANGE RGB 中文 ┌─┐$/m);
		const y = s.lines().findIndex(l => l.startsWith('RED BOLD'));
		expect(s.cell(0, y)).toMatchObject({chars: 'R', fg: 1});
		expect(s.cell(4, y)).toMatchObject({chars: 'B', bold: true, bg: 4});
		expect(s.cell(9, y)).toMatchObject({chars: 'O', fg: 208});
		expect(s.cell(16, y)).toMatchObject({chars: 'R', fg: 0x010203});
		expect(s.cell(20, y)).toMatchObject({chars: '中', width: 2});
	});

	it('survives garbage output (random bytes, broken escape sequences) and keeps answering keys', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-e2e-'));
		try {
			const file = join(dir, 'garbage.bin');
			const bytes = Buffer.alloc(200_000);
			let seed = 12345;
			for (let i = 0; i < bytes.length; i++) {
				seed = (seed * 1103515245 + 12345) & 0x7fffffff;
				bytes[i] = seed & 0xff;
			}
			// Broken sequences spliced in: unterminated CSI/OSC/DCS, huge parameters, alternate screen.
			const broken = Buffer.from('\x1b[\x1b]0;\x1bP\x1b[99999999;99999999H\x1b[?1049h\x1b[38;5;\x1b(0\x1b#8\x9b\x90');
			writeFileSync(file, Buffer.concat([bytes, broken, bytes.subarray(0, 50_000)]));
			const s = start();
			await s.waitFor(PROMPT);
			s.write(`cat ${file}; printf '\\033c'; echo; echo DONE-$((40+2))\r`);
			await s.waitFor('DONE-42', 30_000);
			s.command('?');
			await s.waitFor('key bindings');
			s.write('x');
			s.command('c');
			await s.waitFor(s => statusLine(s).includes('1* sh'));
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('shows the side panel on a wide terminal, hides it with C-a | and gives the pane the room', async () => {
		const s = start([], {cols: 130, rows: 30});
		await s.waitFor(PROMPT);
		await s.waitFor('IPVS');
		s.write('stty size\r');
		await s.waitFor(/^29 96(\s|$)/m);
		s.command('|');
		await s.waitFor(s => !s.text().includes('IPVS'));
		s.write('clear; stty size\r');
		await s.waitFor(/^29 130$/m);
		s.command('|');
		await s.waitFor('IPVS');
	});

	it('runs top and less full-screen and gets the shell screen back when they quit', async () => {
		const s = start();
		await s.waitFor(PROMPT);
		s.write('echo before-top\r');
		await s.waitFor(/^before-top$/m);
		s.write('busybox top\r');
		await s.waitFor(/PID/);
		s.write('q');
		// busybox top does not use the alternate screen: its last frame stays, the shell is back.
		await s.waitFor(s => s.line(s.cursor().y).startsWith(PROMPT));
		s.write('clear; echo after-top\r');
		await s.waitFor(/^after-top$/m);
		// A temp file: the pane starts in the directory the test runs in (the repo), which must stay clean.
		s.write('f=$(mktemp); seq 1 200 > $f; busybox less $f\r');
		await s.waitFor(/^1$/m);
		// Down arrows scroll in less (application cursor keys or not).
		s.write('\x1b[B\x1b[B\x1b[B');
		await s.waitFor(s => s.line(0) === '4');
		s.write('G');
		await s.waitFor(/^200$/m);
		s.write('q');
		// less discards typed-ahead input when it exits: wait for the prompt first.
		await s.waitFor(s => s.line(s.cursor().y).startsWith(PROMPT));
		s.write('rm -f $f; echo after-less\r');
		await s.waitFor(/^after-less$/m);
	});

	it("scrolls back through a pane's history with C-a [ and returns to the live screen with Esc", async () => {
		const s = start();
		await s.waitFor(PROMPT);
		s.write('seq 1 100\r');
		await s.waitFor(/^100$/m);
		s.command('[');
		await s.waitFor(s => statusLine(s).includes('history: 22 lines back'));
		expect(s.line(0)).toBe('57');
		s.write('g');
		await s.waitFor(s => s.line(0).startsWith(PROMPT) && s.line(1) === '1');
		s.write('\x1b[B');
		await s.waitFor(s => s.line(0) === '1');
		s.write('\x1b');
		await s.waitFor(s => !statusLine(s).includes('history') && /^100$/m.test(s.text()));
		s.write('echo live-again\r');
		await s.waitFor(/^live-again$/m);
	});
});
