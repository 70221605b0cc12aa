// PaneManager.settle (what a session client following a flood by snapshots relies on): with a real
// PTY flooding a pane, `done` runs once the emulator has parsed what was read, reading paused
// meanwhile, so a snapshot taken there has (almost) nothing left to parse; the flood then goes on.
import {afterEach, describe, expect, it} from 'vitest';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PaneManager} from '../../source/services/pane-manager.js';
import {FlowControl} from '../../source/services/pane-flow-control.js';
import {LocalPty} from '../../source/transports/local-pty.js';
import type {PaneProcessFactory} from '../../source/transports/pane-process.js';

const factory: PaneProcessFactory = (target, spec) => new LocalPty({command: target.command, shell: '/bin/sh'}, {...spec, env: {PS1: 'pm$ '}});
const managers: PaneManager[] = [];
const dirs: string[] = [];

afterEach(() => {
	for (const m of managers.splice(0)) m.dispose();
	for (const d of dirs.splice(0)) rmSync(d, {recursive: true, force: true});
});

async function until<T>(what: string, get: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const v = get();
		if (v) return v;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(r => setTimeout(r, 5));
	}
}

describe('PaneManager.settle', () => {
	it('answers during a flood with next to nothing unparsed, and the flood then goes on to its end', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-settle-'));
		dirs.push(dir);
		const file = join(dir, 'big.txt');
		writeFileSync(file, Array.from({length: 300_000}, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`).join('\n') + '\nEND-OF-FILE\n');
		const m = new PaneManager({factory, cols: 80, rows: 24, scrollback: 100});
		managers.push(m);
		const pane = m.open({command: `cat ${file}; sleep 600`});
		let maxBefore = 0;
		const leftAtDone: number[] = [];
		for (let i = 0; i < 20; i++) {
			await until('output under way', () => m.pendingBytes(pane.id) > 0, 20_000);
			maxBefore = Math.max(maxBefore, m.pendingBytes(pane.id));
			await new Promise<void>(resolve => m.settle(pane.id, () => {
				leftAtDone.push(m.pendingBytes(pane.id));
				resolve();
			}));
		}
		// Without the pause, output read while the backlog is parsed is left over (measured: up to
		// 56 KB in 20 settles); with it, at most a read node-pty had already made (4 KB chunks here).
		expect(Math.max(...leftAtDone)).toBeLessThanOrEqual(16 * 1024);
		const screen = m.screen(pane.id)!;
		await until('the end of the file', () => Array.from({length: screen.rows}, (_, y) => screen.text(y)).some(t => t.startsWith('END-OF-FILE')), 60_000);
		expect(maxBefore).toBeGreaterThan(0);
	});

	it('answers at once for a pane that is gone', () => {
		const m = new PaneManager({factory, cols: 80, rows: 24, scrollback: 100});
		managers.push(m);
		let called = false;
		m.settle('no-such-pane', () => {
			called = true;
		});
		expect(called).toBe(true);
	});
});

describe('FlowControl hold', () => {
	it('keeps reading paused while held, whatever the water marks, and resumes once released and drained', () => {
		const calls: string[] = [];
		const flow = new FlowControl(() => calls.push('pause'), () => calls.push('resume'), 100, 10);
		flow.hold();
		flow.hold();
		expect(calls).toEqual(['pause']);
		flow.queued(5);
		flow.parsed(5);
		flow.release();
		// One holder left: still paused.
		expect(calls).toEqual(['pause']);
		flow.release();
		expect(calls).toEqual(['pause', 'resume']);
		// Over the high mark while held: released, but resumed only below the low mark.
		flow.hold();
		flow.queued(150);
		flow.release();
		expect(calls).toEqual(['pause', 'resume', 'pause']);
		flow.parsed(145);
		expect(calls).toEqual(['pause', 'resume', 'pause', 'resume']);
		expect(flow.isPaused).toBe(false);
	});
});
