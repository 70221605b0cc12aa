// The reason sessions exist: the terminal goes away (SIGHUP, PuTTY closed), the panes do not.
// Real session server process, real PTY panes, the built CLI as the client under a real PTY.
import {afterAll, describe, expect, it} from 'vitest';
import {existsSync} from 'node:fs';
import {execFileSync, spawnSync} from 'node:child_process';
import {CLI} from '../helpers/virtual-screen.js';
import {COUNTER, lastCount, processAlive, PROMPT, SessionFixture, waitUntil} from './session-fixture.js';

const fixture = new SessionFixture();
afterAll(() => fixture.cleanup());

function lsOutput(): string {
	return execFileSync(process.execPath, [CLI, 'ls'], {env: {...process.env, LVS_TUI_SOCKET_DIR: fixture.dir}, encoding: 'utf8'});
}

describe('detach and reattach', () => {
	it('keeps a counter running through a hang-up of the client and repaints it on reattach', async () => {
		const serverPid = await fixture.launch('work');
		const first = fixture.cli(['attach', 'work']);
		await first.waitFor(PROMPT);
		first.write(COUNTER + '\r');
		await first.waitFor(s => lastCount(s.text()) >= 5);
		const seenBeforeHangup = lastCount(first.text());

		// PuTTY closed: the client's terminal hangs up.
		first.pty.kill('SIGHUP');
		const exit = await first.waitForExit();
		// The terminal is gone, so nothing it printed can be read; the exit status and the session say it.
		expect(exit.exitCode).toBe(0);
		expect(processAlive(serverPid)).toBe(true);
		await waitUntil('the session to show as detached', () => /work\s+1\s+detached/.test(lsOutput()));

		// While nobody is attached the pane keeps counting: watch it through the protocol.
		const watcher = await fixture.client('work', 'watch');
		const paneId = watcher.list()[0]!.id;
		await waitUntil('the counter to go on while detached', () => lastCount(watcher.snapshot(paneId).serialized) >= seenBeforeHangup + 20);
		await watcher.detach();

		const second = fixture.cli(['attach', 'work']);
		// The current screen is repainted at once: the latest count, far past what the first client saw.
		await second.waitFor(s => lastCount(s.text()) >= seenBeforeHangup + 20);
		const onReattach = lastCount(second.text());
		// …and it keeps going on the reattached screen.
		await second.waitFor(s => lastCount(s.text()) >= onReattach + 5);
		second.command('d');
		await second.waitForExit();
		expect(second.raw).toContain('[detached from session work]');
		expect(processAlive(serverPid)).toBe(true);
	});

	it('a client killed outright (SIGKILL, no goodbye) leaves the session detached and intact', async () => {
		const pid = await fixture.launch('abrupt');
		const client = fixture.cli(['attach', 'abrupt']);
		await client.waitFor(PROMPT);
		client.write('echo before-kill-$((7*6))\r');
		await client.waitFor('before-kill-42');
		client.pty.kill('SIGKILL');
		await client.waitForExit();
		await waitUntil('the session to show as detached', () => /abrupt\s+1\s+detached/.test(lsOutput()));
		expect(processAlive(pid)).toBe(true);
		const again = fixture.cli(['attach', 'abrupt']);
		await again.waitFor('before-kill-42');
	});

	it('lets a second client watch read-only while the first stays in control, and -d takes over', async () => {
		await fixture.launch('pair');
		const control = fixture.cli(['attach', 'pair']);
		await control.waitFor(PROMPT);
		const watch = fixture.cli(['attach', '--watch', 'pair']);
		await watch.waitFor(PROMPT);
		expect(watch.text()).toContain('read-only');

		control.write('echo from-control-$((20+22))\r');
		await watch.waitFor('from-control-42');

		// The watcher's typing never reaches the pane: type there, then a marker from the controller;
		// once the marker has run, the watcher's command would have run before it if it had been sent.
		watch.write('echo watcher-typed-$((1+1))\r');
		await watch.waitFor('read-only: typing is ignored');
		control.write('echo marker-$((3*3))\r');
		await control.waitFor('marker-9');
		expect(control.text()).not.toContain('watcher-typed-2');

		// A plain attach is refused while someone is attached, saying what to do instead.
		const refused = fixture.cli(['attach', 'pair']);
		const refusedExit = await refused.waitForExit();
		expect(refusedExit.exitCode).toBe(1);
		expect(refused.raw.replace(/\r?\n/g, '')).toContain("session 'pair' is attached elsewhere: 'lvs-tui -d -r pair' takes it over");

		// -d -r: the controlling client is told and leaves; the new one controls the pane.
		const taker = fixture.cli(['attach', '-d', 'pair']);
		await taker.waitFor('marker-9');
		const oldExit = await control.waitForExit();
		expect(oldExit.exitCode).toBe(0);
		expect(control.raw).toContain('another client took the session over');
		taker.write('echo taken-$((5+5))\r');
		await taker.waitFor('taken-10');
		await watch.waitFor('taken-10');
	});

	it('ls lists sessions with panes and state, and kill ends one and its panes', async () => {
		const pid = await fixture.launch('listed');
		const host = await fixture.client('listed');
		host.open({command: 'sleep 600'});
		await waitUntil('the second pane', () => host.list().length === 2);
		const listing = lsOutput();
		expect(listing).toMatch(/^NAME\s+PANES\s+STATE\s+STARTED\s+PID/m);
		expect(listing).toMatch(new RegExp(`^listed\\s+2\\s+attached\\s+\\d\\d:\\d\\d\\s+${pid}$`, 'm'));

		const ended = new Promise<string>(resolve => host.onEnd(resolve));
		const out = execFileSync(process.execPath, [CLI, 'kill', 'listed'], {env: {...process.env, LVS_TUI_SOCKET_DIR: fixture.dir}, encoding: 'utf8'});
		expect(out).toBe('killed session listed (2 panes)\n');
		expect(await ended).toMatch(/session ended/);
		await waitUntil('the server to exit', () => !processAlive(pid));
		expect(existsSync(fixture.files('listed').socket)).toBe(false);
		expect(existsSync(fixture.files('listed').key)).toBe(false);
		expect(lsOutput()).not.toContain('listed');
	});

	it('killing the last pane from the UI ends the session; quitting from the UI ends it too', async () => {
		const pid = await fixture.launch('closing');
		const client = fixture.cli(['attach', 'closing']);
		await client.waitFor(PROMPT);
		client.command('k');
		await client.waitFor(/kill/i);
		client.write('y');
		await client.waitForExit();
		expect(client.raw).toContain('[session closing ended]');
		await waitUntil('the server to exit', () => !processAlive(pid));
		expect(existsSync(fixture.files('closing').socket)).toBe(false);

		const pid2 = await fixture.launch('quitting');
		const second = fixture.cli(['attach', 'quitting']);
		await second.waitFor(PROMPT);
		second.command('\\');
		await second.waitFor('Quit lvs-tui?');
		second.write('y');
		await second.waitForExit();
		expect(second.raw).toContain('[session quitting ended]');
		await waitUntil('the server to exit', () => !processAlive(pid2));
	});

	it('a crashed server leaves a clear message and a stale socket that does not block a new session', async () => {
		const pid = await fixture.launch('crashy');
		const client = fixture.cli(['attach', 'crashy']);
		await client.waitFor(PROMPT);
		process.kill(pid, 'SIGKILL');
		const exit = await client.waitForExit();
		expect(exit.exitCode).toBe(1);
		expect(client.raw).toContain("session 'crashy': the session server went away (crashed or was killed)");
		// The socket file is still there (nobody removed it)...
		expect(existsSync(fixture.files('crashy').socket)).toBe(true);
		// ...attaching says what happened and removes it...
		const late = fixture.cli(['attach', 'crashy']);
		await late.waitForExit();
		expect(late.raw.replace(/\r?\n/g, '')).toContain("session 'crashy' is gone: its server crashed or was killed");
		expect(existsSync(fixture.files('crashy').socket)).toBe(false);
		// ...and the name is free for a new session.
		await fixture.launch('crashy');
		const fresh = fixture.cli(['attach', 'crashy']);
		await fresh.waitFor(PROMPT);
	});

	it('a new session starts over a stale socket, and ls clears stale sockets saying so', async () => {
		const pid = await fixture.launch('stale');
		process.kill(pid, 'SIGKILL');
		await waitUntil('the server to die', () => !processAlive(pid));
		expect(existsSync(fixture.files('stale').socket)).toBe(true);
		const result = spawnSync(process.execPath, [CLI, 'ls'], {env: {...process.env, LVS_TUI_SOCKET_DIR: fixture.dir}, encoding: 'utf8'});
		expect(result.status).toBe(0);
		expect(result.stderr).toContain("session 'stale' is gone: its server crashed or was killed");
		expect(result.stderr).toContain('removed its stale socket');
		expect(result.stdout).not.toMatch(/^stale/m);
		expect(existsSync(fixture.files('stale').socket)).toBe(false);
		const again = await fixture.launch('stale');
		expect(processAlive(again)).toBe(true);
	});
});
