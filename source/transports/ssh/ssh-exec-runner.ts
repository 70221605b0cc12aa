// CommandRunner over the host's pooled SSH connection: one exec channel per command, with stdout,
// stderr, exit code, stdin, timeout, cancel and an output cap. A command that never returns or
// prints without end is killed (its whole process group) and its channel closed; the connection
// stays up for the next command.
import {shellQuote} from '../../domain/shell-quote.js';
import type {CommandRunner, ExecOptions, ExecResult} from '../command-runner.js';
import {DEFAULT_MAX_OUTPUT_BYTES} from '../local-command-runner.js';
import type {SshClient} from './ssh-connect.js';
import type {SessionSlots} from './session-slots.js';

export interface SshClientSource {
	getClient(): Promise<SshClient>;
	/** Session-channel slots of the connection (pooled connections have them). */
	readonly sessions?: SessionSlots;
}

const REFUSED = /open failed|administratively prohibited|too many/i;

// sshd makes the command's shell a session leader, so its pid is also its process group. The first
// stdout line reports it (and is removed from the output) so a timeout can kill the whole group:
// OpenSSH refuses "signal" requests for root sessions ("session signalling requires privilege
// separation"), and closing a channel leaves `sleep 600` running.
const PID_MARKER = 'lvs-tui-pid:';

export function wrapCommand(command: string): string {
	return `printf '${PID_MARKER}%s\\n' "$$" && exec /bin/sh -c ${shellQuote(command)}`;
}

export class SshExecRunner implements CommandRunner {
	constructor(
		readonly host: string,
		private readonly connection: SshClientSource,
	) {}

	async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
		const cancelled: ExecResult = {code: null, stdout: '', stderr: '', interrupted: 'cancelled'};
		if (options.signal?.aborted) return cancelled;
		// The timeout covers waiting for a free channel too.
		const deadline = options.timeoutMs !== undefined && options.timeoutMs > 0 ? Date.now() + options.timeoutMs : undefined;
		for (let attempt = 1; ; attempt++) {
			const release = this.connection.sessions ? await this.connection.sessions.acquire({signal: options.signal, deadline}) : () => undefined;
			if (!release) return options.signal?.aborted ? cancelled : {code: null, stdout: '', stderr: '', interrupted: 'timeout'};
			try {
				const client = await this.connection.getClient();
				if (options.signal?.aborted) return cancelled;
				const remaining = deadline === undefined ? undefined : Math.max(1, deadline - Date.now());
				const result = await this.runOnce(client, command, {...options, timeoutMs: remaining});
				if (result !== 'refused') return result;
				// sshd's MaxSessions is lower than assumed: learn it and wait for a channel to free up.
				if (!this.connection.sessions || attempt >= 5) throw new Error(`${this.host}: cannot run a command: the server refused another session channel (sshd MaxSessions)`);
				this.connection.sessions.refused();
			} finally {
				release();
			}
		}
	}

	/** One exec channel; 'refused' when the server would not open it (too many sessions). */
	private runOnce(client: SshClient, command: string, options: ExecOptions): Promise<ExecResult | 'refused'> {
		const maxBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
		return new Promise((resolve, reject) => {
			let opened = false;
			try {
				client.exec(wrapCommand(command), (error, stream) => {
					opened = true;
					if (error) {
						if (REFUSED.test(error.message)) resolve('refused');
						else reject(new Error(`${this.host}: cannot run a command: ${error.message}`));
						return;
					}
					const out: Buffer[] = [];
					const err: Buffer[] = [];
					let bytes = 0;
					let interrupted: ExecResult['interrupted'];
					let exitCode: number | null | undefined;
					let finished = false;
					let timer: NodeJS.Timeout | undefined;
					let forceTimer: NodeJS.Timeout | undefined;
					let pid: number | null = null;
					let head: Buffer | null = Buffer.alloc(0); // stdout until the marker line is seen

					const finish = () => {
						if (finished) return;
						finished = true;
						if (timer) clearTimeout(timer);
						if (forceTimer) clearTimeout(forceTimer);
						options.signal?.removeEventListener('abort', onAbort);
						if (head && head.length) out.unshift(head); // no marker: keep what came
						if (!interrupted && exitCode === undefined) interrupted = 'disconnected';
						const result: ExecResult = {
							code: interrupted ? null : (exitCode ?? null),
							stdout: Buffer.concat(out).toString('utf8'),
							stderr: Buffer.concat(err).toString('utf8'),
						};
						if (interrupted) result.interrupted = interrupted;
						resolve(result);
					};
					const stop = (why: NonNullable<ExecResult['interrupted']>) => {
						if (interrupted || finished) return;
						interrupted = why;
						if (pid !== null) killGroup(client, pid);
						stream.close();
						// A channel on a dead connection may never report close: do not hang on it.
						forceTimer = setTimeout(finish, 3000);
					};
					const collect = (into: Buffer[], chunk: Buffer) => {
						if (interrupted) return;
						const room = maxBytes - bytes;
						if (chunk.length > room) {
							if (room > 0) into.push(chunk.subarray(0, room));
							bytes = maxBytes;
							stop('output-limit');
							return;
						}
						bytes += chunk.length;
						into.push(chunk);
					};
					const onAbort = () => stop('cancelled');

					stream.on('data', (chunk: Buffer) => {
						if (head) {
							head = Buffer.concat([head, chunk]);
							const newline = head.indexOf(0x0a);
							if (newline === -1 && head.length < 64) return;
							const line = head.subarray(0, newline === -1 ? 0 : newline).toString('latin1');
							let rest = head;
							if (line.startsWith(PID_MARKER)) {
								pid = Number(line.slice(PID_MARKER.length)) || null;
								rest = head.subarray(newline + 1);
								// A stop requested before the pid was known still kills the group.
								if (interrupted && pid !== null) killGroup(client, pid);
							}
							head = null;
							if (rest.length) collect(out, rest);
							return;
						}
						collect(out, chunk);
					});
					stream.stderr.on('data', (chunk: Buffer) => collect(err, chunk));
					stream.on('exit', (code: number | null) => {
						exitCode = typeof code === 'number' ? code : null;
					});
					stream.on('close', finish);
					stream.on('error', () => undefined);
					options.signal?.addEventListener('abort', onAbort, {once: true});
					if (options.timeoutMs !== undefined && options.timeoutMs > 0) timer = setTimeout(() => stop('timeout'), options.timeoutMs);
					if (options.stdin !== undefined) stream.end(options.stdin);
					else stream.end();
				});
			} catch (error) {
				if (!opened) reject(new Error(`${this.host}: cannot run a command: ${(error as Error).message}`));
			}
		});
	}
}

/** Kill the command's process group from a second channel on the same connection. */
function killGroup(client: SshClient, pid: number): void {
	try {
		client.exec(`kill -KILL -- -${pid} 2>/dev/null || kill -KILL ${pid}`, (error, stream) => {
			if (error) return;
			stream.on('error', () => undefined);
			stream.resume();
			stream.stderr.resume();
			stream.end();
		});
	} catch {
		// Connection gone: the command dies with it (SIGHUP).
	}
}
