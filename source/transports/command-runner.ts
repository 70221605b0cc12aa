// The one interface services use to run a command on a host: the SSH transport, the OpenSSH
// transport and the local runner all implement it, so a poller or a wizard never knows which.

export interface ExecOptions {
	/** Kill the command and report a timeout after this many milliseconds. */
	timeoutMs?: number;
	/** Bytes written to the command's stdin, then stdin is closed. */
	stdin?: string | Uint8Array;
	/** Cancel a running command. */
	signal?: AbortSignal;
	/** Stop collecting (and kill the command) past this many bytes of stdout+stderr. */
	maxOutputBytes?: number;
}

export interface ExecResult {
	/** Exit status; null when killed by a signal, a timeout or a cancel. */
	code: number | null;
	stdout: string;
	stderr: string;
	/** Why the command did not finish normally, when it didn't. */
	interrupted?: 'timeout' | 'cancelled' | 'output-limit' | 'disconnected';
}

export interface CommandRunner {
	/** The host this runs on, as named in the config ('local' for this machine). */
	readonly host: string;
	/** Run one shell command line (already quoted with shellJoin). Never throws for a remote failure: transport errors reject with an Error whose message names the host. */
	exec(command: string, options?: ExecOptions): Promise<ExecResult>;
}

export interface FileAccess {
	readonly host: string;
	readFile(path: string): Promise<Uint8Array>;
	/** Write to a temp file beside `path`, set the mode, then rename over it: never a half-written file. */
	writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): Promise<void>;
	stat(path: string): Promise<{mode: number; size: number; isDirectory: boolean} | null>;
}
