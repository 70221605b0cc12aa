// The message-shaped boundary between the UI and whoever owns the panes. In-process it is the
// PaneManager; after detach/reattach it is a client of the session server speaking the same
// messages over a Unix socket. The UI never holds a PTY, an SSH channel or an emulator it did not
// get from here.
import type {PaneScreen} from '../terminal/pane-screen.js';

export type PaneStatus = 'starting' | 'running' | 'exited' | 'failed' | 'disconnected' | 'reconnecting';

export interface PaneInfo {
	id: string;
	number: number;
	title: string;
	/** 'local', a command, or the host name the pane's shell is on. */
	target: string;
	status: PaneStatus;
	exitCode?: number | null;
	/** Human text for exited/failed/disconnected panes, e.g. "disconnected — reconnecting in 4s". */
	statusText?: string;
	activity: boolean;
	bell: boolean;
}

/** Enough to rebuild a pane's emulator exactly: serialized screen + scrollback and modes. */
export interface PaneSnapshot {
	id: string;
	cols: number;
	rows: number;
	/** Output of @xterm/addon-serialize: replaying it into a fresh emulator of cols x rows reproduces the buffer. */
	serialized: string;
}

export interface SnapshotOptions {
	/** Lines of scrollback to include at most (the visible screen is always whole). */
	scrollback?: number;
}

export type PaneHostEvent =
	| {type: 'output'; paneId: string; data: string}
	| {type: 'panes'; panes: PaneInfo[]}
	| {type: 'bell'; paneId: string};

export interface OpenPaneRequest {
	number?: number;
	title?: string;
	/** Local shell when neither is given. */
	command?: string;
	host?: string;
}

export interface PaneHost {
	list(): PaneInfo[];
	open(request: OpenPaneRequest): PaneInfo;
	write(paneId: string, data: string): void;
	resize(cols: number, rows: number): void;
	rename(paneId: string, title: string): void;
	kill(paneId: string): void;
	/** Restart an exited pane or retry a disconnected one now (C-a r). */
	restart(paneId: string): void;
	/**
	 * Optional `options` (added by the session server, issue 7): `scrollback` caps the lines of
	 * scrollback serialized. Serializing 10,000 lines takes ~70 ms a pane; a reattaching client's
	 * mirror keeps 1,000, so it asks for no more. Hosts that ignore it send everything (correct, slower).
	 */
	snapshot(paneId: string, options?: SnapshotOptions): PaneSnapshot;
	subscribe(listener: (event: PaneHostEvent) => void): () => void;
	/**
	 * Optional (added by the core): the pane the user is looking at, so activity and bell markers
	 * are set on the others and cleared on this one; kept with the panes so a re-attached UI sees them.
	 */
	focus?(paneId: string): void;
	/**
	 * Optional (added by the core): in-process hosts hand out the pane's own emulator view so the
	 * UI does not parse output twice. Hosts without it (a socket client) get a mirror built from
	 * snapshot() + output events (source/terminal/mirror-screen.ts).
	 */
	screen?(paneId: string): PaneScreen | undefined;
}
