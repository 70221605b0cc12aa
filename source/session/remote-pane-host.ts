// The PaneHost the UI uses when it is attached to a session server: same interface as the
// in-process PaneManager, so the UI cannot tell the difference. PaneHost is synchronous, a socket is
// not, so this keeps a mirror: the pane list from 'panes' events, and per pane the last snapshot
// from the server plus the output that followed it. Replaying snapshot + following output into a
// fresh emulator gives the current screen, so snapshot() answers at once and exactly.
//
// The UI's screen (screen()) is one parsing emulator, for the pane being looked at only: output of
// the other panes is kept as text and parsed only when the user switches to one. When output
// outruns the screen's parser (a flood), the screen stops parsing it and resets from the server's
// snapshot once it has caught up — tmux drops a slow client's backlog the same way; the screen
// ends exactly as the server's.
import type {OpenPaneRequest, PaneHost, PaneHostEvent, PaneInfo, PaneSnapshot} from '../services/pane-host.js';
import {MirrorScreen} from '../terminal/mirror-screen.js';
import type {PaneScreen} from '../terminal/pane-screen.js';
import {FRAME_CONTROL, type Frame} from './frame-codec.js';
import {CLIENT_SCROLLBACK, type AttachSnapshot, type SessionInfo} from './protocol.js';
import type {Question} from './relay-prompter.js';
import type {SshPrompter} from '../transports/ssh/ssh-prompter.js';
import type {SessionConnection} from './session-connection.js';

interface PaneMirror {
	base: PaneSnapshot;
	/** Output since base was taken on the server. */
	since: string[];
	sinceChars: number;
	refreshing: boolean;
	idleTimer?: ReturnType<typeof setTimeout>;
	/** The next snapshot answer resets the screen too (the size changed). */
	resetScreen: boolean;
	/** Output was muted after the snapshot under way was asked for: ask again once it comes. */
	refreshAgain?: boolean;
}

/** The parsing emulator of the pane being looked at. */
interface LiveScreen {
	paneId: string;
	screen: MirrorScreen;
	/** Output is dropped, not parsed: the screen follows by snapshots until the flood ends. */
	skipping: boolean;
	/** A resync snapshot was asked for and has not come yet (at most one at a time). */
	asking: boolean;
	/** Output was dropped since the last snapshot answer. */
	dirty: boolean;
	/** The server was asked not to send this pane's output (while skipping). */
	muted: boolean;
	timer?: ReturnType<typeof setTimeout>;
	lastAsk: number;
	/** Characters received in the current flood-detection window. */
	windowStart: number;
	windowChars: number;
}

/**
 * Keeping snapshot() cheap (a pane switch replays base + since): once output goes quiet with more
 * than IDLE_REFRESH_CHARS pending, fetch a fresh snapshot; during a long burst, refresh at
 * FORCE_REFRESH_CHARS only, so a flood (`cat` of a big file) is not slowed by snapshots.
 */
const IDLE_REFRESH_CHARS = 64 * 1024;
const IDLE_REFRESH_MS = 150;
const FORCE_REFRESH_CHARS = 4 * 1024 * 1024;
/**
 * When the screen stops parsing and follows by snapshots instead: more than FLOOD_CHARS within
 * FLOOD_WINDOW_MS (a flood: `cat` of a big file, `seq`), or behind its parser by SKIP_CHARS.
 * Typing, prompts and ordinary command output stay far below both, and are parsed as they come.
 */
const FLOOD_WINDOW_MS = 50;
const FLOOD_CHARS = 32 * 1024;
const SKIP_CHARS = 32 * 1024;
/**
 * Screen snapshots while skipping: at most one per 33 ms, the compositor's slowest frame (each costs
 * the server a pause and a serialize; A/B runs: seq/cat median 0.45/0.96 s at 16 ms, 0.35/0.84 s at
 * 33 ms, no better at 50 ms).
 */
const RESYNC_INTERVAL_MS = 33;
/**
 * The flood is over, fetch the scrollback too and parse output again: output quiet this long after a
 * screen snapshot, or less than FLOOD_OVER_CHARS of it between two (typing, a prompt).
 */
