// The session server's half of the features: it keeps the IPVS and interfaces data (tables, rates,
// history, stale/errors, interface facts), runs their pollers over ITS host connections while some
// attached client looks at a panel, and runs the commands and file changes an attached client's
// actions ask for (exec, read/write/stat a file) on those same connections. So an attached UI opens
// no SSH connection of its own, and a reattach shows the last table at once with its history going
// on. Plain data and services only: no React, Ink or yoga here (the server never loads them).
import {Buffer} from 'node:buffer';
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import type {HostTransports} from '../services/host-transports.js';
import {IpvsPoller} from '../services/ipvs-poller.js';
import {InterfacesPoller} from '../services/interfaces-poller.js';
import {initialIpvs, namesFromConfig, type IpvsData} from '../store/ipvs-slice.js';
import {initialInterfaces, type InterfacesData} from '../store/interfaces-slice.js';
import {sharedFeaturesProjector, type SharedFeatures} from '../store/shared-features.js';
import type {CommandRunner} from '../transports/command-runner.js';
import type {FeatureRequest, SessionServices} from './protocol.js';
import type {SharedState} from './session-server.js';

/** Past this, a relayed command's output is cut (and the command killed), as a local runner's limit would. */
export const MAX_RELAYED_OUTPUT = 64 * 1024 * 1024;

type Answer = {ok: true; value?: unknown} | {ok: false; error: string};

const refuse = (error: string): Answer => ({ok: false, error});
const done = (value?: unknown): Answer => ({ok: true, value});

export interface ServerFeaturesOptions {
	config: ClusterConfig;
	transports: Pick<HostTransports, 'get'> & {warnings?: string[]};
	log?: (line: string) => void;
}

export class ServerFeatures implements SharedState, SessionServices {
	private ipvs: IpvsData;
	private interfaces: InterfacesData;
	private readonly project: (ipvs: IpvsData, interfaces: InterfacesData) => SharedFeatures;
	private readonly listeners = new Set<() => void>();
	private readonly ipvsPoller: IpvsPoller;
	private readonly interfacesPoller: InterfacesPoller;
	/** Clients that show something needing fresh data; pollers run while this is not empty. */
	private readonly watching = new Set<number>();
	private polling = false;
	/** Relayed commands under way, by client and the client's exec number, for 'cancel'. */
	private readonly running = new Map<string, AbortController>();
	private readonly readOnly: boolean;
	private lastProjection: SharedFeatures | null = null;
	private state: Record<string, unknown> = {};

	constructor(private readonly options: ServerFeaturesOptions) {
		const {config} = options;
		this.readOnly = config.options.readOnly;
		this.ipvs = initialIpvs([config.director.name], namesFromConfig(config));
		this.interfaces = initialInterfaces(config);
		this.project = sharedFeaturesProjector(this.readOnly, () => options.transports.warnings ?? []);
		const runnerOf = (name: string): CommandRunner =>
			options.transports.get(name)?.runner ?? {host: name, exec: () => Promise.reject(new Error(`${name}: no transport for this host`))};
		const director = runnerOf(config.director.name);
		this.ipvsPoller = new IpvsPoller({
			runner: director,
			publish: reduce => this.update(() => (this.ipvs = reduce(this.ipvs))),
			intervalMs: config.options.pollIntervalMs,
		});
		this.interfacesPoller = new InterfacesPoller({
			director,
			realServers: config.realServers.map(rs => runnerOf(rs.name)),
			publish: reduce => this.update(() => (this.interfaces = reduce(this.interfaces))),
			intervalMs: config.options.pollIntervalMs,
		});
	}

	/**
	 * The shared data plus the session's own config (constant, so it travels once, in the attach
	 * snapshot): a client reattaching without --config still works on the session's hosts and VIPs.
	 */
	get(): Record<string, unknown> {
		const projection = this.project(this.ipvs, this.interfaces);
		if (projection !== this.lastProjection) {
			this.lastProjection = projection;
			this.state = {...projection, config: this.options.config};
		}
		return this.state;
	}

	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** True while the pollers run (some client looks). */
	get isPolling(): boolean {
		return this.polling;
	}

	/** Stop polling and cancel relayed commands (the session ends). */
	stop(): void {
		this.watching.clear();
		this.follow();
		for (const controller of this.running.values()) controller.abort();
		this.running.clear();
	}

	clientGone(clientId: number): void {
		if (this.watching.delete(clientId)) this.follow();
		// Commands a gone client started run to their end (stopping one halfway could leave a host
		// half-changed); their answers have nowhere to go and are dropped.
	}

