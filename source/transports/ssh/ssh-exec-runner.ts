// CommandRunner over the host's pooled SSH connection: one exec channel per command, with stdout,
// stderr, exit code, stdin, timeout, cancel and an output cap. A command that never returns or
// prints without end is killed (its whole process group) and its channel closed; the connection
// stays up for the next command.
import type {CommandRunner, ExecOptions, ExecResult} from '../command-runner.js';
import {CappedOutput, DEFAULT_MAX_OUTPUT_BYTES, PidLineReader, wrapCommand} from '../command-output.js';
import type {SshClient} from './ssh-connect.js';
import {isSessionRefusal, MAX_REFUSED_ATTEMPTS, type SessionSlots} from './session-slots.js';

export interface SshClientSource {
	getClient(): Promise<SshClient>;
	/** Session-channel slots of the connection (pooled connections have them). */
	readonly sessions?: SessionSlots;
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
				if (!this.connection.sessions || attempt >= MAX_REFUSED_ATTEMPTS) throw new Error(`${this.host}: cannot run a command: the server refused another session channel (sshd MaxSessions)`);
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
						if (isSessionRefusal(error.message)) resolve('refused');
						else reject(new Error(`${this.host}: cannot run a command: ${error.message}`));
						return;
					}
					let interrupted: ExecResult['interrupted'];
					let exitCode: number | null | undefined;
					let finished = false;
					let timer: NodeJS.Timeout | undefined;
					let forceTimer: NodeJS.Timeout | undefined;
					const pidLine = new PidLineReader();

					const finish = () => {
						if (finished) return;
						finished = true;
						if (timer) clearTimeout(timer);
						if (forceTimer) clearTimeout(forceTimer);
						options.signal?.removeEventListener('abort', onAbort);
						output.add('stdout', pidLine.rest()); // no pid line: keep what came
						if (!interrupted && exitCode === undefined) interrupted = 'disconnected';
						const result: ExecResult = {
							code: interrupted ? null : (exitCode ?? null),
							stdout: output.text('stdout'),
							stderr: output.text('stderr'),
						};
						if (interrupted) result.interrupted = interrupted;
						resolve(result);
					};
					const stop = (why: NonNullable<ExecResult['interrupted']>) => {
						if (interrupted || finished) return;
						interrupted = why;
						if (pidLine.pid !== null) killGroup(client, pidLine.pid);
						stream.close();
						// A channel on a dead connection may never report close: do not hang on it.
						forceTimer = setTimeout(finish, 3000);
					};
					const output = new CappedOutput(maxBytes, () => stop('output-limit'));
					const onAbort = () => stop('cancelled');

					stream.on('data', (chunk: Buffer) => {
						const waiting = pidLine.waiting;
						const data = pidLine.feed(chunk);
						// A stop requested before the pid was known still kills the group.
						if (waiting && !pidLine.waiting && interrupted && pidLine.pid !== null) killGroup(client, pidLine.pid);
						if (data.length && !interrupted) output.add('stdout', data);
					});
					stream.stderr.on('data', (chunk: Buffer) => {
						if (!interrupted) output.add('stderr', chunk);
					});
					stream.on('exit', (code: number | null) => {
						exitCode = typeof code === 'number' ? code : null;
					});
					stream.on('close', finish);
					stream.on('error', () => undefined);
					options.signal?.addEventListener('abort', onAbort, {once: true});
					// A cancel while the channel was opening fired before this listener existed.
					if (options.signal?.aborted) stop('cancelled');
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
