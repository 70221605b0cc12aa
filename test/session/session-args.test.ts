import {describe, expect, it} from 'vitest';
import {parseSessionArgs} from '../../source/session/session-args.js';
import {formatSessionTable} from '../../source/session/session-list.js';

describe("screen's session options", () => {
	it('reads -S, -r, -d -r, -dr, -x and leaves the UI options alone', () => {
		expect(parseSessionArgs([])).toEqual({ok: true, value: {mode: 'auto', name: undefined, rest: []}});
		expect(parseSessionArgs(['-S', 'lvs', '--ascii'])).toEqual({ok: true, value: {mode: 'auto', name: 'lvs', rest: ['--ascii']}});
		expect(parseSessionArgs(['-r'])).toEqual({ok: true, value: {mode: 'reattach', name: undefined, rest: []}});
		expect(parseSessionArgs(['-r', 'lvs', '--config', 'x.yaml'])).toEqual({ok: true, value: {mode: 'reattach', name: 'lvs', rest: ['--config', 'x.yaml']}});
		expect(parseSessionArgs(['-d', '-r', 'lvs'])).toEqual({ok: true, value: {mode: 'takeover', name: 'lvs', rest: []}});
		expect(parseSessionArgs(['-dr', 'lvs'])).toEqual({ok: true, value: {mode: 'takeover', name: 'lvs', rest: []}});
		expect(parseSessionArgs(['-x', 'lvs'])).toEqual({ok: true, value: {mode: 'watch', name: 'lvs', rest: []}});
		expect(parseSessionArgs(['--watch'])).toEqual({ok: true, value: {mode: 'watch', name: undefined, rest: []}});
		expect(parseSessionArgs(['--no-session', '--read-only'])).toEqual({ok: true, value: {mode: 'inline', name: undefined, rest: ['--read-only']}});
	});

	it('refuses combinations that mean nothing, saying why', () => {
		const message = (argv: string[]) => {
			const r = parseSessionArgs(argv);
			return r.ok ? 'ok' : r.error.message;
		};
		expect(message(['-S'])).toBe('-S needs a session name');
		expect(message(['-S', '../etc'])).toContain("session name '../etc' is not allowed");
		expect(message(['-d'])).toContain("-d takes a session over only with -r");
		expect(message(['-x', '-r'])).toBe('-x (watch) cannot be combined with -r or -d');
		expect(message(['--no-session', '-S', 'a'])).toBe('--no-session cannot be combined with -S, -r, -d or -x');
		expect(message(['-S', 'a', '-r', 'b'])).toBe("two session names given: 'a' and 'b'");
	});
});

describe('ls table', () => {
	it('shows name, panes, state and start time, with the date when not today', () => {
		const now = new Date(2026, 10, 25, 12, 0);
		const table = formatSessionTable(
			[
				{name: 'main', pid: 10, panes: 3, attached: true, watchers: 1, started: new Date(2026, 10, 25, 9, 5).toISOString(), version: '0.1.0', protocol: 1},
				{name: 'old', pid: 11, panes: 1, attached: false, watchers: 0, started: new Date(2026, 10, 20, 23, 59).toISOString(), version: '0.1.0', protocol: 1},
			],
			now,
		);
		expect(table.split('\n')).toEqual([
			'NAME  PANES  STATE                 STARTED           PID',
			'main  3      attached +1 watching  09:05             10',
			'old   1      detached              2026-11-20 23:59  11',
		]);
	});
});
