// An attached client's commands and file changes run in the session server (server-features.ts):
// exit status, output, stdin, timeouts, output limits and files come back as a local runner's would;
// bad requests are refused with a reason and the server keeps serving; a watch client may look
// (polling) but not touch; polling starts and stops with the clients that want it. A real session
// server process in local mode (the director is this machine), real commands, real files.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {connectSession} from '../../source/session/session-connection.js';
import {RemotePaneHost} from '../../source/session/remote-pane-host.js';
import {remoteFeatures} from '../../source/session/remote-features.js';
import type {SessionConnection} from '../../source/session/session-connection.js';
import type {SharedFeatures} from '../../source/store/shared-features.js';
import {SessionFixture, waitUntil} from './session-fixture.js';

const fixture = new SessionFixture();
let scratch: string;

beforeAll(() => {
	scratch = mkdtempSync('/tmp/lvs-relay-');
});
afterAll(async () => {
	await fixture.cleanup();
	rmSync(scratch, {recursive: true, force: true});
});

async function attach(name: string, intent: 'attach' | 'watch' = 'attach'): Promise<{connection: SessionConnection; host: RemotePaneHost; remote: ReturnType<typeof remoteFeatures>}> {
	const connected = await connectSession(fixture.files(name), {intent, cols: 80, rows: 23});
	if (!connected.ok) throw new Error(connected.error.message);
	const host = new RemotePaneHost(connected.value, intent === 'watch');
	await host.ready;
	return {connection: connected.value, host, remote: remoteFeatures(connected.value, ['director'])};
}

