// Which CommandRunner reaches a configured host for the interfaces poller and VIP control: this
// machine's shell for transport local, the host's pooled SSH connection otherwise (exec channels on
// the one connection the panes share). Runners carry the config name, which keys the store.
import type {ClusterConfig, HostConfig} from '../domain/config/cluster-config.js';
import type {CommandRunner, ExecOptions, ExecResult} from '../transports/command-runner.js';
import {LocalCommandRunner} from '../transports/local-command-runner.js';
import {SshExecRunner} from '../transports/ssh/ssh-exec-runner.js';
import type {SshConnectionPool} from './ssh-connection-pool.js';

/** The same runner under the config's host name (LocalCommandRunner calls itself 'local'). */
export function namedRunner(name: string, runner: CommandRunner): CommandRunner {
	return {
		host: name,
		exec: (command: string, options?: ExecOptions): Promise<ExecResult> => runner.exec(command, options),
	};
}

export function hostRunner(host: HostConfig, pool: SshConnectionPool | null, shell?: string): CommandRunner {
	if (host.transport === 'local') return namedRunner(host.name, new LocalCommandRunner(shell ? {shell} : {}));
	// Never fall back to running a remote host's commands here.
	if (!pool) throw new Error(`${host.name}: transport ${host.transport} needs an SSH connection pool`);
	// 'openssh' panes run the ssh binary; commands ride the pool's ssh2 connection, same host and route.
	return new SshExecRunner(host.name, pool.connection(host.name));
}

export function needsSsh(config: Pick<ClusterConfig, 'director' | 'realServers'>): boolean {
	return [config.director, ...config.realServers].some(h => h.transport !== 'local');
}
