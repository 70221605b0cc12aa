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
}

export interface PaneProcessSpec {
	cols: number;
	rows: number;
	/** TERM for the program; panes emulate xterm-256color. */
	term: string;
	cwd?: string;
	env?: Record<string, string>;
}
