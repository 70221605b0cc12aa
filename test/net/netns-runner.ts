// A real CommandRunner whose commands run inside a network namespace: the project's
// LocalCommandRunner with `ip netns exec NS` in front (optionally as another user via setpriv, or
// with extra files in /etc through an overlay in a private mount namespace),
// so VipControl drives the real `ip` and `arping` of this host on a network the test made.
import {shellJoin} from '../../source/domain/shell-quote.js';
import type {CommandRunner, ExecOptions, ExecResult} from '../../source/transports/command-runner.js';
import {LocalCommandRunner} from '../../source/transports/local-command-runner.js';

export class NetnsRunner implements CommandRunner {
	private readonly local = new LocalCommandRunner();

	constructor(
		readonly host: string,
		private readonly netns: string,
		private readonly options: {asUser?: number; etcOverlay?: string} = {},
	) {}

	exec(command: string, options?: ExecOptions): Promise<ExecResult> {
		const {asUser, etcOverlay} = this.options;
		const user = asUser === undefined ? [] : ['setpriv', `--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', '--inh-caps=-all'];
		const inNs = shellJoin(['ip', 'netns', 'exec', this.netns, ...user, 'sh', '-c', command]);
		if (!etcOverlay) return this.local.exec(inNs, options);
		// Files under etcOverlay appear in /etc for this command only (a private mount namespace):
		// e.g. a keepalived.conf the host itself does not have.
		return this.local.exec(shellJoin(['unshare', '-m', 'sh', '-c', `mount -t overlay overlay -o ${shellJoin([`lowerdir=${etcOverlay}:/etc`])} /etc && exec ${inNs}`]), options);
	}
}