const FLOOD_OVER_MS = 60;
const FLOOD_OVER_CHARS = 4 * 1024;
/** Pending output above which waking a pane's screen asks the server instead of replaying it. */
const REPLAY_LIMIT_CHARS = 256 * 1024;

export class RemotePaneHost implements PaneHost {
	private panes: PaneInfo[] = [];
	private readonly mirrors = new Map<string, PaneMirror>();
	private readonly listeners = new Set<(event: PaneHostEvent) => void>();
	private readonly stateListeners = new Set<(patch: Record<string, unknown>) => void>();
	private readonly noticeListeners = new Set<(message: string) => void>();
	private readonly openedListeners = new Set<(placeholderId: string, pane: PaneInfo) => void>();
	private size = {cols: 80, rows: 24};
	private nextLocalId = 1;
	private toldReadOnly = false;
	private prompter?: SshPrompter;
	private questions: Array<{id: number} & Question> = [];
	private state: Record<string, unknown> = {};
	private attached?: (snapshot: AttachSnapshot) => void;
	private live: LiveScreen | null = null;
	readonly ready: Promise<AttachSnapshot>;

	constructor(
		private readonly connection: SessionConnection,
		readonly readOnly: boolean,
	) {
		this.ready = new Promise(resolve => {
			this.attached = resolve;
		});
		connection.onFrame(frame => this.onFrame(frame));
	}

	get session(): SessionInfo {
		return this.connection.welcome.session;
	}

	/** Plain-data store state the server shares (feature slices), as last received. */
	sharedState(): Record<string, unknown> {
		return this.state;
	}

	onSharedState(listener: (patch: Record<string, unknown>) => void): () => void {
		this.stateListeners.add(listener);
		return () => this.stateListeners.delete(listener);
	}

	/** Messages for the status line ("watch mode is read-only", a refused request). */
	onNotice(listener: (message: string) => void): () => void {
		this.noticeListeners.add(listener);
		return () => this.noticeListeners.delete(listener);
	}

	/**
	 * open() must answer before the server has chosen the pane's id; this says which real pane a
	 * placeholder became, so the UI can switch to it (C-a c).
	 */
	onOpened(listener: (placeholderId: string, pane: PaneInfo) => void): () => void {
		this.openedListeners.add(listener);
		return () => this.openedListeners.delete(listener);
	}

	/**
	 * Who answers the SSH questions the server relays (the UI's dialogs). Questions that arrive
	 * before one is set wait for it.
	 */
	setPrompter(prompter: SshPrompter): void {
		this.prompter = prompter;
		const waiting = this.questions;
		this.questions = [];
		for (const question of waiting) this.onAsk(question);
	}

	/** Once, with why: detached by us, taken over by another client, the session ended, server gone. */
	onEnd(listener: (reason: string) => void): void {
		this.connection.onClose(listener);
	}

	/** C-a d / SIGHUP: leave the session running and close this client. */
	async detach(): Promise<void> {
		if (this.connection.isClosed) return;
		await this.connection.request({op: 'detach'});
		this.connection.close();
	}

	/** End the session (every pane) — the UI's quit when attached. */
	async killSession(): Promise<void> {
		await this.connection.request({op: 'kill-session'});
	}

	list(): PaneInfo[] {
		return this.panes;
	}

	open(request: OpenPaneRequest): PaneInfo {
		// The server assigns the real id; until its 'panes' event arrives the UI sees a placeholder.
		const placeholder: PaneInfo = {
			id: `opening-${this.nextLocalId++}`,
			number: request.number ?? -1,
			title: request.title ?? request.host ?? request.command ?? 'shell',
			target: request.host ?? request.command ?? 'local',
			status: 'starting',
			activity: false,
			bell: false,
		};
		if (this.readOnly) {
			this.notice('watch mode is read-only: cannot open a pane');
			return placeholder;
		}
		void this.connection.request({op: 'open', request}).then(result => {
			if (!result.ok) this.notice(`cannot open a pane: ${result.error}`);
			else for (const listener of this.openedListeners) listener(placeholder.id, result.value as PaneInfo);
		});
		return placeholder;
	}