	async handle(request: FeatureRequest, clientId: number): Promise<Answer> {
		switch (request.op) {
			case 'polling':
				if (request.wanted === true) this.watching.add(clientId);
				else this.watching.delete(clientId);
				this.follow();
				return done();
			case 'refresh': {
				if (request.feature === 'ipvs') await this.ipvsPoller.refreshNow();
				else if (request.feature === 'interfaces') await this.interfacesPoller.refreshNow();
				else return refuse(`refresh: unknown feature '${String(request.feature)}'`);
				// The state patch goes out on setImmediate (session-server.ts); answer after it, so the
				// client's store holds the new data when its refresh resolves.
				await new Promise(resolve => setImmediate(resolve));
				return done();
			}
			case 'exec':
				return this.exec(request, clientId);
			case 'cancel':
				this.running.get(`${clientId}:${request.execId}`)?.abort();
				return done();
			case 'read-file': {
				const files = this.filesOf(request.host, request.path);
				if (typeof files === 'string') return refuse(files);
				return attempt(async () => ({base64: Buffer.from(await files.readFile(request.path)).toString('base64')}));
			}
			case 'stat': {
				const files = this.filesOf(request.host, request.path);
				if (typeof files === 'string') return refuse(files);
				return attempt(() => files.stat(request.path));
			}
			case 'write-file': {
				if (this.readOnly) return refuse(`the session was started with --read-only: not writing ${request.host}:${String(request.path)}`);
				const files = this.filesOf(request.host, request.path);
				if (typeof files === 'string') return refuse(files);
				if (typeof request.base64 !== 'string') return refuse('write-file: the content must be base64 text');
				if (request.mode !== undefined && !(Number.isInteger(request.mode) && request.mode >= 0 && request.mode <= 0o7777)) {
					return refuse('write-file: mode must be a file mode (0-07777)');
				}
				const data = Buffer.from(request.base64, 'base64');
				return attempt(async () => {
					await files.writeFileAtomic(request.path, data, request.mode);
					return undefined;
				});
			}
			default:
				return refuse(`unknown request '${String((request as {op?: unknown}).op)}'`);
		}
	}

	private follow(): void {
		const wanted = this.watching.size > 0;
		if (wanted === this.polling) return;
		this.polling = wanted;
		this.options.log?.(wanted ? 'polling IPVS and interfaces (a client shows them)' : 'polling stopped (no client shows the panels)');
		if (wanted) {
			this.ipvsPoller.start();
			this.interfacesPoller.start();
		} else {
			this.ipvsPoller.stop();
			this.interfacesPoller.stop();
		}
	}

	private update(apply: () => void): void {
		const before = this.get();
		apply();
		if (this.get() === before) return;
		for (const listener of this.listeners) listener();
	}

	private filesOf(host: unknown, path: unknown) {
		if (typeof host !== 'string' || typeof path !== 'string' || path === '') return 'a file request needs a host name and a path';
		const transport = this.options.transports.get(host);
		return transport ? transport.files : `no host '${host}' in the session's config`;
	}

	private async exec(request: Extract<FeatureRequest, {op: 'exec'}>, clientId: number): Promise<Answer> {
		if (typeof request.host !== 'string' || typeof request.command !== 'string' || !Number.isInteger(request.execId)) {
			return refuse('exec needs a host, a command and an exec number');
		}
		const positive = (n: unknown) => n === undefined || (typeof n === 'number' && Number.isFinite(n) && n > 0);
		if (!positive(request.timeoutMs) || !positive(request.maxOutputBytes)) return refuse('exec: timeoutMs and maxOutputBytes must be positive numbers');
		if (request.stdinBase64 !== undefined && typeof request.stdinBase64 !== 'string') return refuse('exec: stdin must be base64 text');
		const transport = this.options.transports.get(request.host);
		if (!transport) return refuse(`no host '${request.host}' in the session's config`);
		const key = `${clientId}:${request.execId}`;
		const controller = new AbortController();
		this.running.set(key, controller);
		try {
			const result = await transport.runner.exec(request.command, {
				signal: controller.signal,
				maxOutputBytes: Math.min(request.maxOutputBytes ?? MAX_RELAYED_OUTPUT, MAX_RELAYED_OUTPUT),
				...(request.timeoutMs !== undefined ? {timeoutMs: request.timeoutMs} : {}),
				...(request.stdinBase64 !== undefined ? {stdin: Buffer.from(request.stdinBase64, 'base64')} : {}),
			});
			return done(result);
		} catch (error) {
			return refuse(error instanceof Error ? error.message : String(error));
		} finally {
			this.running.delete(key);
		}
	}
}

async function attempt(run: () => Promise<unknown>): Promise<Answer> {
	try {
		return done(await run());
	} catch (error) {
		return refuse(error instanceof Error ? error.message : String(error));
	}
}
