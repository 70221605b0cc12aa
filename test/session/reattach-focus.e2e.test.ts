// Reattaching resumes on the pane the admin was looking at, not on pane 0. Real session server,
// real PTY panes, the built CLI as the client under a real PTY, a real SIGHUP.
import {afterAll, describe, expect, it} from 'vitest';
import {processAlive, PROMPT, SessionFixture, waitUntil} from './session-fixture.js';

const fixture = new SessionFixture();
afterAll(() => fixture.cleanup());

describe('reattach shows the active pane', () => {
	it('switch to pane 1, hang up, reattach: pane 1 is shown', async () => {
		const serverPid = await fixture.launch('focus');
		const first = fixture.cli(['attach', 'focus']);
		await first.waitFor(PROMPT);
		first.write('echo pane-zero-$((40+2))\r');
		await first.waitFor('pane-zero-42');

		// C-a c opens pane 1 and switches to it.
		first.command('c');
		await first.waitFor(s => !s.text().includes('pane-zero-42') && s.text().includes(PROMPT));
		first.write('echo pane-one-$((50+5))\r');
		await first.waitFor('pane-one-55');

		first.pty.kill('SIGHUP');
		await first.waitForExit();
		expect(processAlive(serverPid)).toBe(true);

		const second = fixture.cli(['attach', 'focus']);
		await second.waitFor('pane-one-55');
		expect(second.text()).not.toContain('pane-zero-42');

		// And the other pane is still there: C-a 0 shows it.
		second.command('0');
		await second.waitFor('pane-zero-42');
		second.command('d');
		await second.waitForExit();
	});

	it('a watch client does not move where the controlling client resumes', async () => {
		await fixture.launch('focus2');
		const control = await fixture.client('focus2');
		control.open({command: '/bin/sh'});
		await waitUntil('the second pane', () => control.list().length === 2);
		const [zero, one] = control.list();
		control.focus(one!.id);
		const watcher = await fixture.client('focus2', 'watch');
		watcher.focus(zero!.id);
		await control.detach();
		const again = await fixture.client('focus2');
		expect((await again.ready).activePaneId).toBe(one!.id);
	});
});