describe('feature requests relayed to the session server', () => {
	it('runs commands on the session host with their status, output, stdin and limits', async () => {
		await fixture.launch('relay');
		const {remote, host} = await attach('relay');
		const runner = remote.hosts.get('director')!.runner;
		expect(runner.host).toBe('director');

		const plain = await runner.exec('echo hello; echo oops >&2; exit 3');
		expect(plain).toMatchObject({code: 3, stdout: 'hello\n', stderr: 'oops\n'});
		expect(plain.interrupted).toBeUndefined();

		// stdin as bytes survives the trip (base64 on the wire).
		const bytes = new Uint8Array([0, 1, 2, 250, 255, 10]);
		const echoed = await runner.exec('od -An -tu1', {stdin: bytes});
		expect(echoed.stdout.trim().split(/\s+/).map(Number)).toEqual([...bytes]);

		// The server's process, not ours, ran it.
		const pid = await runner.exec('echo $PPID');
		expect(Number(pid.stdout.trim())).not.toBe(process.pid);

		expect((await runner.exec('sleep 5', {timeoutMs: 200})).interrupted).toBe('timeout');
		expect((await runner.exec('yes | head -c 200000', {maxOutputBytes: 1000})).interrupted).toBe('output-limit');

		const abort = new AbortController();
		const running = runner.exec(`touch ${scratch}/started; sleep 5; echo late`, {signal: abort.signal});
		await waitUntil('the command to start', () => {
			try {
				statSync(`${scratch}/started`);
				return true;
			} catch {
				return false;
			}
		});
		abort.abort();
		const cancelled = await running;
		expect(cancelled.interrupted).toBe('cancelled');
		expect(cancelled.stdout).not.toContain('late');

		await expect(remote.hosts.get('director')!.runner.exec('true').then(() => 'ran')).resolves.toBe('ran');
		expect(remote.hosts.get('nope')).toBeUndefined();
		await host.detach();
	});

	it('reads, writes (atomically, with the mode) and stats files on the session host', async () => {
		await fixture.launch('files');
		const {remote, host} = await attach('files');
		const files = remote.hosts.get('director')!.files;
		const path = join(scratch, 'written.conf');
		const content = new Uint8Array([104, 105, 0, 200, 10]);
		await files.writeFileAtomic(path, content, 0o600);
		expect(new Uint8Array(readFileSync(path))).toEqual(content);
		expect(statSync(path).mode & 0o777).toBe(0o600);
		expect(await files.readFile(path)).toEqual(content);
		expect(await files.stat(path)).toMatchObject({size: 5, isDirectory: false});
		expect(await files.stat(join(scratch, 'missing'))).toBeNull();
		writeFileSync(join(scratch, 'text'), 'plain text\n');
		expect(new TextDecoder().decode(await files.readFile(join(scratch, 'text')))).toBe('plain text\n');
		await expect(files.readFile(join(scratch, 'missing'))).rejects.toThrow(/^director: /);
		// Too big for one frame: refused here with the reason, and the connection stays up.
		await expect(files.writeFileAtomic(join(scratch, 'huge'), new Uint8Array(4 * 1024 * 1024))).rejects.toThrow(/too big to send through the session/);
		expect(() => statSync(join(scratch, 'huge'))).toThrow();
		expect(await files.stat(path)).toMatchObject({size: 5});
		await host.detach();
	});

	it('refuses malformed requests with a reason and keeps serving', async () => {
		await fixture.launch('bad');
		const {connection, remote, host} = await attach('bad');
		const refusals = await Promise.all([
			connection.request({op: 'exec'}),
			connection.request({op: 'exec', execId: 1, host: 'director', command: 'true', timeoutMs: -5}),
			connection.request({op: 'exec', execId: 2, host: 'nowhere', command: 'true'}),
			connection.request({op: 'write-file', host: 'director', path: join(scratch, 'm'), base64: '', mode: 'rw'}),
			connection.request({op: 'write-file', host: 'director', path: join(scratch, 'n'), base64: 42}),
			connection.request({op: 'read-file', host: 'director'}),
			connection.request({op: 'refresh', feature: 'everything'}),
		]);
		const errors = refusals.map(r => (r.ok ? 'ACCEPTED' : r.error));
		expect(errors).toEqual([
			'exec needs a host, a command and an exec number',
			'exec: timeoutMs and maxOutputBytes must be positive numbers',
			"no host 'nowhere' in the session's config",
			'write-file: mode must be a file mode (0-07777)',
			'write-file: the content must be base64 text',
			'a file request needs a host name and a path',
			"refresh: unknown feature 'everything'",
		]);
		// Still serving, and the connection is intact.
		expect((await remote.hosts.get('director')!.runner.exec('echo still')).stdout).toBe('still\n');
		await host.detach();
	});

	it('a watch client may ask for the panels but not run a command or touch a file', async () => {
		await fixture.launch('watched');
		const control = await attach('watched');
		const watch = await attach('watched', 'watch');
		const runner = watch.remote.hosts.get('director')!.runner;
		await expect(runner.exec(`touch ${scratch}/by-watcher`)).rejects.toThrow(/watch mode is read-only/);
		await expect(watch.remote.hosts.get('director')!.files.readFile('/etc/hostname')).rejects.toThrow(/watch mode is read-only/);
		await expect(watch.remote.hosts.get('director')!.files.writeFileAtomic(`${scratch}/by-watcher`, 'x')).rejects.toThrow(/watch mode is read-only/);
		expect(() => statSync(`${scratch}/by-watcher`)).toThrow();
		expect(await watch.connection.request({op: 'polling', wanted: true})).toEqual({ok: true, value: undefined});
		await watch.host.detach();
		await control.host.detach();
	});

	it('polls only while some client wants it, and the data reaches every client', async () => {
		await fixture.launch('polls');
		const log = () => readFileSync(fixture.files('polls').log, 'utf8');
		const a = await attach('polls');
		const b = await attach('polls', 'watch');
		const ipvsOf = (c: {host: RemotePaneHost}) => (c.host.sharedState() as unknown as SharedFeatures).ipvs.directors.director!;
		expect(ipvsOf(a).status).toBe('loading');
		expect(log()).not.toContain('polling IPVS');

		b.remote.poller('ipvs').start();
		// Whatever this machine's IPVS says (a table, no ipvsadm, no kernel module), it is an answer.
		await waitUntil('a polled answer at the watcher', () => ipvsOf(b).status !== 'loading');
		await waitUntil('the same answer at the other client', () => ipvsOf(a).status === ipvsOf(b).status);
		expect(log()).toContain('polling IPVS and interfaces (a client shows them)');

		// Another client wanting it too, then the first leaving: polling goes on for the one still looking.
		a.remote.poller('interfaces').start();
		// (detach resolves once the server answered it, so the server has forgotten the watcher.)
		await b.host.detach();
		expect(log()).not.toContain('polling stopped');
		a.remote.poller('interfaces').stop();
		await waitUntil('polling to stop', () => log().includes('polling stopped (no client shows the panels)'));
		await a.host.detach();
	});
});
