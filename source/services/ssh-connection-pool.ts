// One SSH connection per configured host, shared by that host's shell panes, exec and SFTP.
// Connects lazily; a dropped connection that panes still use reconnects on its own with capped
// exponential backoff (1 s, 2 s, 4 s … 30 s); retryNow() skips the wait (C-a r). Host key and auth
// failures wait for retryNow() instead, since a timer would not fix them. Everything is async: a
// failing host never blocks another host or the UI. Hosts configured with `jump:` ride on the jump
// host's pooled connection.
import {homedir, userInfo} from 'node:os';
import {join} from 'node:path';
import {appError, type AppError} from '../domain/result.js';
import type {ClusterConfig, HostConfig} from '../domain/config/cluster-config.js';
import type {SshConfigFile} from '../domain/ssh/ssh-config.js';
import {resolveRoute} from '../domain/ssh/ssh-route.js';
import {connectRoute, isPermanentSshError, type SshClient, type SshConnectSettings} from '../transports/ssh/ssh-connect.js';
import {SshConnectionError} from '../transports/ssh/ssh-connection-error.js';
import {refusingPrompter, type SshPrompter} from '../transports/ssh/ssh-prompter.js';
import {SessionSlots} from '../transports/ssh/session-slots.js';
import {DecryptedKeyCache} from '../transports/ssh/ssh-auth.js';
import {defaultSshConfigPath, loadSshConfig} from '../transports/ssh/ssh-config-file.js';

export type SshConnectionState =
	| {state: 'idle'}
	| {state: 'connecting'}
	| {state: 'connected'}
	/** Lost or could not connect; tries again at retryAt (only while something retains it). */
	| {state: 'waiting'; error: AppError; retryAt: number; wasConnected: boolean}
	/** Needs a person (host key, auth, config): retryNow() tries again. */
	| {state: 'failed'; error: AppError}
	| {state: 'closed'};

export interface SshPoolOptions {
	hosts: readonly HostConfig[];
	sshConfig?: SshConfigFile | null;
	/** Cluster config file, for file:line in route errors. */
	configFile?: string | null;
	localUser?: string;
	settings?: Partial<SshConnectSettings>;
	backoffInitialMs?: number;
	backoffMaxMs?: number;
	/** Session channels per connection (sshd MaxSessions, default 10); learned lower if refused. */
	maxSessions?: number;
}

export function clusterHosts(cluster: ClusterConfig): HostConfig[] {
	return [cluster.director, ...cluster.realServers];
}

export interface ClusterPoolOptions {
	/** Who answers host-key and passphrase questions: the UI's dialogs, TerminalPrompter, or none. */
	prompter?: SshPrompter;
	/** ~/.ssh/config by default; null to ignore it. */
	sshConfigFile?: string | null;
	/** Told about lines of ~/.ssh/config lvs-tui does not follow (Match, Include, bad values). */
	warn?: (message: string) => void;
	/** Hosts not (yet) in the config, e.g. a node being added; replaces a configured host of the same name. */
	extraHosts?: readonly HostConfig[];
	/** Connect timeout per attempt. */
	connectTimeoutMs?: number;
	/** false: a failed connection waits for its user to try again (a node's wait loop) instead of the pool's backoff. */
	reconnect?: boolean;
}

/** The pool as the app and the CLI commands should build it: config hosts, ~/.ssh/config, known_hosts option. */
export function sshPoolForCluster(cluster: ClusterConfig, options: ClusterPoolOptions = {}): SshConnectionPool {
	const path = options.sshConfigFile === undefined ? defaultSshConfigPath() : options.sshConfigFile;
	let sshConfig: SshConfigFile | null = null;
	if (path) {
		const loaded = loadSshConfig(path);
		sshConfig = loaded.config;
		for (const w of loaded.warnings) options.warn?.(w);
	}
	const extra = options.extraHosts ?? [];
	return new SshConnectionPool({
		hosts: [...clusterHosts(cluster).filter(h => !extra.some(e => e.name === h.name)), ...extra],
		sshConfig,
		configFile: cluster.source,
		settings: {
			...(cluster.options.knownHostsFile ? {knownHostsFile: cluster.options.knownHostsFile} : {}),
			...(options.prompter ? {prompter: options.prompter} : {}),
			...(options.connectTimeoutMs ? {connectTimeoutMs: options.connectTimeoutMs} : {}),
		},
		...(options.reconnect === false ? {backoffInitialMs: 0, backoffMaxMs: 0} : {}),
	});
}

