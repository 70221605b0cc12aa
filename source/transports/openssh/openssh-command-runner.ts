// CommandRunner through the system `ssh` (transport: openssh), reusing the host's ControlMaster.
// Same contract as the ssh2 runner: the command's own exit status; ssh's failures (255 before the
// command started) reject with an Error naming the host; a timed-out command's process group is
// killed on the host, not left running.
import type {Result} from '../../domain/result.js';
import {shellJoin} from '../../domain/shell-quote.js';
import type {CommandRunner, ExecOptions, ExecResult} from '../command-runner.js';
import {LocalCommandRunner} from '../local-command-runner.js';
import {wrapCommand} from '../ssh/ssh-exec-runner.js';

const MARKER = /^lvs-tui-pid:(\d+)\n/;

export class OpenSshCommandRunner implements CommandRunner {
	private readonly local = new LocalCommandRunner();

	/** `args` from openSshArgs() (options + destination). */
	constructor(
		readonly host: string,
		private readonly args: Result<string[]>,
	) {}

	async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
		if (!this.args.ok) throw new Error(`${this.host}: ${this.args.error.message}`);
		// BatchMode: exec never prompts (a pane is where an unknown host key gets accepted).
		const line = shellJoin(['ssh', '-T', '-o', 'BatchMode=yes', ...this.args.value, wrapCommand(command)]);
		const result = await this.local.exec(line, options);
		const marker = MARKER.exec(result.stdout);
		if (!marker) {
			if (result.interrupted) return {...result, stdout: ''};
			const why = result.stderr.trim().split('\n').pop() || `ssh exited with status ${result.code}`;
			throw new Error(`${this.host}: ${why}`);
		}
		const stdout = result.stdout.slice(marker[0].length);
		if (result.interrupted) {
			// The local ssh is gone; the remote command is not: kill its process group.
			const pid = marker[1];
			void this.local
				.exec(shellJoin(['ssh', '-T', '-o', 'BatchMode=yes', ...this.args.value, `kill -KILL -- -${pid} 2>/dev/null || kill -KILL ${pid}`]), {timeoutMs: 10_000})
				.catch(() => undefined);
		}
		return {...result, stdout};
	}
}
