// What the three CommandRunners (this machine, ssh2 exec, the system ssh) share about a command's
// output: stdout+stderr kept up to a byte cap, and, for the remote ones, the first stdout line that
// wrapCommand prints (the remote shell's pid, so a timeout can kill its whole process group).
import {shellQuote} from '../domain/shell-quote.js';

/** Default cap on stdout+stderr: a command that prints megabytes ends cleanly instead of eating memory. */
export const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** Collects stdout and stderr until maxBytes in all; past it keeps what fits and calls onLimit (once). */
export class CappedOutput {
	private readonly chunks = {stdout: [] as Buffer[], stderr: [] as Buffer[]};
	private bytes = 0;
	private full = false;

	constructor(
		private readonly maxBytes: number,
		private readonly onLimit: () => void,
	) {}

	add(stream: 'stdout' | 'stderr', chunk: Buffer): void {
		if (this.full) return;
		const room = this.maxBytes - this.bytes;
		if (chunk.length > room) {
			if (room > 0) this.chunks[stream].push(chunk.subarray(0, room));
			this.bytes = this.maxBytes;
			this.full = true;
			this.onLimit();
			return;
		}
		this.bytes += chunk.length;
		this.chunks[stream].push(chunk);
	}

	text(stream: 'stdout' | 'stderr'): string {
		return Buffer.concat(this.chunks[stream]).toString('utf8');
	}
}

// sshd makes the command's shell a session leader, so its pid is also its process group. The first
// stdout line reports it (and is removed from the output) so a timeout can kill the whole group:
// OpenSSH refuses "signal" requests for root sessions ("session signalling requires privilege
// separation"), and closing a channel leaves `sleep 600` running.
const PID_MARKER = 'lvs-tui-pid:';

export function wrapCommand(command: string): string {
	return `printf '${PID_MARKER}%s\\n' "$$" && exec /bin/sh -c ${shellQuote(command)}`;
}

const EMPTY = Buffer.alloc(0);

/** Takes wrapCommand's pid line off the front of a remote command's stdout. */
export class PidLineReader {
	/** The remote shell's pid once its line has come (null before, or when the line was not there). */
	pid: number | null = null;
	private head: Buffer | null = EMPTY;

	/** Still waiting for the first line. */
	get waiting(): boolean {
		return this.head !== null;
	}

	/** The part of `chunk` that is the command's own stdout (nothing while the first line is incomplete). */
	feed(chunk: Buffer): Buffer {
		if (!this.head) return chunk;
		const head = Buffer.concat([this.head, chunk]);
		const newline = head.indexOf(0x0a);
		if (newline === -1 && head.length < 64) {
			this.head = head;
			return EMPTY;
		}
		this.head = null;
		const line = head.subarray(0, Math.max(0, newline)).toString('latin1');
		if (!line.startsWith(PID_MARKER)) return head;
		this.pid = Number(line.slice(PID_MARKER.length)) || null;
		return head.subarray(newline + 1);
	}

	/** What came before the stream ended without a whole first line: the command's output after all. */
	rest(): Buffer {
		const head = this.head ?? EMPTY;
		this.head = null;
		return head;
	}
}
