// Owns every pane: its process (local PTY or SSH shell, from the factory), its emulator with
// scrollback, and its status. It is the in-process PaneHost; the session server runs the same
// class and speaks PaneHost over a socket, so nothing here may assume a UI in the same process.
import type {OpenPaneRequest, PaneHost, PaneHostEvent, PaneInfo, PaneSnapshot, PaneStatus, SnapshotOptions} from './pane-host.js';
import type {PaneConnectionStatus, PaneProcess, PaneProcessExit, PaneProcessFactory, PaneTarget} from '../transports/pane-process.js';
import {Emulator} from '../terminal/emulator.js';
import type {PaneScreen} from '../terminal/pane-screen.js';
import {FlowControl} from './pane-flow-control.js';
import {exitStatusText, paneNotice} from './pane-status-text.js';

export interface PaneManagerOptions {
	factory: PaneProcessFactory;
	/** Initial pane size in cells (the pane area, not the whole terminal). */
	cols: number;
	rows: number;
	/** Lines of scrollback per pane (config options.scrollback). */
	scrollback: number;
	/** TERM given to pane programs. */
	term?: string;
	/** Called once by dispose() (compose closes the hosts' connections here). */
	onDispose?: () => void;
	/** Title for a request that names neither title, command nor host. */
	defaultTitle?: (target: PaneTarget) => string;
}

interface Pane {
	info: PaneInfo;
	target: PaneTarget;
	emulator: Emulator;
	process: PaneProcess | null;
	flow: FlowControl | null;
	/**
	 * Characters written to the emulator and not yet parsed (program output and notices alike):
	 * always a suffix of the output events sent, which is what the session server appends to a
	 * snapshot so it covers every event already sent.
	 */
	unparsed: number;
	detach: Array<() => void>;
}

export class PaneManager implements PaneHost {
	private readonly panes = new Map<string, Pane>();
	private readonly listeners = new Set<(event: PaneHostEvent) => void>();
	private cols: number;
	private rows: number;
	private nextId = 1;
	private focused: string | null = null;
	private disposed = false;

	constructor(private readonly options: PaneManagerOptions) {
		this.cols = Math.max(1, options.cols);
		this.rows = Math.max(1, options.rows);
	}

	list(): PaneInfo[] {
		return [...this.panes.values()].map(p => ({...p.info})).sort((a, b) => a.number - b.number);
	}

	open(request: OpenPaneRequest): PaneInfo {
		const target: PaneTarget = {};
		if (request.host) target.host = request.host;
		if (request.command) target.command = request.command;
		const id = `p${this.nextId++}`;
		const info: PaneInfo = {
			id,
			number: this.freeNumber(request.number),
			title: request.title?.trim() || this.options.defaultTitle?.(target) || request.host || request.command?.split(/\s+/)[0] || 'shell',
			target: request.host ?? request.command ?? 'local',
			status: 'starting',
			activity: false,
			bell: false,
		};
		const emulator = new Emulator({cols: this.cols, rows: this.rows, scrollback: this.options.scrollback});
		const pane: Pane = {info, target, emulator, process: null, flow: null, unparsed: 0, detach: []};
		this.panes.set(id, pane);
		emulator.onReply(data => pane.process?.write(data));
		emulator.onBell(() => this.markBell(pane));
		this.start(pane);
		this.emitPanes();
		return {...info};
	}

	write(paneId: string, data: string): void {
		const pane = this.panes.get(paneId);
		if (!pane?.process) return;
		pane.emulator.userInput();
		pane.process.write(data);
	}

	resize(cols: number, rows: number): void {
		cols = Math.max(1, Math.floor(cols));
		rows = Math.max(1, Math.floor(rows));
		if (cols === this.cols && rows === this.rows) return;
		this.cols = cols;
		this.rows = rows;
		for (const pane of this.panes.values()) {
			pane.emulator.resize(cols, rows);
			pane.process?.resize(cols, rows);
		}
	}

	rename(paneId: string, title: string): void {
		const pane = this.panes.get(paneId);
		const clean = title.replace(/[\x00-\x1f\x7f]/g, '').trim();
		if (!pane || !clean) return;
		pane.info.title = clean;
		this.emitPanes();
	}

	kill(paneId: string): void {
		const pane = this.panes.get(paneId);
		if (!pane) return;
		this.panes.delete(paneId);
		this.stop(pane);
		pane.emulator.dispose();
		if (this.focused === paneId) this.focused = null;
		this.emitPanes();
	}

	restart(paneId: string): void {
		const pane = this.panes.get(paneId);
		if (!pane) return;
		const {status} = pane.info;
		if (pane.process?.retryNow && (status === 'disconnected' || status === 'reconnecting' || status === 'starting')) {
			pane.process.retryNow();
			return;
		}
		if (status !== 'exited' && status !== 'failed' && status !== 'disconnected') return;
		this.stop(pane);
		this.notice(pane, '\r\n' + paneNotice('restarting') + '\r\n');
		this.start(pane);
		this.emitPanes();
	}

	snapshot(paneId: string, options?: SnapshotOptions): PaneSnapshot {
		const pane = this.panes.get(paneId);
		if (!pane) return {id: paneId, cols: this.cols, rows: this.rows, serialized: ''};
		return {id: paneId, cols: pane.emulator.cols, rows: pane.emulator.rows, serialized: pane.emulator.serialize(options)};
	}

