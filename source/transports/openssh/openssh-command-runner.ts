// CommandRunner through the system `ssh` (transport: openssh), reusing the host's ControlMaster.
// Same contract as the ssh2 runner: the command's own exit status; ssh's failures (255 before the
// command started) reject with an Error naming the host; a timed-out or cancelled command's process
// group is killed on the host. (With a ControlMaster the master holds our pipes until the remote
// command ends, so killing the local ssh alone would never finish.)
import {spawn} from 'node:child_process';
import type {Result} from '../../domain/result.js';
import type {CommandRunner, ExecOptions, ExecResult} from '../command-runner.js';
import {CappedOutput, DEFAULT_MAX_OUTPUT_BYTES, PidLineReader, wrapCommand} from '../command-output.js';
import {SessionSlots} from '../ssh/session-slots.js';

// All runners for one destination share its ControlMaster, and so sshd's MaxSessions (10) with
// the panes. ssh falls back to a fresh connection when the master is refused; keeping exec to 6 at
// a time makes commands queue on the one connection instead of opening a storm of new ones.
const slotsByDestination = new Map<string, SessionSlots>();
const OPENSSH_EXEC_SLOTS = 6;

export class OpenSshCommandRunner implements CommandRunner {
	/** `args` from openSshArgs() (options + destination). */
	constructor(
		readonly host: string,
		private readonly args: Result<string[]>,
		private readonly sshPath = 'ssh',
	) {}

	async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
		if (!this.args.ok) throw new Error(`${this.host}: ${this.args.error.message}`);
		const key = this.args.value.join('\0');
		let slots = slotsByDestination.get(key);
		if (!slots) slotsByDestination.set(key, (slots = new SessionSlots(OPENSSH_EXEC_SLOTS)));
		const deadline = options.timeoutMs !== undefined && options.timeoutMs > 0 ? Date.now() + options.timeoutMs : undefined;
		const release = await slots.acquire({signal: options.signal, deadline});
		if (!release) return {code: null, stdout: '', stderr: '', interrupted: options.signal?.aborted ? 'cancelled' : 'timeout'};
		try {
			return await this.run(command, {...options, timeoutMs: deadline === undefined ? undefined : Math.max(1, deadline - Date.now())}, this.args.value);
		} finally {
			release();
		}
	}

	private run(command: string, options: ExecOptions, args: string[]): Promise<ExecResult> {
		if (options.signal?.aborted) return Promise.resolve({code: null, stdout: '', stderr: '', interrupted: 'cancelled'});
		const maxBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
		return new Promise((resolve, reject) => {
			// BatchMode: exec never prompts (a pane is where an unknown host key gets accepted).
			const child = spawn(this.sshPath, ['-T', '-o', 'BatchMode=yes', ...args, wrapCommand(command)], {stdio: ['pipe', 'pipe', 'pipe']});
			const pidLine = new PidLineReader();
			let interrupted: ExecResult['interrupted'];
			let done = false;
			let timer: NodeJS.Timeout | undefined;

			const killRemote = () => {
				const pid = pidLine.pid;
				if (!pid) return;
				const killer = spawn(this.sshPath, ['-T', '-o', 'BatchMode=yes', ...args, `kill -KILL -- -${pid} 2>/dev/null || kill -KILL ${pid}`], {stdio: 'ignore'});
				killer.on('error', () => undefined);
				setTimeout(() => killer.kill('SIGKILL'), 10_000).unref();
			};
			const stop = (why: NonNullable<ExecResult['interrupted']>) => {
				if (interrupted || done) return;
				interrupted = why;
				killRemote();
				child.kill('SIGTERM');
			};
			const output = new CappedOutput(maxBytes, () => stop('output-limit'));
			child.stdout.on('data', (chunk: Buffer) => {
				const waiting = pidLine.waiting;
				const data = pidLine.feed(chunk);
				// A stop requested before the pid was known still kills the remote group.
				if (waiting && !pidLine.waiting && interrupted) killRemote();
				if (data.length && !interrupted) output.add('stdout', data);
			});
			child.stderr.on('data', (chunk: Buffer) => {
				if (!interrupted) output.add('stderr', chunk);
			});
			const onAbort = () => stop('cancelled');
			options.signal?.addEventListener('abort', onAbort, {once: true});
			if (options.timeoutMs !== undefined && options.timeoutMs > 0) timer = setTimeout(() => stop('timeout'), options.timeoutMs);

			const finish = (code: number | null) => {
				if (done) return;
				done = true;
				if (timer) clearTimeout(timer);
				options.signal?.removeEventListener('abort', onAbort);
				const stderr = output.text('stderr');
				if (pidLine.pid === null && !interrupted) {
					// The remote command never started: this is ssh's own failure.
					const why = stderr.trim().split('\n').pop() || `ssh exited with status ${code}`;
					reject(new Error(`${this.host}: ${why}`));
					return;
				}
				const result: ExecResult = {code: interrupted ? null : code, stdout: output.text('stdout'), stderr};
				if (interrupted) result.interrupted = interrupted;
				resolve(result);
			};
			child.on('error', error => {
				if (timer) clearTimeout(timer);
				done = true;
				reject(new Error(`${this.host}: cannot run ${this.sshPath}: ${error.message}`));
			});
			child.on('exit', code => {
				// Output still in the pipes arrives before 'close'; after an interrupt don't wait for a
				// ControlMaster that may hold the pipes a little longer.
				if (interrupted) setTimeout(() => finish(null), 500).unref();
			});
			child.on('close', code => finish(code));
			child.stdin.on('error', () => undefined);
			if (options.stdin !== undefined) child.stdin.end(options.stdin);
			else child.stdin.end();
		});
	}
}
