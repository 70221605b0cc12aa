// The attached path for `npm run bench`: lvs-tui as a client of its session server, and how fast a
// reattach repaints. Two entry points for run.ts:
//   lvsTuiAttached(): a Variant measured exactly like the others (throughput, echo, idle CPU, RSS),
//     counting both the client and the server process;
//   measureAttachRepaint(): time from connecting to having every pane's current screen rebuilt
//     (8 panes with full scrollback by default; the target is 100 ms).
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {BenchTerminal} from './bench-terminal.js';
import {cpuSeconds, peakRssMb, pidsMatching} from './process-stats.js';
import type {Variant} from './variants.js';
import {launchSessionServer} from '../session/server-launcher.js';
import {connectSession} from '../session/session-connection.js';
import {RemotePaneHost} from '../session/remote-pane-host.js';
import {sessionFiles} from '../session/session-paths.js';
import {MirrorScreen} from '../terminal/mirror-screen.js';

// Through its shebang, as users start it (its node flags apply).
const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli.js');

/** lvs-tui attached to a session server it started (`lvs-tui -S NAME`), in a private socket dir. */
export function lvsTuiAttached(): Variant {
	const name = `bench-${process.pid}`;
	let terminal: BenchTerminal | null = null;
	let socketDir = '';
	return {
		name: 'lvs-tui attached',
		start(env) {
			socketDir = mkdtempSync('/tmp/lvs-bench-');
			terminal = new BenchTerminal(CLI, ['-S', name], {...env, LVS_TUI_SOCKET_DIR: socketDir});
			return terminal;
		},
		newPane: '\x01c',
		// The client and the background server (its argv names the session).
		processes: () => [...(terminal ? [terminal.pty.pid] : []), ...pidsMatching(`--name ${name}`)],
		stop() {
			// The table adds client and server up; say each one's share (they are tuned separately).
			const client = terminal ? peakRssMb(terminal.pty.pid) : 0;
			const server = pidsMatching(`--name ${name}`).reduce((sum, pid) => sum + peakRssMb(pid), 0);
			process.stderr.write(`bench: lvs-tui attached peak RSS: client ${client.toFixed(1)} MB, server ${server.toFixed(1)} MB\n`);
			terminal?.kill();
			try {
				execFileSync(process.execPath, [CLI, 'kill', name], {stdio: 'ignore', env: {...process.env, LVS_TUI_SOCKET_DIR: socketDir}, timeout: 10_000});
			} catch {
				for (const pid of pidsMatching(`--name ${name}`)) process.kill(pid, 'SIGKILL');
			}
			rmSync(socketDir, {recursive: true, force: true});
		},
	};
}

