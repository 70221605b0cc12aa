// Runner and file access for each configured host, for the wizard commands: this machine for
// transport 'local', the pooled ssh2 connection (exec + SFTP) otherwise. compose.ts's host factory
// does the same for the UI; the CLI commands only need this much.
import type {ClusterConfig, HostConfig} from '../domain/config/cluster-config.js';
import {LocalCommandRunner} from '../transports/local-command-runner.js';
import {SftpFileAccess} from '../transports/ssh/sftp-file-access.js';
import {SshExecRunner} from '../transports/ssh/ssh-exec-runner.js';
import {SshConnectionPool, clusterHosts} from './ssh-connection-pool.js';
import {LocalFileAccess} from './wizard-local-files.js';
import type {WizardHost} from './wizard-runner.js';

export class WizardHosts {
	private pool: SshConnectionPool | null = null;
	private readonly cache = new Map<string, WizardHost>();

	constructor(private readonly config: ClusterConfig) {}

	hostConfig(name: string): HostConfig | undefined {
		return clusterHosts(this.config).find(h => h.name === name);
	}

	get(name: string): WizardHost | undefined {
		const cached = this.cache.get(name);
		if (cached) return cached;
		let host: WizardHost;
		const config = this.hostConfig(name);
		if (name === 'local' || config?.transport === 'local') {
			host = {runner: new LocalCommandRunner(), files: new LocalFileAccess()};
		} else if (config) {
			this.pool ??= new SshConnectionPool({
				hosts: clusterHosts(this.config),
				configFile: this.config.source,
				settings: this.config.options.knownHostsFile ? {knownHostsFile: this.config.options.knownHostsFile} : undefined,
			});
			const connection = this.pool.connection(name);
			host = {runner: new SshExecRunner(name, connection), files: new SftpFileAccess(name, connection)};
		} else {
			return undefined;
		}
		this.cache.set(name, host);
		return host;
	}

	close(): void {
		this.pool?.closeAll();
	}
}