	write(paneId: string, data: string): void {
		if (this.readOnly) {
			if (!this.toldReadOnly) this.notice('read-only: typing is ignored (C-a d leaves)');
			this.toldReadOnly = true;
			return;
		}
		if (this.live?.paneId === paneId) this.live.screen.userInput();
		this.connection.sendInput(paneId, data);
	}

	resize(cols: number, rows: number): void {
		this.size = {cols, rows};
		// Reflowed here at once; the server's reflow (the truth) replaces it when its snapshot comes.
		this.live?.screen.resize(cols, rows);
		if (this.readOnly) return;
		void this.connection.request({op: 'resize', cols, rows}).then(() => {
			// The emulators reflowed on the server: replaying old output at the new size would not.
			for (const [id, mirror] of this.mirrors) {
				if (this.live?.paneId === id) mirror.resetScreen = true;
				this.refresh(id);
			}
		});
	}

	/**
	 * The screen the UI paints for `paneId`, parsing its output from now on. Only one pane's screen
	 * is live: asking for another one's (a pane switch) retires the previous.
	 */
	screen(paneId: string): PaneScreen | undefined {
		if (this.live?.paneId === paneId) return this.live.screen;
		const mirror = this.mirrors.get(paneId);
		if (!mirror) return undefined;
		this.retireLive();
		const screen = new MirrorScreen(this.snapshot(paneId), CLIENT_SCROLLBACK);
		this.live = {paneId, screen, skipping: false, asking: false, dirty: false, muted: false, lastAsk: 0, windowStart: 0, windowChars: 0};
		// A long replay of output that came while nobody looked: the server's snapshot is cheaper.
		if (mirror.sinceChars > REPLAY_LIMIT_CHARS) {
			mirror.resetScreen = true;
			this.refresh(paneId);
		}
		return screen;
	}

	rename(paneId: string, title: string): void {
		this.change({op: 'rename', paneId, title});
	}

	kill(paneId: string): void {
		this.change({op: 'kill', paneId});
	}

	restart(paneId: string): void {
		this.change({op: 'restart', paneId});
	}

	focus(paneId: string): void {
		if (this.live && this.live.paneId !== paneId) this.retireLive();
		// Watchers look at whatever they like; only the controlling client's focus clears markers.
		if (!this.readOnly) void this.connection.request({op: 'focus', paneId});
	}

	snapshot(paneId: string): PaneSnapshot {
		const mirror = this.mirrors.get(paneId);
		if (!mirror) return {id: paneId, cols: this.size.cols, rows: this.size.rows, serialized: ''};
		if (mirror.since.length > 1) mirror.since = [mirror.since.join('')];
		return {...mirror.base, serialized: mirror.base.serialized + (mirror.since[0] ?? '')};
	}

