// A real CommandRunner whose commands run inside a network namespace: the project's
// LocalCommandRunner with `ip netns exec NS` in front (optionally as another user via setpriv),
// so VipControl drives the real `ip` and `arping` of this host on a network the test made.
import {shellJoin} from '../../source/domain/shell-quote.js';
import type {CommandRunner, ExecOptions, ExecResult} from '../../source/transports/command-runner.js';
import {LocalCommandRunner} from '../../source/transports/local-command-runner.js';

export class NetnsRunner implements CommandRunner {
	private readonly local = new LocalCommandRunner();

	constructor(
		readonly host: string,
		private readonly netns: string,
		private readonly asUser?: number,
	) {}

	exec(command: string, options?: ExecOptions): Promise<ExecResult> {
		const user = this.asUser === undefined ? [] : ['setpriv', `--reuid=${this.asUser}`, `--regid=${this.asUser}`, '--clear-groups', '--inh-caps=-all'];
		return this.local.exec(shellJoin(['ip', 'netns', 'exec', this.netns, ...user, 'sh', '-c', command]), options);
	}
}
