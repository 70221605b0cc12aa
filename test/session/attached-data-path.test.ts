// The attached client's data path against a real SessionServer + PaneManager (real PTY panes):
// the screen the UI paints follows a flood by snapshots instead of parsing it, and still ends
// exactly as the server's screen, scrollback included; a pane that is not shown is not parsed
// until the user switches to it; exit notices arrive as output, in order.
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {mkdtempSync, rmSync} from 'node:fs';
import {createPaneHost} from '../../source/compose-panes.js';
import {localModeConfig} from '../../source/domain/config/defaults.js';
import {SessionServer} from '../../source/session/session-server.js';
import {sessionFiles} from '../../source/session/session-paths.js';
import {connectSession} from '../../source/session/session-connection.js';
import {RemotePaneHost} from '../../source/session/remote-pane-host.js';
import type {PaneManager} from '../../source/services/pane-manager.js';
import type {PaneScreen} from '../../source/terminal/pane-screen.js';
import {PANE_ENV, PROMPT, waitUntil} from './session-fixture.js';

const dir = mkdtempSync('/tmp/lvs-data-');
let cleanups: Array<() => void | Promise<void>> = [];

afterEach(async () => {
	for (const c of cleanups.reverse()) await c();
	cleanups = [];
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

async function session(name: string): Promise<{host: PaneManager; client: RemotePaneHost}> {
	for (const [k, v] of Object.entries(PANE_ENV)) {
		if (v === undefined) delete process.env[k];
		else process.env[k] = v;
	}
	const host = createPaneHost(localModeConfig(), {cols: 80, rows: 23});
	cleanups.push(() => host.dispose());
	const server = new SessionServer({files: sessionFiles(dir, name), host});
	const started = await server.start();
	if (!started.ok) throw new Error(started.error.message);
	cleanups.push(() => server.end('test over'));
	const connected = await connectSession(sessionFiles(dir, name), {intent: 'attach', cols: 80, rows: 23});
	if (!connected.ok) throw new Error(connected.error.message);
	const client = new RemotePaneHost(connected.value, false);
	await client.ready;
	cleanups.push(() => client.detach());
	return {host, client};
}

function rows(screen: PaneScreen): string[] {
	return Array.from({length: screen.rows}, (_, y) => screen.row(y));
}

function texts(screen: PaneScreen): string[] {
	return Array.from({length: screen.rows}, (_, y) => screen.text(y).trimEnd());
}

/** Output bytes the client received for a pane (what it had to decode, and might have parsed). */
function countOutput(client: RemotePaneHost, paneId: string): {chars: number} {
	const seen = {chars: 0};
	const off = client.subscribe(event => {
		if (event.type === 'output' && event.paneId === paneId) seen.chars += event.data.length;
	});
	cleanups.push(off);
	return seen;
}

describe('attached data path', () => {
	it('follows a flood by snapshots, not by its bytes, and ends exactly on the server screen and scrollback', async () => {
		const {host, client} = await session('flood');
		const paneId = client.list()[0]!.id;
		client.focus(paneId);
		const screen = client.screen(paneId)!;
		await waitUntil('the prompt', () => texts(screen).some(t => t.startsWith(PROMPT.trimEnd())));
		const received = countOutput(client, paneId);
		// ~1.3 MB of output.
		client.write(paneId, 'seq 1 200000; echo flood-$((1+1))-over\r');
		const server = host.screen(paneId)!;
		await waitUntil('the end on the server', () => texts(server).includes('flood-2-over'), 60_000);
		await waitUntil('the end on the client', () => texts(screen).includes('flood-2-over'), 20_000);
		// Every cell and attribute the same, not just the text.
		await waitUntil('the same screen', () => rows(screen).join('\n') === rows(server).join('\n'), 10_000);
		expect(received.chars).toBeLessThan(600_000);
		// Once the flood is over the scrollback comes along: 200 lines up shows the same on both.
		await waitUntil('the scrollback', () => {
			screen.scrollBy(-200);
			server.scrollBy(-200);
			const same = texts(screen).join('\n') === texts(server).join('\n') && /^\d+$/.test(texts(screen)[0]!);
			screen.scrollToBottom();
			server.scrollToBottom();
			return same;
		}, 10_000);
		// Typing is sent and parsed as it comes again (not followed by snapshots).
		const typed = countOutput(client, paneId);
		client.write(paneId, 'echo typed-$((2+3))\r');
		await waitUntil('the typed command', () => texts(screen).includes('typed-5'));
		await waitUntil('its output sent as output', () => typed.chars > 0);
	});

	it('does not parse a pane nobody looks at, and shows its current screen when switched to', async () => {
		const {host, client} = await session('hidden');
		const first = client.list()[0]!.id;
		client.open({title: 'second'});
		await waitUntil('the second pane', () => client.list().length === 2);
		const second = client.list().find(p => p.id !== first)!.id;
		client.focus(first);
		const firstScreen = client.screen(first)!;
		await waitUntil('the prompt', () => texts(firstScreen).some(t => t.startsWith(PROMPT.trimEnd())));
		client.focus(second);
		const secondScreen = client.screen(second)!;
		expect(secondScreen).not.toBe(firstScreen);
		// The first pane's output now is kept as text only, and parsed when it is shown again.
		client.write(first, 'echo while-$((1+1))-hidden\r');
		await waitUntil('the output on the server', () => texts(host.screen(first)!).includes('while-2-hidden'));
		await waitUntil('the output on the client', async () => client.snapshot(first).serialized.includes('while-2-hidden'));
		client.focus(first);
		const again = client.screen(first)!;
		expect(again).not.toBe(firstScreen);
		await waitUntil('the current screen of the first pane', () => texts(again).includes('while-2-hidden'));
		await waitUntil('the same screen', () => rows(again).join('\n') === rows(host.screen(first)!).join('\n'));
	});

	it("sends a pane's exit notice as output, after its last words", async () => {
		const {client} = await session('notice');
		const opened = new Promise<string>(resolve => client.onOpened((_p, pane) => resolve(pane.id)));
		const outputs: string[] = [];
		client.subscribe(event => {
			if (event.type === 'output') outputs.push(event.data);
		});
		client.open({command: 'sh -c "echo last-words; exit 3"'});
		const id = await opened;
		client.focus(id);
		const screen = client.screen(id)!;
		await waitUntil('the notice as output', () => outputs.join('').includes('[exited with code 3]'));
		const all = outputs.join('');
		expect(all.indexOf('last-words')).toBeLessThan(all.indexOf('[exited with code 3]'));
		await waitUntil('the notice on the screen', () => texts(screen).some(t => t.includes('[exited with code 3]')));
	});
});
