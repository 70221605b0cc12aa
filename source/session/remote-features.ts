// An attached UI's way to the hosts and the pollers: every command, file read/write and poll goes
// to the session server, which runs it on its own connections (server-features.ts). The UI then
// opens no SSH connection at all, asks no host-key question twice, and a weight change made here
// reaches the director over the connection the panes already use.
import {Buffer} from 'node:buffer';
import type {Result} from '../domain/result.js';
import type {FeatureHosts, RemoteFeatures} from '../compose.js';
import type {CommandRunner, ExecOptions, ExecResult, FileAccess} from '../transports/command-runner.js';
import type {IpvsFeedPoller} from '../ui/panels/ipvs-feature.js';
import {MAX_CLIENT_FRAME} from './protocol.js';

/**
 * Base64 text that fits in one client frame with room for the rest of the request: the server drops a
 * client whose frame is over its limit, so a bigger write is refused here, saying so.
 */
const MAX_RELAYED_BASE64 = MAX_CLIENT_FRAME - 64 * 1024;

function encodeForRelay(host: string, what: string, data: string | Uint8Array): string {
	const base64 = Buffer.from(data).toString('base64');
	if (base64.length > MAX_RELAYED_BASE64) {
		const limit = Math.floor((MAX_RELAYED_BASE64 * 3) / 4 / 1024);
		throw new Error(`${host}: ${what} is too big to send through the session (${Buffer.byteLength(data)} bytes; the limit is ${limit} KB)`);
	}
	return base64;
}

/** The request half of a SessionConnection. */
export interface FeatureChannel {
	request(message: Record<string, unknown>): Promise<Result<unknown, string>>;
}

function failure(host: string, error: string): Error {
	// Transport errors name the host, as a local runner's do.
	return new Error(error.startsWith(`${host}:`) ? error : `${host}: ${error}`);
}

export class RemoteCommandRunner implements CommandRunner {
	private static nextExecId = 1;

	constructor(
		private readonly channel: FeatureChannel,
		readonly host: string,
	) {}

	async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
		if (options.signal?.aborted) return {code: null, stdout: '', stderr: '', interrupted: 'cancelled'};
		const stdin = options.stdin === undefined ? {} : {stdinBase64: encodeForRelay(this.host, 'the input of a command', options.stdin)};
		const execId = RemoteCommandRunner.nextExecId++;
		const onAbort = () => void this.channel.request({op: 'cancel', execId});
		options.signal?.addEventListener('abort', onAbort, {once: true});
		try {
			const answer = await this.channel.request({
				op: 'exec',
				execId,
				host: this.host,
				command,
				...(options.timeoutMs !== undefined ? {timeoutMs: options.timeoutMs} : {}),
				...(options.maxOutputBytes !== undefined ? {maxOutputBytes: options.maxOutputBytes} : {}),
				...stdin,
			});
			if (!answer.ok) throw failure(this.host, answer.error);
			return answer.value as ExecResult;
		} finally {
			options.signal?.removeEventListener('abort', onAbort);
		}
	}
}

export class RemoteFileAccess implements FileAccess {
	constructor(
		private readonly channel: FeatureChannel,
		readonly host: string,
	) {}

	async readFile(path: string): Promise<Uint8Array> {
		const answer = await this.channel.request({op: 'read-file', host: this.host, path});
		if (!answer.ok) throw failure(this.host, answer.error);
		return new Uint8Array(Buffer.from((answer.value as {base64: string}).base64, 'base64'));
	}

	async writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
		const base64 = encodeForRelay(this.host, path, data);
		const answer = await this.channel.request({op: 'write-file', host: this.host, path, base64, ...(mode !== undefined ? {mode} : {})});
		if (!answer.ok) throw failure(this.host, answer.error);
	}

	async stat(path: string): Promise<{mode: number; size: number; isDirectory: boolean} | null> {
		const answer = await this.channel.request({op: 'stat', host: this.host, path});
		if (!answer.ok) throw failure(this.host, answer.error);
		return (answer.value ?? null) as {mode: number; size: number; isDirectory: boolean} | null;
	}
}

/**
 * RemoteFeatures for composeApp. `hosts` are the config's host names: a host the session's own
 * config lacks is refused by the server with a message naming it.
 */
export function remoteFeatures(channel: FeatureChannel, hosts: readonly string[], sshWarnings: readonly string[] = []): RemoteFeatures {
	const known = new Set([...hosts, 'local']);
	const byHost = new Map<string, {runner: CommandRunner; files: FileAccess}>();
	const featureHosts: FeatureHosts = {
		get: name => {
			if (!known.has(name)) return undefined;
			let access = byHost.get(name);
			if (!access) byHost.set(name, (access = {runner: new RemoteCommandRunner(channel, name), files: new RemoteFileAccess(channel, name)}));
			return access;
		},
		warnings: [...sshWarnings],
		close: () => undefined,
	};
	// One 'polling' wish per client: wanted while either feature's poller is started.
	const started = new Set<string>();
	let told: boolean | null = null;
	const tell = () => {
		const wanted = started.size > 0;
		if (wanted === told) return;
		told = wanted;
		void channel.request({op: 'polling', wanted});
	};
	const poller = (feature: 'ipvs' | 'interfaces'): IpvsFeedPoller => ({
		start: () => {
			started.add(feature);
			tell();
		},
		stop: () => {
			started.delete(feature);
			tell();
		},
		// Like IpvsPoller.refreshNow it never rejects: a failed poll shows as stale data, not as an error here.
		refreshNow: () => channel.request({op: 'refresh', feature}),
	});
	return {hosts: featureHosts, poller};
}