	/**
	 * Run `done` once the pane's emulator has parsed everything read so far, with reading paused
	 * meanwhile, so a snapshot taken in `done` needs (almost) no unparsed tail: a session client
	 * skipping a flood resets its screen from such a snapshot instead of parsing the flood. Runs
	 * later (a few ms, up to a flood's unparsed backlog); at once for a pane that is gone.
	 */
	settle(paneId: string, done: () => void): void {
		const pane = this.panes.get(paneId);
		if (!pane) {
			done();
			return;
		}
		const flow = pane.flow;
		flow?.hold();
		pane.emulator.write('', () => {
			try {
				done();
			} finally {
				flow?.release();
			}
		});
	}

	subscribe(listener: (event: PaneHostEvent) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	focus(paneId: string): void {
		this.focused = paneId;
		const pane = this.panes.get(paneId);
		if (pane && (pane.info.activity || pane.info.bell)) {
			pane.info.activity = false;
			pane.info.bell = false;
			this.emitPanes();
		}
	}

	screen(paneId: string): PaneScreen | undefined {
		return this.panes.get(paneId)?.emulator;
	}

	/** Characters of output and notices waiting to be parsed for a pane (session snapshots, tests, the bench). */
	pendingBytes(paneId: string): number {
		return this.panes.get(paneId)?.unparsed ?? 0;
	}

	/** Kill every process and free every emulator (app exit). */
	dispose(): void {
		if (this.disposed) return;
		this.disposed = true;
		for (const pane of this.panes.values()) {
			this.stop(pane);
			pane.emulator.dispose();
		}
		this.panes.clear();
		this.listeners.clear();
		this.options.onDispose?.();
	}

	private freeNumber(wanted: number | undefined): number {
		const used = new Set([...this.panes.values()].map(p => p.info.number));
		if (wanted !== undefined && wanted >= 0 && !used.has(wanted)) return wanted;
		let n = 0;
		while (used.has(n)) n++;
		return n;
	}

	private start(pane: Pane): void {
		let proc: PaneProcess;
		try {
			proc = this.options.factory(pane.target, {cols: this.cols, rows: this.rows, term: this.options.term ?? 'xterm-256color'});
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			this.setStatus(pane, 'failed', message);
			this.notice(pane, paneNotice(message) + '\r\n');
			return;
		}
		pane.process = proc;
		const flow = new FlowControl(() => proc.pause(), () => proc.resume());
		pane.flow = flow;
		pane.info.status = 'running';
		pane.info.exitCode = undefined;
		pane.info.statusText = undefined;
		pane.detach.push(
			proc.onData(data => {
				if (pane.process !== proc) return;
				const bytes = data.length;
				flow.queued(bytes);
				pane.unparsed += bytes;
				pane.emulator.write(data, () => {
					pane.unparsed -= bytes;
					flow.parsed(bytes);
				});
				this.emit({type: 'output', paneId: pane.info.id, data});
				this.markActivity(pane);
			}),
			proc.onExit(exit => {
				if (pane.process === proc) this.exited(pane, exit);
			}),
		);
		if (proc.onStatus) pane.detach.push(proc.onStatus(status => this.connection(pane, status)));
	}

	private stop(pane: Pane): void {
		for (const d of pane.detach) d();
		pane.detach = [];
		const proc = pane.process;
		pane.process = null;
		pane.flow = null;
		proc?.kill();
	}

	private exited(pane: Pane, exit: PaneProcessExit): void {
		const status: PaneStatus = exit.disconnected ? 'disconnected' : exit.code === null && exit.message && !exit.signal ? 'failed' : 'exited';
		pane.info.exitCode = exit.code;
		const text = exitStatusText(exit);
		this.setStatus(pane, status, text);
		// The pane stays with its last screen; the notice says why it stopped.
		this.notice(pane, '\r\n' + paneNotice(text) + '\r\n');
	}

	private connection(pane: Pane, status: PaneConnectionStatus): void {
		const map: Record<PaneConnectionStatus['state'], PaneStatus> = {
			connecting: pane.info.status === 'running' || pane.info.status === 'disconnected' ? 'reconnecting' : 'starting',
			connected: 'running',
			disconnected: 'disconnected',
			failed: 'failed',
		};
		const previous = pane.info.status;
		const next = map[status.state];
		this.setStatus(pane, next, status.state === 'connected' ? undefined : status.text);
		// Say it in the pane too, once per change of state (the text itself counts down every second).
		if (next !== previous && (next === 'disconnected' || next === 'failed')) this.notice(pane, '\r\n' + paneNotice(status.text) + '\r\n');
	}

	/**
	 * Words of our own in the pane's screen (why it stopped, that it restarts): written and sent
	 * exactly like program output, so every client's mirror shows them in order with the rest.
	 */
	private notice(pane: Pane, text: string): void {
		pane.unparsed += text.length;
		pane.emulator.write(text, () => {
			pane.unparsed -= text.length;
		});
		this.emit({type: 'output', paneId: pane.info.id, data: text});
	}

	private setStatus(pane: Pane, status: PaneStatus, text: string | undefined): void {
		pane.info.status = status;
		pane.info.statusText = text;
		this.emitPanes();
	}

	private markActivity(pane: Pane): void {
		if (pane.info.id === this.focused || pane.info.activity) return;
		pane.info.activity = true;
		this.emitPanes();
	}

	private markBell(pane: Pane): void {
		this.emit({type: 'bell', paneId: pane.info.id});
		if (pane.info.id === this.focused || pane.info.bell) return;
		pane.info.bell = true;
		this.emitPanes();
	}

	private emitPanes(): void {
		this.emit({type: 'panes', panes: this.list()});
	}

	private emit(event: PaneHostEvent): void {
		for (const l of this.listeners) {
			try {
				l(event);
			} catch {
				// A failing listener (a dropped socket client) must not stop the others or the pane.
			}
		}
	}
}
