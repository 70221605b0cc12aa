// How a one-shot CLI command reaches the cluster's hosts: questions (unknown host keys, key
// passphrases) on the terminal when there is one, ~/.ssh/config warnings on stderr. Its own file so
// commands that never touch a host (ls, kill, import) do not load ssh2.
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import {createHostTransports, type HostTransports} from '../services/host-transports.js';
import type {SshPrompter} from '../transports/ssh/ssh-prompter.js';
import {commandPrompter} from '../transports/ssh/terminal-prompter.js';

/** A warning on the way (~/.ssh/config, keepalived owning a VIP): one line on stderr, the command goes on. */
export function printWarning(warning: string): void {
	process.stderr.write(`lvs-tui: warning: ${warning}\n`);
}

/** Every configured host's transports; the caller closes them when the command ends. */
export function commandHosts(config: ClusterConfig, prompter: SshPrompter = commandPrompter()): HostTransports {
	return createHostTransports(config, prompter, {warn: printWarning});
}
