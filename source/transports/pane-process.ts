// What a pane runs, whatever carries it: a local PTY (node-pty) or an SSH shell channel with a pty.
// The pane manager only sees this interface.

export interface PaneProcessExit {
	/** Exit code when the program exited; null when killed by a signal or the connection dropped. */
	code: number | null;
	signal?: string;
	/** Set when the transport went away rather than the program ending (SSH drop): the pane reconnects. */
	disconnected?: boolean;
	/** Why it could not start or why it ended, for the pane to show. */
	message?: string;
}

export interface PaneProcess {
	write(data: string): void;
	resize(cols: number, rows: number): void;
	onData(listener: (data: string) => void): () => void;
	onExit(listener: (exit: PaneProcessExit) => void): () => void;
	/** Flow control: stop reading from the program while the emulator catches up. */
	pause(): void;
	resume(): void;
	kill(): void;
	/** Connection state for transports that can drop and come back (SSH); local PTYs omit it. */
	onStatus?(listener: (status: PaneConnectionStatus) => void): () => void;
	/** Retry a dropped connection now instead of waiting for the backoff (C-a r). */
	retryNow?(): void;
}

export interface PaneConnectionStatus {
	state: 'connecting' | 'connected' | 'disconnected' | 'failed';
	/** What the pane and its tab show, e.g. "disconnected — reconnecting in 4s". */
	text: string;
}

export interface PaneProcessSpec {
	cols: number;
	rows: number;
	/** TERM for the program; panes emulate xterm-256color. */
	term: string;
	cwd?: string;
	env?: Record<string, string>;
}

export interface PaneTarget {
	/** Host name from the config: a shell on that host. */
	host?: string;
	/** Command line for a local PTY; a login shell when neither is set. */
	command?: string;
}

/** compose.ts builds one of these from the transports; the pane manager only calls it. */
export type PaneProcessFactory = (target: PaneTarget, spec: PaneProcessSpec) => PaneProcess;
