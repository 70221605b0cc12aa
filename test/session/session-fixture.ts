// Shared set-up for session tests: a private socket directory per test file, real session servers
// started the way the UI starts them (the built dist/session/server-main.js in the background),
// and cleanup that ends every server and pane even when a test failed.
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {launchSessionServer, serverEntry} from '../../source/session/server-launcher.js';
import {connectSession} from '../../source/session/session-connection.js';
import {RemotePaneHost} from '../../source/session/remote-pane-host.js';
import {sessionFiles, type SessionFiles} from '../../source/session/session-paths.js';
import type {ClientIntent} from '../../source/session/protocol.js';
import {VirtualScreen} from '../helpers/virtual-screen.js';

/** A prompt the tests can wait for, and a shell without the user's rc files. */
export const PROMPT = 'sess$';
export const PANE_ENV = {SHELL: '/bin/sh', PS1: PROMPT + ' ', ENV: undefined, HOME: '/tmp'};

export class SessionFixture {
	readonly dir: string;
	private readonly pids = new Set<number>();
	private readonly screens: VirtualScreen[] = [];
	private readonly hosts: RemotePaneHost[] = [];

	constructor() {
		if (!existsSync(serverEntry())) throw new Error(`${serverEntry()} is missing: run npm run build first`);
		// Short path: Unix socket paths are limited to 108 bytes.
		this.dir = mkdtempSync('/tmp/lvs-sess-');
	}

	get env(): Record<string, string | undefined> {
		// LVS_TUI_NO_SESSION is how other e2e tests keep the UI in-process; these want sessions.
		return {...PANE_ENV, LVS_TUI_SOCKET_DIR: this.dir, LVS_TUI_NO_SESSION: undefined};
	}

	files(name: string): SessionFiles {
		return sessionFiles(this.dir, name);
	}

	/** A real server process with one shell pane (rows/cols are the pane area). */
	async launch(name: string, size = {cols: 80, rows: 23}): Promise<number> {
		const previous = {...process.env};
		const launched = await launchSessionServer({
			dir: this.dir,
			name,
			serverArgs: ['--cols', String(size.cols), '--rows', String(size.rows)],
			env: {...previous, ...definedOnly(PANE_ENV), ENV: ''},
		});
		if (!launched.ok) throw new Error(`launch failed: ${launched.error.message}\n${launched.error.detail ?? ''}`);
		this.pids.add(launched.value.pid);
		return launched.value.pid;
	}

	/** A protocol-level client (no UI): what the UI's RemotePaneHost does, driven from the test. */
	async client(name: string, intent: ClientIntent = 'attach', size = {cols: 80, rows: 23}): Promise<RemotePaneHost> {
		const connected = await connectSession(this.files(name), {intent, ...size});
		if (!connected.ok) throw new Error(connected.error.message);
		const host = new RemotePaneHost(connected.value, intent === 'watch');
		this.hosts.push(host);
		await host.ready;
		return host;
	}

	/** The built CLI under a real PTY (`lvs-tui ARGS`), reading its screen. */
	cli(args: string[], size = {cols: 80, rows: 24}): VirtualScreen {
		const screen = VirtualScreen.cli(args, {...size, env: this.env});
		this.screens.push(screen);
		return screen;
	}

	track(pid: number): void {
		this.pids.add(pid);
	}

	async cleanup(): Promise<void> {
		for (const host of this.hosts) await host.detach().catch(() => undefined);
		for (const screen of this.screens) screen.kill();
		for (const pid of this.pids) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// Already ended (killed by the test, or the session ended).
			}
		}
		rmSync(this.dir, {recursive: true, force: true});
	}
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
	return out;
}

/** Poll a condition with a bounded timeout (no fixed sleeps). */
export async function waitUntil(what: string, test: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await test()) return;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

export function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** The counter loop the detach tests run in a pane: one line per 50 ms, "count N". */
export const COUNTER = 'i=0; while :; do i=$((i+1)); echo "count $i"; sleep 0.05; done';

export function lastCount(text: string): number {
	const all = [...text.matchAll(/count (\d+)/g)].map(m => Number(m[1]));
	return all.length ? Math.max(...all) : 0;
}
