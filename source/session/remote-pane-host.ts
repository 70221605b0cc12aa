// The PaneHost the UI uses when it is attached to a session server: same interface as the
// in-process PaneManager, so the UI cannot tell the difference. PaneHost is synchronous, a socket is
// not, so this keeps a mirror: the pane list from 'panes' events, and per pane the last snapshot
// from the server plus the output that followed it. Replaying snapshot + following output into a
// fresh emulator gives the current screen, so snapshot() answers at once and exactly.
import type {OpenPaneRequest, PaneHost, PaneHostEvent, PaneInfo, PaneSnapshot} from '../services/pane-host.js';
import {FRAME_CONTROL, type Frame} from './frame-codec.js';
import type {AttachSnapshot, SessionInfo} from './protocol.js';
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
}

/**
 * Keeping snapshot() cheap (a pane switch replays base + since): once output goes quiet with more
 * than IDLE_REFRESH_CHARS pending, fetch a fresh snapshot; during a long burst, refresh at
 * FORCE_REFRESH_CHARS only, so a flood (`cat` of a big file) is not slowed by snapshots.
 */
const IDLE_REFRESH_CHARS = 64 * 1024;
const IDLE_REFRESH_MS = 150;
const FORCE_REFRESH_CHARS = 4 * 1024 * 1024;
/** The server's emulator parses a notice within a few ms of writing it; this leaves ample margin. */
const NOTICE_REFRESH_MS = 100;

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
		this.connection.sendInput(paneId, data);
	}

	resize(cols: number, rows: number): void {
		this.size = {cols, rows};
		if (this.readOnly) return;
		void this.connection.request({op: 'resize', cols, rows}).then(() => {
			// The emulators reflowed on the server: replaying old output at the new size would not.
			for (const id of this.mirrors.keys()) this.refresh(id);
		});
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
				for (const s of snapshot.snapshots) this.mirrors.set(s.id, {base: s, since: [], sinceChars: 0, refreshing: false});
				const first = snapshot.snapshots[0];
				if (first) this.size = {cols: first.cols, rows: first.rows};
				if (snapshot.state) this.applyState(snapshot.state);
				this.attached?.(snapshot);
				this.emit({type: 'panes', panes: this.panes});
				return;
			}
			case 'panes': {
				const before = new Map(this.panes.map(p => [p.id, p]));
				this.panes = message.panes as PaneInfo[];
				const live = new Set(this.panes.map(p => p.id));
				for (const id of [...this.mirrors.keys()]) if (!live.has(id)) this.mirrors.delete(id);
				for (const pane of this.panes) {
					const known = this.mirrors.has(pane.id);
					this.mirrorFor(pane.id);
					// The server writes exit and connection notices into the pane's screen without an
					// output event, just after the status changes; fetch them once it has parsed them.
					const old = before.get(pane.id);
					if (known && old && (old.status !== pane.status || old.statusText !== pane.statusText)) this.refreshSoon(pane.id);
				}
				this.emit({type: 'panes', panes: this.panes});
				return;
			}
			case 'bell':
				this.emit({type: 'bell', paneId: String(message.paneId)});
				return;
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
			mirror = {base: {id: paneId, cols: this.size.cols, rows: this.size.rows, serialized: ''}, since: [], sinceChars: 0, refreshing: false};
			this.mirrors.set(paneId, mirror);
			this.refresh(paneId);
		}
		return mirror;
	}

	private refreshSoon(paneId: string): void {
		const mirror = this.mirrors.get(paneId);
		if (!mirror) return;
		clearTimeout(mirror.idleTimer);
		mirror.idleTimer = setTimeout(() => this.refresh(paneId), NOTICE_REFRESH_MS);
		mirror.idleTimer.unref?.();
	}

	private refresh(paneId: string): void {
		const mirror = this.mirrors.get(paneId);
		if (!mirror || mirror.refreshing || this.connection.isClosed) return;
		clearTimeout(mirror.idleTimer);
		mirror.refreshing = true;
		this.connection.call({op: 'snapshot', paneId}, result => {
			const current = this.mirrors.get(paneId);
			if (!current) return;
			current.refreshing = false;
			if (!result.ok) return;
			// The socket is ordered: this answer follows every output frame sent before it was taken.
			current.base = result.value as PaneSnapshot;
			current.since = [];
			current.sinceChars = 0;
		});
	}
}
