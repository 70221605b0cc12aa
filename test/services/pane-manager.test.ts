// The PaneManager with real PTYs: shells, commands, exits, restarts, snapshots and flow control.
import {afterEach, describe, expect, it} from 'vitest';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PaneManager} from '../../source/services/pane-manager.js';
import type {PaneHostEvent, PaneInfo} from '../../source/services/pane-host.js';
import {LocalPty} from '../../source/transports/local-pty.js';
import type {PaneProcessFactory} from '../../source/transports/pane-process.js';
import {MirrorScreen} from '../../source/terminal/mirror-screen.js';
import {Emulator} from '../../source/terminal/emulator.js';

const factory: PaneProcessFactory = (target, spec) => new LocalPty({command: target.command, shell: '/bin/sh'}, {...spec, env: {PS1: 'pm$ '}});
const managers: PaneManager[] = [];
const dirs: string[] = [];

function manager(cols = 40, rows = 10, scrollback = 1000): PaneManager {
	const m = new PaneManager({factory, cols, rows, scrollback});
	managers.push(m);
	return m;
}

afterEach(() => {
	for (const m of managers.splice(0)) m.dispose();
	for (const d of dirs.splice(0)) rmSync(d, {recursive: true, force: true});
});

async function until<T>(what: string, get: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const v = get();
		if (v) return v;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screens:\n${managers.flatMap(m => m.list().map(p => screenText(m, p.id))).join('\n----\n')}`);
		await new Promise(r => setTimeout(r, 10));
	}
}

const screenText = (m: PaneManager, id: string) => {
	const s = m.screen(id)!;
	return Array.from({length: s.rows}, (_, y) => s.text(y).trimEnd()).join('\n');
};

describe('PaneManager', () => {
	it('runs a shell in a pane, writes to it and shows its output', async () => {
		const m = manager();
		const pane = m.open({});
		expect(pane).toMatchObject({number: 0, status: 'running', target: 'local'});
		await until('prompt', () => screenText(m, pane.id).includes('pm$'));
		m.write(pane.id, 'echo $((2+3))\r');
		await until('output', () => /^5$/m.test(screenText(m, pane.id)));
	});

	it('numbers panes like screen (lowest free, or the one asked for) and renames them', () => {
		const m = manager();
		expect(m.open({command: 'cat'}).number).toBe(0);
		expect(m.open({number: 5, title: 'five', command: 'cat'}).number).toBe(5);
		expect(m.open({number: 5, command: 'cat'}).number).toBe(1);
		const list = m.list();
		expect(list.map(p => p.number)).toEqual([0, 1, 5]);
		m.rename(list[2]!.id, '  web\x1b[31m ');
		expect(m.list()[2]!.title).toBe('web[31m');
	});

	it('keeps an exited pane with its status and restarts it', async () => {
		const m = manager();
		const events: PaneHostEvent[] = [];
		m.subscribe(e => events.push(e));
		const pane = m.open({command: "sh -c 'echo bye; exit 4'"});
		const info = await until('exit', () => m.list().find(p => p.id === pane.id && p.status === 'exited'));
		expect(info).toMatchObject({exitCode: 4, statusText: 'exited with code 4'});
		await until('notice', () => screenText(m, pane.id).includes('[exited with code 4]'));
		expect(screenText(m, pane.id)).toMatch(/bye\n+\[exited with code 4\]/);
		m.restart(pane.id);
		await until('second run', () => screenText(m, pane.id).split('bye').length === 3);
		expect(events.some(e => e.type === 'panes')).toBe(true);
	});

	it('reports a missing command in the pane and its status, without throwing', async () => {
		const m = manager();
		const pane = m.open({command: 'no-such-program-lvs-tui --flag'});
		const info = await until('failure', () => m.list().find(p => p.id === pane.id && p.status === 'exited'));
		expect(info.exitCode).toBe(127);
		expect(info.statusText).toBe('command not found: no-such-program-lvs-tui (exit 127)');
		expect(screenText(m, pane.id)).toContain('not found');
	});

	it('marks activity and bell on panes that are not focused, and clears them on focus', async () => {
		const m = manager();
		const a = m.open({command: 'cat'});
		const b = m.open({command: "sh -c 'sleep 0.2; printf \"x\\a\"; exec cat'"});
		m.focus(a.id);
		const info = await until('bell', () => m.list().find((p: PaneInfo) => p.id === b.id && p.bell && p.activity));
		expect(info.activity).toBe(true);
		m.focus(b.id);
		expect(m.list().find(p => p.id === b.id)).toMatchObject({activity: false, bell: false});
	});

	it('resizes every pane and its program', async () => {
		const m = manager();
		const a = m.open({});
		const b = m.open({});
		m.resize(50, 7);
		for (const id of [a.id, b.id]) {
			expect(m.screen(id)!.cols).toBe(50);
			m.write(id, 'stty size\r');
			await until(`size of ${id}`, () => /^7 50$/m.test(screenText(m, id)));
		}
	});

	it('gives a snapshot a mirror rebuilds exactly, and the mirror follows new output', async () => {
		const m = manager();
		const pane = m.open({});
		await until('prompt', () => screenText(m, pane.id).includes('pm$'));
		m.write(pane.id, 'printf "\\033[1;32mgreen\\033[0m\\n"\r');
		await until('green', () => /^green$/m.test(screenText(m, pane.id)));
		const mirror = new MirrorScreen(m, pane.id);
		await until('mirror', () => mirror.text(0) === m.screen(pane.id)!.text(0));
		for (let y = 0; y < 10; y++) expect(mirror.row(y)).toBe(m.screen(pane.id)!.row(y));
		m.write(pane.id, 'echo later\r');
		await until('mirror follows', () => Array.from({length: 10}, (_, y) => mirror.text(y)).some(t => t.startsWith('later')));
		mirror.dispose();
	});

	it('answers a program query through the pane (the emulator reply reaches the process)', async () => {
		const m = manager();
		// The shell asks for the cursor position and prints what the terminal answered.
		const pane = m.open({command: `sh -c 'stty raw -echo; printf "\\033[6n"; dd bs=1 count=6 2>/dev/null | od -c | head -1; sleep 5'`});
		await until('reply', () => /033\s+\[\s+1\s+;\s+1\s+R/.test(screenText(m, pane.id)));
	});

	it('pauses a flooding program and still shows everything in order (flow control)', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-pm-'));
		dirs.push(dir);
		const file = join(dir, 'big.txt');
		writeFileSync(file, Array.from({length: 200_000}, (_, i) => `line ${i}`).join('\n') + '\nEND-OF-FILE\n');
		const m = manager(40, 10, 100);
		const pane = m.open({command: `cat ${file}`});
		let maxPending = 0;
		const text = await until('end marker', () => {
			maxPending = Math.max(maxPending, m.pendingBytes(pane.id));
			const t = screenText(m, pane.id);
			return t.includes('END-OF-FILE') && t;
		}, 60_000);
		expect(text).toContain('line 199999');
		// The emulator never fell more than the high-water mark plus one read behind.
		expect(maxPending).toBeLessThan(256 * 1024 + 128 * 1024);
	});

	it('kills a pane and forgets it', async () => {
		const m = manager();
		const pane = m.open({command: 'cat'});
		m.kill(pane.id);
		expect(m.list()).toEqual([]);
		expect(m.screen(pane.id)).toBeUndefined();
		expect(m.snapshot(pane.id).serialized).toBe('');
		// A fresh emulator replaying nothing is still a valid screen.
		const e = new Emulator({cols: 5, rows: 2, scrollback: 0});
		expect(e.text(0)).toBe('     ');
		e.dispose();
	});
});
