// Every configured host's runner, files and shell over one SSH pool: the one way the UI, the session
// server, the CLI commands and the wizards reach a host. ssh2 hosts share the pool's connection per
// host (panes, exec and SFTP), openssh hosts run the system ssh, local hosts are this machine; the
// pool honours ~/.ssh/config and the config's known_hosts.
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import type {CommandRunner, FileAccess} from '../transports/command-runner.js';
import {LocalCommandRunner} from '../transports/local-command-runner.js';
import type {SshPrompter} from '../transports/ssh/ssh-prompter.js';
import {sshPoolForCluster, type ClusterPoolOptions, type SshConnectionPool} from './ssh-connection-pool.js';
import {createHostTransport, type HostTransport} from './ssh-host-transport.js';
import {LocalFileAccess} from '../transports/local-file-access.js';

export interface HostTransports {
	pool: SshConnectionPool;
	/** A configured (or extra) host by its config name; 'local' is this machine unless a host has that name. */
	get(host: string): HostTransport | undefined;
	/** Warnings from ~/.ssh/config (the UI shows the first in the status line, commands print them). */
	warnings: string[];
	/** Close every connection and OpenSSH master opened so far. */
	close(): void;
}

export type HostTransportsOptions = Omit<ClusterPoolOptions, 'prompter'>;

/** This machine as a host: what a wizard writes to when it is told to write locally. */
export function localHost(name = 'local'): {runner: CommandRunner; files: FileAccess} {
	return {runner: new LocalCommandRunner({host: name}), files: new LocalFileAccess(name)};
}

/**
 * Transports are made on first use, so a command that talks to one host never touches the others
 * (an openssh host's ControlMaster, a jump host's connection).
 */
export function createHostTransports(config: ClusterConfig, prompter?: SshPrompter, options: HostTransportsOptions = {}): HostTransports {
	const warnings: string[] = [];
	const pool = sshPoolForCluster(config, {
		...options,
		...(prompter ? {prompter} : {}),
		warn: w => {
			warnings.push(w);
			options.warn?.(w);
		},
	});
	const hosts = pool.options.hosts;
	const byHost = new Map<string, HostTransport>();
	let local: HostTransport | null = null;
	return {
		pool,
		get: name => {
			const existing = byHost.get(name);
			if (existing) return existing;
			const host = hosts.find(h => h.name === name);
			if (!host) {
				if (name !== 'local') return undefined;
				local ??= createHostTransport({name: 'local', transport: 'local'}, {cluster: config, pool});
				return local;
			}
			const transport = createHostTransport(host, {cluster: config, pool});
			byHost.set(name, transport);
			return transport;
		},
		warnings,
		close: () => {
			for (const t of byHost.values()) t.close();
			pool.closeAll();
		},
	};
}

