// The connections an add/remove-node run uses: the director (exec + files, over the pooled ssh2
// connection or this machine when the director is local) and the new node itself, reached like the
// other real servers (through the director for LVS-NAT), sharing that pooled director connection.
import type {ClusterConfig, HostConfig} from '../domain/config/cluster-config.js';
import {LocalCommandRunner} from '../transports/local-command-runner.js';
import {SftpFileAccess} from '../transports/ssh/sftp-file-access.js';
import {SshExecRunner} from '../transports/ssh/ssh-exec-runner.js';
import type {SshClient} from '../transports/ssh/ssh-connect.js';
import type {SshPrompter} from '../transports/ssh/ssh-prompter.js';
import {SshConnectionPool, clusterHosts, type SshHostConnection} from './ssh-connection-pool.js';
import {LocalFileAccess} from './wizard-local-files.js';
import type {WizardHost} from './wizard-runner.js';

export interface NodeSessionOptions {
	config: ClusterConfig;
	/** The node's SSH entry (nodeHostConfig), when the run talks to it. */
	node?: HostConfig;
	prompter?: SshPrompter;
	/** SSH connect timeout per attempt (a node still installing just does not answer). */
	connectTimeoutMs?: number;
}

export class NodeSession {
	private readonly pool: SshConnectionPool;
	readonly director: WizardHost;

	constructor(private readonly options: NodeSessionOptions) {
		const {config, node} = options;
		const hosts = clusterHosts(config).filter(h => h.name !== node?.name);
		if (node) hosts.push(node);
		this.pool = new SshConnectionPool({
			hosts,
			configFile: config.source,
			settings: {
				...(config.options.knownHostsFile ? {knownHostsFile: config.options.knownHostsFile} : {}),
				...(options.prompter ? {prompter: options.prompter} : {}),
				...(options.connectTimeoutMs ? {connectTimeoutMs: options.connectTimeoutMs} : {}),
			},
			// A node that is still installing is retried by the wait loop, not by the pool.
			backoffInitialMs: 0,
			backoffMaxMs: 0,
		});
		const d = config.director;
		if (d.transport === 'local') {
			this.director = {runner: new LocalCommandRunner(), files: new LocalFileAccess()};
		} else {
			const connection = this.pool.connection(d.name);
			this.director = {runner: new SshExecRunner(d.name, connection), files: new SftpFileAccess(d.name, connection)};
		}
	}

	get directorName(): string {
		return this.options.config.director.name;
	}

	/** The connected client of a host in the pool (a jump host for the key push). */
	client(name: string): Promise<SshClient> {
		return this.pool.connection(name).getClient();
	}

	get knownHostsFile(): string {
		return this.pool.settings.knownHostsFile;
	}

	/** The node's pooled connection (the wait step polls it until it answers). */
	nodeConnection(): SshHostConnection {
		if (!this.options.node) throw new Error('this run has no node connection');
		return this.pool.connection(this.options.node.name);
	}

	close(): void {
		this.pool.closeAll();
	}
}
