// Runner and file access for each configured host, for the wizard commands: the SSH engineer's
// per-host transport (this machine, ssh2 exec + SFTP, or the system ssh), over one connection
// pool that honours ~/.ssh/config. The UI gets the same from compose.ts's host transports.
import type {ClusterConfig, HostConfig} from '../domain/config/cluster-config.js';
import {LocalCommandRunner} from '../transports/local-command-runner.js';
import {loadSshConfig} from '../transports/ssh/ssh-config-file.js';
import {SshConnectionPool, clusterHosts} from './ssh-connection-pool.js';
import {createHostTransport, type HostTransport} from './ssh-host-transport.js';
import {LocalFileAccess} from './wizard-local-files.js';
import type {WizardHost} from './wizard-runner.js';

export class WizardHosts {
	private pool: SshConnectionPool | null = null;
	private readonly transports = new Map<string, HostTransport>();
	private readonly local: WizardHost = {runner: new LocalCommandRunner(), files: new LocalFileAccess()};

	constructor(private readonly config: ClusterConfig) {}

	hostConfig(name: string): HostConfig | undefined {
		return clusterHosts(this.config).find(h => h.name === name);
	}

	/** 'local' is always this machine; other names must be configured hosts. */
	get(name: string): WizardHost | undefined {
		if (name === 'local') return this.local;
		const existing = this.transports.get(name);
		if (existing) return existing;
		const host = this.hostConfig(name);
		if (!host) return undefined;
		this.pool ??= new SshConnectionPool({
			hosts: clusterHosts(this.config),
			sshConfig: loadSshConfig().config,
			configFile: this.config.source,
			settings: this.config.options.knownHostsFile ? {knownHostsFile: this.config.options.knownHostsFile} : {},
		});
		const transport = createHostTransport(host, {cluster: this.config, pool: this.pool});
		this.transports.set(name, transport);
		return transport;
	}

	close(): void {
		for (const t of this.transports.values()) t.close();
		this.pool?.closeAll();
	}
}