/** Wait before reconnect attempt n (1-based): 1 s, 2 s, 4 s … capped at 30 s. */
export function backoffDelay(failures: number, initialMs = 1000, maxMs = 30_000): number {
	return Math.min(initialMs * 2 ** Math.max(0, failures - 1), maxMs);
}

/** What panes and tabs show for a connection state. */
export function statusText(state: SshConnectionState, now = Date.now()): string {
	switch (state.state) {
		case 'idle':
			return 'not connected';
		case 'connecting':
			return 'connecting…';
		case 'connected':
			return 'connected';
		case 'waiting': {
			const seconds = Math.max(0, Math.ceil((state.retryAt - now) / 1000));
			return `${state.wasConnected ? 'disconnected' : 'cannot connect'} — reconnecting in ${seconds}s`;
		}
		case 'failed':
			return `failed: ${state.error.message} (C-a r retries)`;
		case 'closed':
			return 'closed';
	}
}

export class SshConnectionPool {
	private readonly connections = new Map<string, SshHostConnection>();
	readonly settings: SshConnectSettings;

	constructor(readonly options: SshPoolOptions) {
		const home = options.settings?.home ?? homedir();
		this.settings = {
			home,
			knownHostsFile: options.settings?.knownHostsFile ?? join(home, '.ssh', 'known_hosts'),
			prompter: options.settings?.prompter ?? refusingPrompter,
			agentSocket: options.settings && 'agentSocket' in options.settings ? options.settings.agentSocket : process.env.SSH_AUTH_SOCK || undefined,
			connectTimeoutMs: options.settings?.connectTimeoutMs,
			keepaliveIntervalMs: options.settings?.keepaliveIntervalMs,
			keepaliveCountMax: options.settings?.keepaliveCountMax,
			keyCache: options.settings?.keyCache ?? new DecryptedKeyCache(),
		};
	}

	/** The (lazy) connection for a configured host name. */
	connection(host: string): SshHostConnection {
		let connection = this.connections.get(host);
		if (!connection || connection.state.state === 'closed') {
			connection = new SshHostConnection(host, this);
			this.connections.set(host, connection);
		}
		return connection;
	}

	closeAll(): void {
		for (const c of this.connections.values()) c.close();
	}
}

export class SshHostConnection {
	private current: SshConnectionState = {state: 'idle'};
	private client: SshClient | null = null;
	private attempt: Promise<SshClient> | null = null;
	private failures = 0;
	private retainers = 0;
	private retryTimer: NodeJS.Timeout | undefined;
	private tickTimer: NodeJS.Timeout | undefined;
	private readonly listeners = new Set<(state: SshConnectionState) => void>();
	/** Shells, exec and SFTP channels share sshd's MaxSessions on this connection. */
	readonly sessions: SessionSlots;

	constructor(
		readonly host: string,
		private readonly pool: SshConnectionPool,
	) {
		this.sessions = new SessionSlots(pool.options.maxSessions);
	}

	get state(): SshConnectionState {
		return this.current;
	}

	onStatus(listener: (state: SshConnectionState) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Shell panes retain their connection: while retained, a drop reconnects on its own. */
	retain(): () => void {
		this.retainers++;
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.retainers--;
			if (this.retainers === 0) this.clearTimers();
		};
	}

	/** The connected client, connecting first if needed. Rejects with an SshConnectionError naming the host. */
	getClient(): Promise<SshClient> {
		const s = this.current;
		if (s.state === 'connected' && this.client) return Promise.resolve(this.client);
		if (s.state === 'closed') return Promise.reject(new SshConnectionError(this.host, appError('ssh.closed', 'connection closed', {where: {host: this.host}})));
		if (this.attempt) return this.attempt;
		if (s.state === 'failed') return Promise.reject(new SshConnectionError(this.host, s.error));
		if (s.state === 'waiting' && Date.now() < s.retryAt) {
			return Promise.reject(new SshConnectionError(this.host, {...s.error, message: `${statusText(s)} (${s.error.message})`}));
		}
		return this.connect();
	}

