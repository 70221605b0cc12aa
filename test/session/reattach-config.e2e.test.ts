// Reattaching without --config works on the session's own config, as `screen -r` keeps the
// session's settings: here its prefix (^B) and pane titles. Real server, the built CLI under a
// real PTY for both clients.
import {afterAll, describe, expect, it} from 'vitest';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {SessionFixture, waitUntil} from './session-fixture.js';

const fixture = new SessionFixture();
const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-reattach-config-'));
afterAll(() => {
	fixture.cleanup();
	rmSync(dir, {recursive: true, force: true});
});

const statusLine = (s: {line(y: number): string; rows: number}) => s.line(s.rows - 1);

describe('reattach without --config', () => {
	it("uses the session's config: its prefix key and its panes", async () => {
		const config = join(dir, 'lvs-tui.yaml');
		writeFileSync(config, ['director:', '  name: dir1', '  transport: local', 'panes:', '  - {number: 1, title: first, host: dir1}', 'keys:', '  prefix: ^Bb', ''].join('\n'));
		const first = fixture.cli(['-S', 'cfg', '--config', config]);
		await first.waitFor(s => statusLine(s).includes('1* first') && statusLine(s).includes('^B ? help'));
		first.command('d', '\x02');
		await first.waitForExit();

		// No --config now, and none in the working directory or HOME: the client must take the session's.
		const second = fixture.cli(['-r', 'cfg']);
		await second.waitFor(s => statusLine(s).includes('1* first') && statusLine(s).includes('^B ? help'));
		second.command('c', '\x02');
		await second.waitFor(s => /\d\* /.test(statusLine(s)) && !statusLine(s).includes('1* first'));
		expect(statusLine(second)).toContain('1- first');
		// Quitting ends the session (and its server): nothing is left running after the test.
		second.command('\\', '\x02');
		await second.waitFor('Quit lvs-tui?');
		second.write('y');
		expect((await second.waitForExit()).exitCode).toBe(0);
		expect(second.raw).toContain('[session cfg ended]');
		await waitUntil('the session socket to go', () => !existsSync(fixture.files('cfg').socket));
	});
});
