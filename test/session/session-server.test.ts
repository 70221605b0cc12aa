// The SessionServer in this process around a real PaneManager (real PTY panes), for what is awkward
// to reach through a separate process: the handshake timeout, the end of a session when its last
// pane closes, shared store state reaching clients, and snapshot exactness of the client mirror.
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import net from 'node:net';
import {existsSync, mkdtempSync, rmSync, statSync} from 'node:fs';
import {createStore} from 'zustand/vanilla';
import xterm from '@xterm/headless';
import {createPaneHost} from '../../source/compose-panes.js';
import {localModeConfig} from '../../source/domain/config/defaults.js';
import {SessionServer} from '../../source/session/session-server.js';
import {QuestionRelay} from '../../source/session/relay-prompter.js';
import {sessionFiles} from '../../source/session/session-paths.js';
import {connectSession} from '../../source/session/session-connection.js';
import {RemotePaneHost} from '../../source/session/remote-pane-host.js';
import type {PaneManager} from '../../source/services/pane-manager.js';
import {PANE_ENV, PROMPT, waitUntil} from './session-fixture.js';

const {Terminal} = xterm;
const dir = mkdtempSync('/tmp/lvs-srv-');
let cleanups: Array<() => void | Promise<void>> = [];

afterEach(async () => {
	for (const c of cleanups.reverse()) await c();
	cleanups = [];
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function paneHost(): PaneManager {
	for (const [k, v] of Object.entries(PANE_ENV)) {
		if (v === undefined) delete process.env[k];
		else process.env[k] = v;
	}
	const host = createPaneHost(localModeConfig(), {cols: 80, rows: 23});
	cleanups.push(() => host.dispose());
	return host;
}

async function serve(name: string, options: Partial<ConstructorParameters<typeof SessionServer>[0]> = {}) {
	const host = paneHost();
	const ends: string[] = [];
	const logs: string[] = [];
	const server = new SessionServer({files: sessionFiles(dir, name), host, onEnd: reason => ends.push(reason), log: line => logs.push(line), ...options});
	const started = await server.start();
	if (!started.ok) throw new Error(started.error.message);
	cleanups.push(() => server.end('test over'));
	return {server, host, ends, logs};
}

async function attach(name: string, intent: 'attach' | 'watch' = 'attach'): Promise<RemotePaneHost> {
	const connected = await connectSession(sessionFiles(dir, name), {intent, cols: 80, rows: 23});
	if (!connected.ok) throw new Error(connected.error.message);
	const host = new RemotePaneHost(connected.value, intent === 'watch');
	await host.ready;
	cleanups.push(() => host.detach());
	return host;
}

/** What a fresh emulator shows after replaying a snapshot: the test's view of "repainted". */
async function replay(snapshot: {cols: number; rows: number; serialized: string}): Promise<string> {
	const term = new Terminal({cols: snapshot.cols, rows: snapshot.rows, allowProposedApi: true, scrollback: 10_000});
	await new Promise<void>(resolve => term.write(snapshot.serialized, resolve));
	const buffer = term.buffer.active;
	const lines: string[] = [];
	for (let y = 0; y < buffer.length; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
	term.dispose();
	return lines.join('\n').trimEnd();
}

describe('session server', () => {
	it('creates the socket 0600 and the key 0600 inside the 0700 directory', async () => {
		await serve('modes');
		const files = sessionFiles(dir, 'modes');
		expect(statSync(files.socket).mode & 0o777).toBe(0o600);
		expect(statSync(files.key).mode & 0o777).toBe(0o600);
	});

	it('drops a connection that never says hello, after the handshake timeout', async () => {
		const {logs} = await serve('quiet', {handshakeTimeoutMs: 200});
		const closed = await new Promise<boolean>(resolve => {
			const socket = net.createConnection(sessionFiles(dir, 'quiet').socket);
			socket.on('error', () => undefined);
			socket.on('close', () => resolve(true));
		});
		expect(closed).toBe(true);
		expect(logs.some(l => l.includes('no hello in time'))).toBe(true);
		// The server is still there for a real client.
		const client = await attach('quiet');
		expect(client.list()).toHaveLength(1);
	});

	it('ends the session when its last pane is closed, removing socket and key', async () => {
		const {ends} = await serve('last');
		const client = await attach('last');
		const ended = new Promise<string>(resolve => client.onEnd(resolve));
		client.kill(client.list()[0]!.id);
		expect(await ended).toBe('the session ended: its last pane closed');
		expect(ends).toEqual(['its last pane closed']);
		expect(existsSync(sessionFiles(dir, 'last').socket)).toBe(false);
		expect(existsSync(sessionFiles(dir, 'last').key)).toBe(false);
	});

	it("keeps the client's snapshot exact: replaying it shows what the server's emulator shows", async () => {
		const {host} = await serve('exact');
		const client = await attach('exact');
		const paneId = client.list()[0]!.id;
		await waitUntil('the prompt', () => host.snapshot(paneId).serialized.includes(PROMPT));
		client.write(paneId, 'printf "\\033[1;31mred\\033[0m plain\\n"; seq 1 60\r');
		await waitUntil('the output', async () => (await replay(host.snapshot(paneId))).includes('\n60\n'));
		await waitUntil("the client to catch up", async () => (await replay(client.snapshot(paneId))) === (await replay(host.snapshot(paneId)))).catch(async e => { console.log(JSON.stringify(await replay(client.snapshot(paneId))).slice(-300)); console.log(JSON.stringify(await replay(host.snapshot(paneId))).slice(-300)); console.log(JSON.stringify(client.snapshot(paneId)).slice(0,500)); throw e; });
		// Scrollback came along: the first lines are no longer on the 23-row screen.
		expect(await replay(client.snapshot(paneId))).toContain('red plain');
	});

	it("sends an attaching client the screen and the last 1,000 lines, not all of the server's scrollback", async () => {
		const {host} = await serve('capped');
		const paneId = host.list()[0]!.id;
		// Typed before the prompt, the output would start on the prompt's line.
		await waitUntil('the prompt', async () => (await replay(host.snapshot(paneId))).includes(PROMPT));
		host.write(paneId, 'seq 1 3000; echo end-$((1+1))\r');
		await waitUntil('the output', async () => (await replay(host.snapshot(paneId))).includes('end-2'));
		const full = (await replay(host.snapshot(paneId))).split('\n');
		expect(full).toContain('1');
		const client = await attach('capped');
		const mirrored = (await replay(client.snapshot(paneId))).split('\n');
		expect(mirrored).toContain('end-2');
		expect(mirrored).not.toContain('1');
		expect(mirrored.length).toBeLessThanOrEqual(1000 + 23);
		expect(mirrored.length).toBeGreaterThanOrEqual(1000);
	});

	it('opens a pane for a client and tells it which real pane its placeholder became', async () => {
		await serve('open');
		const client = await attach('open');
		const opened = new Promise<{placeholder: string; id: string}>(resolve => client.onOpened((placeholder, pane) => resolve({placeholder, id: pane.id})));
		const seen: string[] = [];
		client.subscribe(e => seen.push(JSON.stringify(e).slice(0, 120)));
		const placeholder = client.open({command: 'sh -c "echo opened-pane; sleep 600"', title: 'extra'});
		expect(placeholder.status).toBe('starting');
		const result = await opened;
		expect(result.placeholder).toBe(placeholder.id);
		await waitUntil('the pane list', () => client.list().some(p => p.id === result.id && p.title === 'extra'));
		await waitUntil("its output in the mirror", async () => (await replay(client.snapshot(result.id))).includes("opened-pane")).catch(e => { console.log(JSON.stringify(client.snapshot(result.id)), seen.join('\n')); throw e; });
	});

	it("shows a pane's exit notice on the client too (written by the server, not sent as output)", async () => {
		await serve('exit');
		const client = await attach('exit');
		const opened = new Promise<string>(resolve => client.onOpened((_p, pane) => resolve(pane.id)));
		client.open({command: 'sh -c "echo last-words; exit 3"'});
		const id = await opened;
		await waitUntil('the exit status', () => client.list().some(p => p.id === id && p.status === 'exited' && p.exitCode === 3));
		await waitUntil('the notice in the mirror', async () => (await replay(client.snapshot(id))).includes('[exited with code 3]'));
		expect(await replay(client.snapshot(id))).toContain('last-words');
	});

	it('shares plain store state with clients as patches of changed keys', async () => {
		const store = createStore<{ipvs: {rows: number[]}; vip: string; act(): void}>(() => ({ipvs: {rows: [1]}, vip: 'down', act: () => undefined}));
		await serve('state', {state: {get: () => store.getState() as unknown as Record<string, unknown>, subscribe: l => store.subscribe(l)}});
		const client = await attach('state');
		expect(client.sharedState()).toEqual({ipvs: {rows: [1]}, vip: 'down'});
		const patches: Array<Record<string, unknown>> = [];
		client.onSharedState(p => patches.push(p));
		store.setState({vip: 'up'});
		await waitUntil('the patch', () => patches.length === 1);
		expect(patches[0]).toEqual({vip: 'up'});
		expect(client.sharedState()).toEqual({ipvs: {rows: [1]}, vip: 'up'});
	});

	it('relays SSH questions to the controlling client, holding them until one attaches', async () => {
		const questions = new QuestionRelay();
		await serve('ask', {questions});
		const prompter = questions.prompter();
		const question = {host: 'rs1', knownHostsName: '10.0.0.2', keyType: 'ssh-ed25519', keyTypeLabel: 'ED25519', fingerprint: 'SHA256:abc', knownHostsFile: '/tmp/kh', otherKnownKeys: [], text: 'trust rs1?'};
		// Asked while nobody is attached: it waits.
		const trusted = prompter.confirmHostKey(question);
		const client = await attach('ask');
		const asked: string[] = [];
		client.setPrompter({
			confirmHostKey: async q => {
				asked.push(q.text);
				return true;
			},
			askPassphrase: async (path, attempt) => {
				asked.push(`${path}#${attempt}`);
				return 'sesame';
			},
		});
		expect(await trusted).toBe(true);
		expect(await prompter.askPassphrase('/root/.ssh/id_ed25519', 2)).toBe('sesame');
		expect(asked).toEqual(['trust rs1?', '/root/.ssh/id_ed25519#2']);
		expect(questions.pending()).toEqual([]);
	});

	it('checks the types in an open request that came over the socket', async () => {
		const {host} = await serve('typed');
		const connected = await connectSession(sessionFiles(dir, 'typed'), {intent: 'attach'});
		if (!connected.ok) throw new Error(connected.error.message);
		const connection = connected.value;
		cleanups.push(() => connection.close());
		expect(await connection.request({op: 'open', request: {command: 42}})).toEqual({ok: false, error: 'open: command must be text'});
		expect(await connection.request({op: 'open', request: {number: -1}})).toEqual({ok: false, error: 'open: number must be a whole number'});
		expect(await connection.request({op: 'open', request: 'sh'})).toEqual({ok: false, error: 'an open request must be an object'});
		expect(host.list()).toHaveLength(1);
	});

	it('drops a client that stops reading instead of buffering without bound; the pane goes on', async () => {
		const {host, logs} = await serve('slow', {maxClientBacklogBytes: 64 * 1024});
		const connected = await connectSession(sessionFiles(dir, 'slow'), {intent: 'watch'});
		if (!connected.ok) throw new Error(connected.error.message);
		const closed = new Promise<string>(resolve => connected.value.onClose(resolve));
		// The watcher's process is stuck: it reads nothing more from the socket.
		(connected.value as unknown as {socket: import('node:net').Socket}).socket.pause();
		const paneId = host.list()[0]!.id;
		host.write(paneId, 'seq 1 200000; echo after-$((2*50))\r');
		await waitUntil('the slow client to be dropped', () => logs.some(l => l.includes('not reading its output')), 20_000);
		connected.value.close();
		expect(await closed).toBeTruthy();
		await waitUntil('the pane to finish its output', async () => (await replay(host.snapshot(paneId))).includes('after-100'), 20_000);
	});

	it('refuses to start over a live session of the same name', async () => {
		await serve('twice');
		const second = new SessionServer({files: sessionFiles(dir, 'twice'), host: paneHost()});
		const started = await second.start();
		expect(started.ok).toBe(false);
		if (!started.ok) expect(started.error.message).toBe("a session named 'twice' is already running");
	});
});
