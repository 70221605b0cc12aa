// Bad input on the socket against a real session server process: garbage, oversized frames, a
// client killed mid-handshake, a wrong key, another protocol version. Each costs only that
// connection: the server keeps serving and the pane keeps running.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import net from 'node:net';
import fc from 'fast-check';
import {spawn} from 'node:child_process';
import {encodeControl, FrameDecoder} from '../../source/session/frame-codec.js';
import {connectSession} from '../../source/session/session-connection.js';
import {APP_VERSION, PROTOCOL_VERSION} from '../../source/session/protocol.js';
import {readSessionKey} from '../../source/session/session-key.js';
import type {RemotePaneHost} from '../../source/session/remote-pane-host.js';
import {COUNTER, lastCount, processAlive, SessionFixture, waitUntil} from './session-fixture.js';

const fixture = new SessionFixture();
let serverPid = 0;
let control: RemotePaneHost;
let counterPane = '';

beforeAll(async () => {
	serverPid = await fixture.launch('robust');
	control = await fixture.client('robust');
	counterPane = control.list()[0]!.id;
	control.write(counterPane, COUNTER + '\r');
	await waitUntil('the counter to start', () => lastCount(control.snapshot(counterPane).serialized) >= 3);
});
afterAll(() => fixture.cleanup());

/** Connect raw, send bytes, and resolve with what came back once the server closed the connection. */
function rawExchange(bytes: Buffer, timeoutMs = 8000): Promise<{closed: boolean; received: Buffer}> {
	return new Promise(resolve => {
		const socket = net.createConnection(fixture.files('robust').socket);
		const chunks: Buffer[] = [];
		const timer = setTimeout(() => {
			socket.destroy();
			resolve({closed: false, received: Buffer.concat(chunks)});
		}, timeoutMs);
		socket.on('data', chunk => chunks.push(chunk));
		socket.on('error', () => undefined);
		socket.on('close', () => {
			clearTimeout(timer);
			resolve({closed: true, received: Buffer.concat(chunks)});
		});
		socket.on('connect', () => socket.write(bytes));
	});
}

/** The pane still counts and still takes input: nothing was lost. */
async function paneStillAlive(): Promise<void> {
	const before = lastCount(control.snapshot(counterPane).serialized);
	await waitUntil('the counter to keep going', () => lastCount(control.snapshot(counterPane).serialized) >= before + 3);
	expect(processAlive(serverPid)).toBe(true);
}