	/** Try now instead of waiting for the backoff or a person (C-a r). */
	retryNow(): void {
		if (this.current.state === 'closed' || this.current.state === 'connected' || this.attempt) return;
		this.clearTimers();
		this.connect().catch(() => {
			// The state change carries the error.
		});
	}

	close(): void {
		this.clearTimers();
		this.setState({state: 'closed'});
		this.client?.end();
		this.client = null;
	}

	private setState(state: SshConnectionState): void {
		this.current = state;
		for (const listener of [...this.listeners]) listener(state);
	}

	private clearTimers(): void {
		if (this.retryTimer) clearTimeout(this.retryTimer);
		if (this.tickTimer) clearInterval(this.tickTimer);
		this.retryTimer = undefined;
		this.tickTimer = undefined;
	}

	private connect(): Promise<SshClient> {
		this.setState({state: 'connecting'});
		const attempt = this.open().then(
			client => {
				this.attempt = null;
				if (this.current.state === 'closed') {
					client.end();
					throw new SshConnectionError(this.host, appError('ssh.closed', 'connection closed', {where: {host: this.host}}));
				}
				this.failures = 0;
				this.client = client;
				let lastError: string | undefined;
				client.on('error', (error: Error) => {
					lastError = error.message;
				});
				client.on('close', () => {
					if (this.client !== client) return;
					this.client = null;
					this.dropped(appError('ssh.disconnected', lastError ? `connection lost: ${lastError}` : 'connection closed by the remote host', {where: {host: this.host}}), true);
				});
				this.setState({state: 'connected'});
				return client;
			},
			(error: SshConnectionError) => {
				this.attempt = null;
				if (this.current.state !== 'closed') this.dropped(error.appError, false);
				throw error;
			},
		);
		this.attempt = attempt;
		return attempt;
	}

	private async open(): Promise<SshClient> {
		const {options, settings} = this.pool;
		const route = resolveRoute(this.host, {
			hosts: options.hosts,
			sshConfig: options.sshConfig ?? null,
			localUser: options.localUser ?? userInfo().username,
			configFile: options.configFile,
		});
		if (!route.ok) throw new SshConnectionError(this.host, route.error);
		const hops = route.value;
		// Ride on the nearest pooled jump host, if the route passes through one.
		let start = 0;
		let via: {client: SshClient; label: string} | undefined;
		for (let i = hops.length - 2; i >= 0; i--) {
			const jump = hops[i].clusterHost;
			if (!jump) continue;
			try {
				via = {client: await this.pool.connection(jump).getClient(), label: jump};
			} catch (error) {
				const e = (error as SshConnectionError).appError ?? appError('ssh.jump', String(error));
				throw new SshConnectionError(this.host, appError('ssh.jump', `jump host ${jump}: ${e.message}`, {where: {host: this.host}, detail: e.detail}));
			}
			start = i + 1;
			break;
		}
		const result = await connectRoute(hops.slice(start), settings, via);
		if (!result.ok) throw new SshConnectionError(this.host, result.error);
		return result.value.client;
	}

	private dropped(error: AppError, wasConnected: boolean): void {
		this.clearTimers();
		if (isPermanentSshError(error)) {
			this.setState({state: 'failed', error});
			return;
		}
		this.failures++;
		const delay = backoffDelay(this.failures, this.pool.options.backoffInitialMs, this.pool.options.backoffMaxMs);
		const retryAt = Date.now() + delay;
		this.setState({state: 'waiting', error, retryAt, wasConnected});
		if (this.retainers === 0) return; // nobody waits for it: the next use connects
		this.retryTimer = setTimeout(() => {
			this.clearTimers();
			this.connect().catch(() => undefined);
		}, delay);
		this.retryTimer.unref?.();
		// Re-announce the state every second so "reconnecting in Ns" counts down.
		this.tickTimer = setInterval(() => {
			if (this.current.state === 'waiting') this.setState(this.current);
		}, 1000);
		this.tickTimer.unref?.();
	}
}