export interface AttachRepaintResult {
	panes: number;
	scrollbackLines: number;
	/** Bytes of snapshots the server sent per attach. */
	snapshotBytes: number;
	iterations: number;
	/** Connect to every pane's screen rebuilt (a client that builds all mirrors at once). */
	medianMs: number;
	p95Ms: number;
	maxMs: number;
	/** Connect to the active pane's screen rebuilt: what the user waits for (the UI builds the others lazily). */
	activeMedianMs: number;
	activeP95Ms: number;
}

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function waitFor(what: string, test: () => boolean, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!test()) {
		if (Date.now() > deadline) throw new Error(`attach bench: timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

/** Until the server used at most one CPU tick in half a second (up to 15 s). */
async function serverQuiet(pid: number): Promise<void> {
	const deadline = Date.now() + 15_000;
	let last = cpuSeconds(pid);
	while (Date.now() < deadline) {
		await new Promise(resolve => setTimeout(resolve, 500));
		const now = cpuSeconds(pid);
		if (now - last <= 0.011) return;
		last = now;
	}
}

/**
 * Start a session with `panes` panes each holding `scrollbackLines` lines, then attach
 * `iterations` times: connect, handshake, receive every snapshot, rebuild each pane's screen in a
 * fresh emulator (what the UI does before it can paint), detach. Times each attach.
 */
export async function measureAttachRepaint(options: {panes?: number; scrollbackLines?: number; iterations?: number} = {}): Promise<AttachRepaintResult> {
	const panes = options.panes ?? 8;
	const lines = options.scrollbackLines ?? 10_000;
	const iterations = options.iterations ?? 20;
	const dir = mkdtempSync('/tmp/lvs-bench-');
	const name = 'repaint';
	const env = {...process.env, SHELL: '/bin/sh', PS1: 'bench$ ', ENV: ''};
	const launched = await launchSessionServer({dir, name, serverArgs: ['--cols', '120', '--rows', '39'], env});
	if (!launched.ok) {
		rmSync(dir, {recursive: true, force: true});
		throw new Error(`${launched.error.message}\n${launched.error.detail ?? ''}`);
	}
	const files = sessionFiles(dir, name);
	try {
		const setup = await connectSession(files, {intent: 'attach', cols: 120, rows: 39});
		if (!setup.ok) throw new Error(setup.error.message);
		const host = new RemotePaneHost(setup.value, false);
		await host.ready;
		for (let i = 1; i < panes; i++) host.open({});
		await waitFor(`${panes} panes`, () => host.list().length === panes, 10_000);
		for (const pane of host.list()) host.write(pane.id, `seq 1 ${lines}; echo fill-$((1+${pane.number}))-done\r`);
		await waitFor('the panes to fill', () => host.list().every(p => host.snapshot(p.id).serialized.includes(`fill-${1 + p.number}-done`)), 60_000);
		await host.detach();
		// A reattach comes to a session that has been sitting, not one still compacting 80,000 lines
		// of fresh scrollback and collecting after it (that ran into the first attaches: 90-180 ms).
		await serverQuiet(launched.value.pid);

		const times: number[] = [];
		const activeTimes: number[] = [];
		let snapshotBytes = 0;
		// One attach more, first and not in the figures: this process's first xterm parse is cold
		// (JIT), which a 20-sample p95 (the slowest but one) would report as the attach. Said apart.
		for (let i = -1; i < iterations; i++) {
			const start = performance.now();
			const connected = await connectSession(files, {intent: 'attach', cols: 120, rows: 39});
			if (!connected.ok) throw new Error(connected.error.message);
			const client = new RemotePaneHost(connected.value, false);
			const snapshot = await client.ready;
			if (process.env.LVS_TUI_BENCH_DEBUG) process.stderr.write(`ready after ${(performance.now() - start).toFixed(1)} ms\n`);
			// The emulator parses asynchronously; its first change event is the snapshot parsed whole
			// (one write, and writes are parsed in order).
			const rebuilt = (screen: MirrorScreen) => new Promise<void>(resolve => screen.onChange(() => resolve()));
			const [first, ...others] = client.list();
			const active = new MirrorScreen(client, first!.id);
			await rebuilt(active);
			const activeMs = performance.now() - start;
			const screens = [active, ...others.map(p => new MirrorScreen(client, p.id))];
			await Promise.all(screens.slice(1).map(rebuilt));
			const allMs = performance.now() - start;
			if (i < 0) process.stderr.write(`bench: attach repaint, first attach of this process (cold JIT): active pane ${activeMs.toFixed(1)} ms, all ${panes} ${allMs.toFixed(1)} ms\n`);
			else {
				activeTimes.push(activeMs);
				times.push(allMs);
			}
			snapshotBytes = snapshot.snapshots.reduce((n, s) => n + Buffer.byteLength(s.serialized), 0);
			for (const s of screens) s.dispose();
			await client.detach();
		}
		return {
			panes,
			scrollbackLines: lines,
			snapshotBytes,
			iterations,
			medianMs: percentile(times, 50),
			p95Ms: percentile(times, 95),
			maxMs: Math.max(...times),
			activeMedianMs: percentile(activeTimes, 50),
			activeP95Ms: percentile(activeTimes, 95),
		};
	} finally {
		try {
			const killer = await connectSession(files, {intent: 'kill'});
			if (killer.ok) killer.value.close();
		} catch {
			// Best effort; the SIGKILL below is the fallback.
		}
		try {
			process.kill(launched.value.pid, 'SIGKILL');
		} catch {
			// Already ended.
		}
		rmSync(dir, {recursive: true, force: true});
	}
}

export interface AttachedThroughputResult {
	command: string;
	/** Seconds until the end marker is on the attached client's mirror screen. */
	attachedSeconds: number;
	/** The same in-process (PaneManager emulator, no socket), for the ratio. */
	inProcessSeconds: number;
}

async function untilScreenShows(screen: {rows: number; text(y: number): string; onChange(l: () => void): () => void}, marker: string, timeoutMs: number): Promise<void> {
	const shows = () => Array.from({length: screen.rows}, (_, y) => screen.text(y)).some(line => line.trimEnd() === marker);
	if (shows()) return;
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => {
			off();
			reject(new Error(`throughput bench: ${marker} never showed`));
		}, timeoutMs);
		const off = screen.onChange(() => {
			if (!shows()) return;
			clearTimeout(timer);
			off();
			resolve();
		});
	});
}

/**
 * Pane throughput through the session server: `seq 1 300000` in a pane, timed until the end marker
 * is on the client's mirror screen (server PTY -> server emulator -> socket -> client emulator), and
 * the same in one process for comparison.
 */
export async function measureAttachedThroughput(command = 'seq 1 300000'): Promise<AttachedThroughputResult> {
	const dir = mkdtempSync('/tmp/lvs-bench-');
	const env = {...process.env, SHELL: '/bin/sh', PS1: 'bench$ ', ENV: ''};
	const launched = await launchSessionServer({dir, name: 'through', serverArgs: ['--cols', '120', '--rows', '39'], env});
	if (!launched.ok) {
		rmSync(dir, {recursive: true, force: true});
		throw new Error(`${launched.error.message}\n${launched.error.detail ?? ''}`);
	}
	const files = sessionFiles(dir, 'through');
	try {
		const connected = await connectSession(files, {intent: 'attach', cols: 120, rows: 39});
		if (!connected.ok) throw new Error(connected.error.message);
		const client = new RemotePaneHost(connected.value, false);
		await client.ready;
		const pane = client.list()[0]!;
		const mirror = new MirrorScreen(client, pane.id);
		await untilScreenShows(mirror, 'bench$', 10_000).catch(() => undefined);
		let start = performance.now();
		client.write(pane.id, `${command}; echo M-$((40+2))\r`);
		await untilScreenShows(mirror, 'M-42', 180_000);
		const attachedSeconds = (performance.now() - start) / 1000;
		mirror.dispose();
		await client.detach();

		const {createPaneHost} = await import('../compose-panes.js');
		const {localModeConfig} = await import('../domain/config/defaults.js');
		const saved = {SHELL: process.env.SHELL, PS1: process.env.PS1, ENV: process.env.ENV};
		Object.assign(process.env, {SHELL: '/bin/sh', PS1: 'bench$ ', ENV: ''});
		const local = createPaneHost(localModeConfig(), {cols: 120, rows: 39});
		for (const [k, v] of Object.entries(saved)) {
			if (v === undefined) delete process.env[k];
			else process.env[k] = v;
		}
		try {
			const id = local.list()[0]!.id;
			const screen = local.screen(id)!;
			await untilScreenShows(screen, 'bench$', 10_000).catch(() => undefined);
			start = performance.now();
			local.write(id, `${command}; echo M-$((40+2))\r`);
			await untilScreenShows(screen, 'M-42', 180_000);
			return {command, attachedSeconds, inProcessSeconds: (performance.now() - start) / 1000};
		} finally {
			local.dispose();
		}
	} finally {
		const killer = await connectSession(files, {intent: 'kill'});
		if (killer.ok) killer.value.close();
		try {
			process.kill(launched.value.pid, 'SIGKILL');
		} catch {
			// Already ended.
		}
		rmSync(dir, {recursive: true, force: true});
	}
}

/** `node dist/bench/session-attach.js`: the repaint figure on its own. */
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	(async () => {
		const r = await measureAttachRepaint();
		process.stdout.write(
			`attach repaint, ${r.panes} panes x ${r.scrollbackLines} lines of scrollback (${Math.round(r.snapshotBytes / 1024)} KB of snapshots sent): ` +
				`active pane median ${r.activeMedianMs.toFixed(1)} ms, p95 ${r.activeP95Ms.toFixed(1)} ms; all panes median ${r.medianMs.toFixed(1)} ms, p95 ${r.p95Ms.toFixed(1)} ms (target 100 ms)\n`,
		);
		const t = await measureAttachedThroughput();
		process.stdout.write(
			`${t.command} through the session server: ${t.attachedSeconds.toFixed(2)} s attached, ${t.inProcessSeconds.toFixed(2)} s in-process (x${(t.attachedSeconds / t.inProcessSeconds).toFixed(2)})\n`,
		);
	})().then(
		() => undefined,
		error => {
			process.stderr.write(`attach bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
			process.exitCode = 1;
		},
	);
}