describe('session protocol under bad input', () => {
	it('drops a connection that sends garbage, and nothing else', async () => {
		const result = await rawExchange(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
		expect(result.closed).toBe(true);
		expect(result.received.length).toBe(0);
		await paneStillAlive();
	});

	it('survives random bytes from many connections (property)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.uint8Array({minLength: 1, maxLength: 512}), async bytes => {
				await new Promise<void>(resolve => {
					const socket = net.createConnection(fixture.files('robust').socket);
					socket.on('error', () => resolve());
					socket.on('close', () => resolve());
					// Send and hang up: a partial frame would otherwise wait for the handshake timeout.
					socket.on('connect', () => socket.end(Buffer.from(bytes)));
				});
			}),
			{numRuns: 60},
		);
		await paneStillAlive();
	});

	it('drops a connection announcing an oversized frame before buffering it', async () => {
		const header = Buffer.alloc(5);
		header.writeUInt32BE(200 * 1024 * 1024);
		header.writeUInt8(1, 4);
		const result = await rawExchange(header);
		expect(result.closed).toBe(true);
		await paneStillAlive();
	});

	it('drops a first message that is JSON but not a hello', async () => {
		const result = await rawExchange(encodeControl({t: 'req', id: 1, op: 'kill-session'}));
		expect(result.closed).toBe(true);
		await paneStillAlive();
	});

	it('survives a client process killed in the middle of its hello', async () => {
		const hello = encodeControl({t: 'hello', magic: 'lvs-tui', protocol: PROTOCOL_VERSION, version: APP_VERSION, key: 'x'.repeat(64), intent: 'attach'});
		const half = hello.subarray(0, Math.floor(hello.length / 2)).toString('base64');
		const script = `const s=require('net').createConnection(${JSON.stringify(fixture.files('robust').socket)});s.on('connect',()=>{s.write(Buffer.from('${half}','base64'));console.log('sent')});setInterval(()=>{},1000);`;
		const child = spawn(process.execPath, ['-e', script], {stdio: ['ignore', 'pipe', 'inherit']});
		await new Promise<void>(resolve => child.stdout.once('data', () => resolve()));
		child.kill('SIGKILL');
		await new Promise(resolve => child.once('exit', resolve));
		await paneStillAlive();
		// A proper client still attaches (as a watcher: the controller is the test's own client).
		const watcher = await fixture.client('robust', 'watch');
		expect(watcher.list().map(p => p.id)).toContain(counterPane);
		await watcher.detach();
	});

	it('refuses a client without the session key', async () => {
		const hello = encodeControl({t: 'hello', magic: 'lvs-tui', protocol: PROTOCOL_VERSION, version: APP_VERSION, key: '0'.repeat(64), intent: 'watch'});
		const result = await rawExchange(hello);
		expect(result.closed).toBe(true);
		const frames = new FrameDecoder(1 << 20).push(result.received);
		expect(frames[0]).toMatchObject({kind: 1, message: {t: 'refused', code: 'auth'}});
		await paneStillAlive();
	});

	it('tells a client of another protocol version, in words, which versions differ', async () => {
		const other = await connectSession(fixture.files('robust'), {intent: 'watch', protocol: PROTOCOL_VERSION + 41, version: '9.9.9'});
		expect(other.ok).toBe(false);
		if (!other.ok) {
			expect(other.error.code).toBe('session.version');
			expect(other.error.message).toBe(
				`this lvs-tui is version 9.9.9 (session protocol ${PROTOCOL_VERSION + 41}), but session 'robust' was started by lvs-tui ${APP_VERSION} ` +
					`and speaks protocol ${PROTOCOL_VERSION}; attach with that version, or end the session with 'lvs-tui kill robust'`,
			);
		}
		// On the wire: a refusal frame in the frozen format, then the connection closes.
		const key = readSessionKey(fixture.files('robust').key);
		if (!key.ok) throw new Error(key.error.message);
		const raw = await rawExchange(encodeControl({t: 'hello', magic: 'lvs-tui', protocol: 999, version: '9.9.9', key: key.value, intent: 'attach'}));
		const frames = new FrameDecoder(1 << 20).push(raw.received);
		expect(frames[0]).toMatchObject({kind: 1, message: {t: 'refused', code: 'version', protocol: PROTOCOL_VERSION, version: APP_VERSION}});
		await paneStillAlive();
	});

	it('ls (info) answers a client of any version, so an old session can still be listed', async () => {
		const info = await connectSession(fixture.files('robust'), {intent: 'info', protocol: 999, version: '9.9.9'});
		expect(info.ok).toBe(true);
		if (info.ok) {
			expect(info.value.welcome.session).toMatchObject({name: 'robust', panes: 1, attached: true, protocol: PROTOCOL_VERSION});
			info.value.close();
		}
	});

	it('ignores input and refuses changes from a watcher', async () => {
		const watcher = await fixture.client('robust', 'watch');
		const notices: string[] = [];
		watcher.onNotice(n => notices.push(n));
		watcher.kill(counterPane);
		watcher.write(counterPane, '\x03');
		expect(notices).toEqual(['watch mode is read-only', 'read-only: typing is ignored (C-a d leaves)']);
		await paneStillAlive();
		await watcher.detach();
	});

	it('refuses malformed requests from an attached client without harm', async () => {
		const raw = await connectSession(fixture.files('robust'), {intent: 'watch'});
		if (!raw.ok) throw new Error(raw.error.message);
		expect(await raw.value.request({op: 'no-such-op'})).toEqual({ok: false, error: "unknown request 'no-such-op'"});
		expect(await raw.value.request({op: 'snapshot', paneId: 'nope'})).toMatchObject({ok: true});
		raw.value.close();
		await paneStillAlive();
	});

	it('enforces watch mode on the server too, not only in the client', async () => {
		const raw = await connectSession(fixture.files('robust'), {intent: 'watch'});
		if (!raw.ok) throw new Error(raw.error.message);
		const connection = raw.value;
		const notices: unknown[] = [];
		connection.onFrame(frame => {
			if (frame.kind === 1 && (frame.message as {t?: string}).t === 'notice') notices.push(frame.message);
		});
		expect(await connection.request({op: 'kill', paneId: counterPane})).toEqual({ok: false, error: 'watch mode is read-only'});
		expect(await connection.request({op: 'kill-session'})).toEqual({ok: false, error: 'watch mode is read-only'});
		connection.sendInput(counterPane, '\x03');
		await waitUntil('the read-only notice', () => notices.length === 1);
		expect(notices[0]).toEqual({t: 'notice', message: 'watch mode is read-only: input is not sent to the pane'});
		await paneStillAlive();
		connection.close();
	});

	// Last: it ends the session.
	it('kill works from a client of another version, so an old session can always be ended', async () => {
		const ended = new Promise<string>(resolve => control.onEnd(resolve));
		const killer = await connectSession(fixture.files('robust'), {intent: 'kill', protocol: 999, version: '9.9.9'});
		expect(killer.ok).toBe(true);
		expect(await ended).toBe('the session ended: killed by lvs-tui kill');
		await waitUntil('the server to exit', () => !processAlive(serverPid));
	});
});
