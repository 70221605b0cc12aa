// The first `lvs-tui` starts the session server in the background and attaches; the next one
// reattaches to it. The built CLI under a real PTY, a private socket directory.
import {afterAll, describe, expect, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {CLI} from '../helpers/virtual-screen.js';
import {processAlive, PROMPT, SessionFixture, waitUntil} from './session-fixture.js';

const fixture = new SessionFixture();
afterAll(() => fixture.cleanup());

function sessions(): Array<{name: string; pid: number; panes: number; attached: boolean}> {
	const out = execFileSync(process.execPath, [CLI, 'ls', '--json'], {env: {...process.env, LVS_TUI_SOCKET_DIR: fixture.dir}, encoding: 'utf8'});
	return JSON.parse(out);
}

describe('the first lvs-tui starts a session', () => {
	it("starts 'main' in the background, survives the client, and the next lvs-tui reattaches", async () => {
		const first = fixture.cli([]);
		await first.waitFor(PROMPT);
		const [main] = sessions();
		expect(main).toMatchObject({name: 'main', panes: 1, attached: true});
		fixture.track(main!.pid);
		// The server is in its own session and process group: not a child of the client's terminal.
		const stat = readFileSync(`/proc/${main!.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		// Fields after the command: state, ppid, pgrp, session.
		expect(Number(stat[2])).toBe(main!.pid); // its own process group
		expect(Number(stat[3])).toBe(main!.pid); // its own session (setsid): no controlling terminal to hang up

		first.write('echo first-$((4*4))\r');
		await first.waitFor('first-16');
		// A second plain lvs-tui while the first is attached is refused, saying what to do.
		const refused = fixture.cli([]);
		await refused.waitForExit();
		expect(refused.raw.replace(/\r?\n/g, '')).toContain("session 'main' is attached elsewhere");

		first.command('d');
		await first.waitForExit();
		expect(first.raw).toContain('[detached from session main]');
		expect(processAlive(main!.pid)).toBe(true);

		const again = fixture.cli([]);
		await again.waitFor('first-16');
		expect(sessions()).toHaveLength(1);
	});

	it('-S NAME starts a second, named session beside it', async () => {
		const named = fixture.cli(['-S', 'other']);
		await named.waitFor(PROMPT);
		await waitUntil('two sessions', () => sessions().length === 2);
		const other = sessions().find(s => s.name === 'other')!;
		fixture.track(other.pid);
		named.command('d');
		await named.waitForExit();
		expect(sessions().find(s => s.name === 'other')).toMatchObject({attached: false, panes: 1});
		expect(existsSync(fixture.files('other').socket)).toBe(true);
	});

	it('--no-session runs the panes in the client: nothing is left behind', async () => {
		const before = sessions().length;
		const inline = fixture.cli(['--no-session']);
		await inline.waitFor(PROMPT);
		expect(sessions()).toHaveLength(before);
	});
});
