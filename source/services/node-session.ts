// The connections an add/remove-node run uses: the director (exec + files, over the pooled ssh2
// connection or this machine when the director is local) and the new node itself, reached like the
// other real servers (through the director for LVS-NAT), sharing that pooled director connection.
// Built on the app's one way to reach hosts (host-transports.ts), with the node as an extra host.
import type {ClusterConfig, HostConfig} from '../domain/config/cluster-config.js';
import type {SshClient} from '../transports/ssh/ssh-connect.js';
import type {SshPrompter} from '../transports/ssh/ssh-prompter.js';
import type {SshHostConnection} from './ssh-connection-pool.js';
import {createHostTransports, type HostTransports} from './host-transports.js';
import type {WizardHost} from './wizard-runner.js';

export interface NodeSessionOptions {
	config: ClusterConfig;
	/** The node's SSH entry (nodeHostConfig), when the run talks to it. */
	node?: HostConfig;
	prompter?: SshPrompter;
	/** SSH connect timeout per attempt (a node still installing just does not answer). */
	connectTimeoutMs?: number;
	/** Told about lines of ~/.ssh/config lvs-tui does not follow. */
	warn?: (message: string) => void;
}

export class NodeSession {
	private readonly hosts: HostTransports;
	readonly director: WizardHost;

	constructor(private readonly options: NodeSessionOptions) {
		const {config, node} = options;
		this.hosts = createHostTransports(config, options.prompter, {
			...(node ? {extraHosts: [node]} : {}),
			...(options.connectTimeoutMs ? {connectTimeoutMs: options.connectTimeoutMs} : {}),
			...(options.warn ? {warn: options.warn} : {}),
			// A node that is still installing is retried by the wait loop, not by the pool.
			reconnect: false,
		});
		this.director = this.hosts.get(config.director.name)!;
	}

	get directorName(): string {
		return this.options.config.director.name;
	}

	/** The connected client of a host in the pool (a jump host for the key push). */
	client(name: string): Promise<SshClient> {
		return this.hosts.pool.connection(name).getClient();
	}

	get knownHostsFile(): string {
		return this.hosts.pool.settings.knownHostsFile;
	}

	/** The node's pooled connection (the wait step polls it until it answers). */
	nodeConnection(): SshHostConnection {
		if (!this.options.node) throw new Error('this run has no node connection');
		return this.hosts.pool.connection(this.options.node.name);
	}

	close(): void {
		this.hosts.close();
	}
}
