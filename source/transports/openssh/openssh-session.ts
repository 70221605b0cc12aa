// Everything the openssh transport gives one host: a runner, file access and shell panes, all going
// through the system ssh and sharing its ControlMaster connection.
import type {HostConfig} from '../../domain/config/cluster-config.js';
import {fail, type Result} from '../../domain/result.js';
import {shellJoin} from '../../domain/shell-quote.js';
import type {PaneProcess, PaneProcessSpec} from '../pane-process.js';
import {LocalCommandRunner} from '../local-command-runner.js';
import {ensureControlDir, openSshArgs} from './openssh-args.js';
import {OpenSshCommandRunner} from './openssh-command-runner.js';
import {OpenSshFileAccess} from './openssh-file-access.js';
import {OpenSshPaneProcess} from './openssh-pane-process.js';

export interface OpenSshSessionOptions {
	hosts: readonly HostConfig[];
	knownHostsFile?: string;
	controlDir?: string;
	sshPath?: string;
}

export class OpenSshSession {
	readonly args: Result<string[]>;
	readonly runner: OpenSshCommandRunner;
	readonly files: OpenSshFileAccess;

	constructor(
		private readonly host: HostConfig,
		private readonly options: OpenSshSessionOptions,
	) {
		const dir = ensureControlDir(options.controlDir);
		this.args = dir.ok ? openSshArgs(host, {hosts: options.hosts, knownHostsFile: options.knownHostsFile, controlDir: dir.value}) : fail(dir.error);
		this.runner = new OpenSshCommandRunner(host.name, this.args, options.sshPath);
		this.files = new OpenSshFileAccess(host.name, this.runner);
	}

	openShell(spec: PaneProcessSpec): PaneProcess {
		if (!this.args.ok) {
			// Bad config (a jump loop, an unknown jump host): the pane shows why instead of running ssh.
			return failedPane(`${this.host.name}: ${this.args.error.message}`);
		}
		return new OpenSshPaneProcess({host: this.host.name, args: this.args.value, sshPath: this.options.sshPath}, spec);
	}

	/** Stop the ControlMaster (ends the shared connection once its panes are gone). */
	close(): void {
		if (!this.args.ok) return;
		void new LocalCommandRunner().exec(shellJoin(['ssh', '-O', 'exit', ...this.args.value]), {timeoutMs: 5000}).catch(() => undefined);
	}
}

/** A pane that only reports why it could not start. */
function failedPane(message: string): PaneProcess {
	const exitListeners = new Set<(exit: {code: number | null; message?: string}) => void>();
	queueMicrotask(() => {
		for (const l of exitListeners) l({code: null, message});
	});
	return {
		write: () => undefined,
		resize: () => undefined,
		onData: () => () => undefined,
		onExit: listener => {
			exitListeners.add(listener);
			return () => exitListeners.delete(listener);
		},
		pause: () => undefined,
		resume: () => undefined,
		kill: () => undefined,
	};
}