	subscribe(listener: (event: PaneHostEvent) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private change(message: Record<string, unknown>): void {
		if (this.readOnly) {
			this.notice('watch mode is read-only');
			return;
		}
		void this.connection.request(message).then(result => {
			if (!result.ok) this.notice(String(result.error));
		});
	}

	private notice(message: string): void {
		for (const listener of this.noticeListeners) listener(message);
	}

	private emit(event: PaneHostEvent): void {
		for (const listener of this.listeners) listener(event);
	}

	private onFrame(frame: Frame): void {
		if (frame.kind !== FRAME_CONTROL) {
			const mirror = this.mirrorFor(frame.paneId);
			mirror.since.push(frame.data);
			mirror.sinceChars += frame.data.length;
			if (this.live?.paneId === frame.paneId) this.feedLive(this.live, frame.data);
			if (mirror.sinceChars > FORCE_REFRESH_CHARS) this.refresh(frame.paneId);
			else if (mirror.sinceChars > IDLE_REFRESH_CHARS) {
				clearTimeout(mirror.idleTimer);
				const paneId = frame.paneId;
				mirror.idleTimer = setTimeout(() => this.refresh(paneId), IDLE_REFRESH_MS);
				mirror.idleTimer.unref?.();
			}
			this.emit({type: 'output', paneId: frame.paneId, data: frame.data});
			return;
		}
		const message = frame.message as {t: string} & Record<string, unknown>;
		switch (message.t) {
			case 'attach': {
				const snapshot = message as unknown as AttachSnapshot;
				this.panes = snapshot.panes;
				for (const s of snapshot.snapshots) this.mirrors.set(s.id, {base: s, since: [], sinceChars: 0, refreshing: false, resetScreen: false});
				const first = snapshot.snapshots[0];
				if (first) this.size = {cols: first.cols, rows: first.rows};
				if (snapshot.state) this.applyState(snapshot.state);
				this.attached?.(snapshot);
				this.emit({type: 'panes', panes: this.panes});
				return;
			}
			case 'panes': {
				this.panes = message.panes as PaneInfo[];
				const live = new Set(this.panes.map(p => p.id));
				for (const id of [...this.mirrors.keys()]) if (!live.has(id)) this.mirrors.delete(id);
				if (this.live && !live.has(this.live.paneId)) this.retireLive();
				for (const pane of this.panes) this.mirrorFor(pane.id);
				this.emit({type: 'panes', panes: this.panes});
				return;
			}
			case 'bell':
				this.emit({type: 'bell', paneId: String(message.paneId)});
				return;
			case 'skipped': {
				const live = this.live;
				if (live && live.paneId === message.paneId && live.skipping) this.dropped(live);
				return;
			}
			case 'quiet': {
				// The flood stopped: its last screen now, not a frame interval later.
				const live = this.live;
				if (live && live.paneId === message.paneId && live.skipping && live.dirty && live.timer && !live.asking) {
					clearTimeout(live.timer);
					this.resyncTick(live);
				}
				return;
			}
			case 'state':
				this.applyState(message.patch as Record<string, unknown>);
				return;
			case 'notice':
				this.notice(String(message.message));
				return;
			case 'ask':
				this.onAsk(message as unknown as {id: number} & Question);
				return;
			default:
				// 'detached' is handled by the connection's close reason; unknown events are ignored so a
				// newer server's additions do not break an attached client.
				return;
		}
	}

	private onAsk(question: {id: number} & Question): void {
		const prompter = this.prompter;
		if (!prompter) {
			this.questions.push(question);
			return;
		}
		const asked = question.kind === 'host-key' ? prompter.confirmHostKey(question.question) : prompter.askPassphrase(question.keyPath, question.attempt);
		void asked.then(
			value => this.connection.call({op: 'answer', askId: question.id, value}, () => undefined),
			() => this.connection.call({op: 'answer', askId: question.id, value: null}, () => undefined),
		);
	}

	private applyState(patch: Record<string, unknown>): void {
		this.state = {...this.state, ...patch};
		for (const listener of this.stateListeners) listener(patch);
	}

	/** A pane we have not seen a snapshot for (opened after attach): start empty, fetch the real one. */
	private mirrorFor(paneId: string): PaneMirror {
		let mirror = this.mirrors.get(paneId);
		if (!mirror) {
			mirror = {base: {id: paneId, cols: this.size.cols, rows: this.size.rows, serialized: ''}, since: [], sinceChars: 0, refreshing: false, resetScreen: false};
			this.mirrors.set(paneId, mirror);
			this.refresh(paneId);
		}
		return mirror;
	}

	/** Output for the screen being looked at: parse it, or drop it during a flood. */
	private feedLive(live: LiveScreen, data: string): void {
		if (live.skipping) {
			this.dropped(live);
			return;
		}
		const now = performance.now();
		if (now - live.windowStart > FLOOD_WINDOW_MS) {
			live.windowStart = now;
			live.windowChars = 0;
		}
		live.windowChars += data.length;
		if (live.windowChars <= FLOOD_CHARS && live.screen.pendingChars <= SKIP_CHARS) {
			live.screen.write(data);
			return;
		}
		// A flood: parsing it twice (server and here) would halve its speed. Drop it and show the
		// server's screen instead, a snapshot at a time, like tmux redrawing a slow client; the
		// server stops sending it meanwhile (a 'skipped' event says more came).
		live.skipping = true;
		live.muted = true;
		this.connection.call({op: 'mute', paneId: live.paneId, muted: true}, () => undefined);
		this.dropped(live);
	}

	/** Output the live screen skipped: show the server's screen a frame after the last one. */
	private dropped(live: LiveScreen): void {
		if (!live.dirty && live.timer && !live.asking) {
			// The flood goes on: the next screen comes a frame after the last, not when quiet.
			clearTimeout(live.timer);
			live.timer = undefined;
		}
		live.dirty = true;
		this.scheduleResync(live);
	}

	private scheduleResync(live: LiveScreen): void {
		if (live.asking || live.timer) return;
		const wait = Math.max(0, live.lastAsk + RESYNC_INTERVAL_MS - performance.now());
		live.timer = setTimeout(() => this.resyncTick(live), wait);
	}

	/** Output was dropped: show the screen as it is now; quiet since: the flood is over. */
	private resyncTick(live: LiveScreen): void {
		live.timer = undefined;
		if (this.live !== live || live.asking) return;
		this.resync(live, live.dirty ? 0 : CLIENT_SCROLLBACK);
	}

	private resync(live: LiveScreen, scrollback: number): void {
		if (scrollback > 0 && live.muted) {
			// Output flows again from here; what comes before the answer, the answer covers.
			live.muted = false;
			this.connection.call({op: 'mute', paneId: live.paneId, muted: false}, () => undefined);
		}
		live.asking = true;
		live.dirty = false;
		live.lastAsk = performance.now();
		this.connection.call({op: 'snapshot', paneId: live.paneId, scrollback, settled: true}, result => {
			live.asking = false;
			if (this.live !== live) return;
			if (!result.ok) {
				// The pane is gone or the server refused: parse what comes from here on.
				live.skipping = false;
				return;
			}
			// Ordered with the output frames: this covers every frame dropped so far.
			const snapshot = result.value as PaneSnapshot;
			live.screen.reset(snapshot);
			live.dirty = false;
			if (scrollback > 0) {
				// The flood is over and the scrollback came along: parse output as it comes again.
				live.skipping = false;
				live.windowStart = 0;
				const mirror = this.mirrors.get(live.paneId);
				if (mirror && !mirror.refreshing) {
					mirror.base = snapshot;
					mirror.since = [];
					mirror.sinceChars = 0;
				}
				return;
			}
			clearTimeout(live.timer);
			live.timer = undefined;
			const skipped = (snapshot as PaneSnapshot & {skippedChars?: number}).skippedChars;
			if (skipped !== undefined && skipped < FLOOD_OVER_CHARS) this.resync(live, CLIENT_SCROLLBACK);
			else live.timer = setTimeout(() => this.resyncTick(live), FLOOD_OVER_MS);
		});
	}

	private retireLive(): void {
		const live = this.live;
		if (!live) return;
		this.live = null;
		clearTimeout(live.timer);
		const mirror = this.mirrors.get(live.paneId);
		if (mirror) mirror.resetScreen = false;
		if (live.muted && mirror && !this.connection.isClosed) {
			// Its output was not sent while muted: take it up again from a fresh snapshot.
			this.connection.call({op: 'mute', paneId: live.paneId, muted: false}, () => undefined);
			this.refresh(live.paneId);
		}
		// The compositor lets go of it in the same tick (the binder attaches the next screen).
		setImmediate(() => live.screen.dispose());
	}

	private refresh(paneId: string): void {
		const mirror = this.mirrors.get(paneId);
		if (mirror?.refreshing) mirror.refreshAgain = true;
		if (!mirror || mirror.refreshing || this.connection.isClosed) return;
		clearTimeout(mirror.idleTimer);
		mirror.refreshing = true;
		this.connection.call({op: 'snapshot', paneId}, result => {
			const current = this.mirrors.get(paneId);
			if (!current) return;
			current.refreshing = false;
			if (current.refreshAgain) {
				current.refreshAgain = false;
				this.refresh(paneId);
			}
			if (!result.ok) return;
			// The socket is ordered: this answer follows every output frame sent before it was taken.
			current.base = result.value as PaneSnapshot;
			current.since = [];
			current.sinceChars = 0;
			// A resize: the server reflowed; its screen replaces ours (unless a flood is being
			// followed by snapshots, which are newer).
			if (current.resetScreen && this.live?.paneId === paneId) {
				current.resetScreen = false;
				if (!this.live.skipping) this.live.screen.reset(current.base);
			}
		});
	}
}
