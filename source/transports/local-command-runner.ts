// CommandRunner for this machine: `sh -c COMMAND` through child_process, with the same timeout,
// cancel, stdin and output-limit behaviour as the SSH runner, so services never care where they run.
import {spawn} from 'node:child_process';
import type {CommandRunner, ExecOptions, ExecResult} from './command-runner.js';
import {CappedOutput, DEFAULT_MAX_OUTPUT_BYTES} from './command-output.js';

export interface LocalCommandRunnerOptions {
	/** Shell used to run command lines; POSIX sh by default. */
	shell?: string;
	/** Extra environment for every command (merged over process.env). */
	env?: Record<string, string>;
	cwd?: string;
	/** The config's name for this machine (results and the store are keyed by it); 'local' by default. */
	host?: string;
}

export class LocalCommandRunner implements CommandRunner {
	readonly host: string;

	constructor(private readonly options: LocalCommandRunnerOptions = {}) {
		this.host = options.host ?? 'local';
	}

	exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
		const maxBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
		return new Promise((resolve, reject) => {
			if (options.signal?.aborted) {
				resolve({code: null, stdout: '', stderr: '', interrupted: 'cancelled'});
				return;
			}
			// detached: the command gets its own process group so a timeout kills its children too
			// (e.g. `sh -c 'sleep 100 | cat'`), not only the shell.
			const child = spawn(this.options.shell ?? '/bin/sh', ['-c', command], {
				cwd: this.options.cwd,
				env: this.options.env ? {...process.env, ...this.options.env} : process.env,
				stdio: ['pipe', 'pipe', 'pipe'],
				detached: true,
			});
			let interrupted: ExecResult['interrupted'];
			let timer: NodeJS.Timeout | undefined;

			const stop = (why: NonNullable<ExecResult['interrupted']>) => {
				if (interrupted) return;
				interrupted = why;
				killGroup(child.pid, 'SIGTERM');
				// A command that ignores SIGTERM still ends.
				setTimeout(() => killGroup(child.pid, 'SIGKILL'), 2000).unref();
			};
			const output = new CappedOutput(maxBytes, () => stop('output-limit'));
			child.stdout.on('data', (chunk: Buffer) => output.add('stdout', chunk));
			child.stderr.on('data', (chunk: Buffer) => output.add('stderr', chunk));

			const onAbort = () => stop('cancelled');
			options.signal?.addEventListener('abort', onAbort, {once: true});
			if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
				timer = setTimeout(() => stop('timeout'), options.timeoutMs);
			}

			child.on('error', error => {
				if (timer) clearTimeout(timer);
				options.signal?.removeEventListener('abort', onAbort);
				reject(new Error(`local: cannot run ${this.options.shell ?? '/bin/sh'}: ${error.message}`));
			});
			child.on('close', (code, signal) => {
				if (timer) clearTimeout(timer);
				options.signal?.removeEventListener('abort', onAbort);
				// Anything still running in the group (a background child holding no pipe) goes too.
				if (interrupted) killGroup(child.pid, 'SIGKILL');
				const result: ExecResult = {
					code: interrupted ? null : signal ? null : code,
					stdout: output.text('stdout'),
					stderr: output.text('stderr'),
				};
				if (interrupted) result.interrupted = interrupted;
				resolve(result);
			});

			// EPIPE when the command does not read its stdin is not an error of ours.
			child.stdin.on('error', () => {});
			if (options.stdin !== undefined) child.stdin.end(options.stdin);
			else child.stdin.end();
		});
	}
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
	if (!pid) return;
	try {
		process.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}
