// Opens one SSH connection along a route of hops: TCP (or a forwardOut channel through the previous
// hop, for jump hosts), handshake, host-key check, public-key auth. Every failure becomes an AppError
// that says which host and what to do; a connect timeout bounds the network part (time spent waiting
// for a person to answer a prompt does not count).
import {connect as tcpConnect, type Socket} from 'node:net';
import type {Duplex} from 'node:stream';
import ssh2 from 'ssh2';
import type {Client as ClientType, ConnectConfig} from 'ssh2';
import {appError, fail, ok, type AppError, type Result} from '../../domain/result.js';
import type {SshHop} from '../../domain/ssh/ssh-route.js';
import {AuthPlan, type DecryptedKeyCache} from './ssh-auth.js';
import {preferredHostKeyAlgorithms, verifyHostKey} from './host-key-verifier.js';
import type {SshPrompter} from './ssh-prompter.js';

const {Client} = ssh2;
export type SshClient = ClientType;

export interface SshConnectSettings {
	knownHostsFile: string;
	prompter: SshPrompter;
	home: string;
	/** ssh-agent socket; undefined for none. */
	agentSocket?: string;
	/** Decrypted identity keys shared by all connections, so reconnects do not ask again. */
	keyCache?: DecryptedKeyCache;
	/** TCP connect + handshake, not counting prompts. Default 10 s. */
	connectTimeoutMs?: number;
	/** Keepalive every N ms, drop after CountMax unanswered: 5 s × 2 detects a dead peer in ~15 s. */
	keepaliveIntervalMs?: number;
	keepaliveCountMax?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_KEEPALIVE_INTERVAL_MS = 5_000;
export const DEFAULT_KEEPALIVE_COUNT_MAX = 2;

/** Host key and auth problems need a person; retrying on a timer would not fix them. */
export function isPermanentSshError(error: AppError): boolean {
	return /^ssh\.(host-key|auth|proxyjump-loop|unknown-host|config|known-hosts|too-many-hops)/.test(error.code);
}

function where(hop: SshHop) {
	return `${hop.hostName}:${hop.port}`;
}

/** A TCP socket to the hop, or a direct-tcpip channel through `via`; bounded by the timeout. */
function openTransport(hop: SshHop, timeoutMs: number, via?: {client: SshClient; label: string}): Promise<Result<Duplex>> {
	return new Promise(resolve => {
		let settled = false;
		const settle = (result: Result<Duplex>) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve(result);
		};
		const through = via ? ` through ${via.label}` : '';
		const timer = setTimeout(() => {
			socket?.destroy();
			settle(fail(appError('ssh.timeout', `timed out connecting to ${where(hop)}${through} after ${Math.round(timeoutMs / 1000)} s`, {where: {host: hop.label}})));
		}, timeoutMs);
		let socket: Socket | undefined;
		if (via) {
			try {
				via.client.forwardOut('127.0.0.1', 0, hop.hostName, hop.port, (error, channel) => {
					if (error) {
						settle(fail(appError('ssh.jump', `${via.label} could not open a connection to ${where(hop)}: ${error.message}`, {where: {host: hop.label}})));
						return;
					}
					if (settled) channel.close();
					else settle(ok(channel));
				});
			} catch (error) {
				settle(fail(appError('ssh.jump', `${via.label} is not connected: ${(error as Error).message}`, {where: {host: hop.label}})));
			}
			return;
		}
		socket = tcpConnect({host: hop.hostName, port: hop.port});
		// Interactive traffic: without this, Nagle + delayed ACK add up to 200 ms per exec round trip.
		socket.setNoDelay(true);
		socket.once('connect', () => settle(ok(socket!)));
		socket.once('error', (error: NodeJS.ErrnoException) => settle(fail(socketError(hop, error))));
	});
}

function socketError(hop: SshHop, error: NodeJS.ErrnoException): AppError {
	const w = {where: {host: hop.label}};
	switch (error.code) {
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return appError('ssh.resolve', `could not resolve hostname ${hop.hostName}: Name or service not known`, w);
		case 'ECONNREFUSED':
			return appError('ssh.refused', `connect to host ${hop.hostName} port ${hop.port}: Connection refused (is sshd running there?)`, w);
		case 'EHOSTUNREACH':
			return appError('ssh.unreachable', `connect to host ${hop.hostName} port ${hop.port}: No route to host`, w);
		case 'ENETUNREACH':
			return appError('ssh.unreachable', `connect to host ${hop.hostName} port ${hop.port}: Network is unreachable`, w);
		case 'ECONNRESET':
			return appError('ssh.connect', `connection to ${where(hop)} reset by peer`, w);
		default:
			return appError('ssh.connect', `connect to ${where(hop)}: ${error.message}`, w);
	}
}

/** One hop: transport, handshake, host key, auth. */
export async function connectHop(hop: SshHop, settings: SshConnectSettings, via?: {client: SshClient; label: string}): Promise<Result<SshClient>> {
	const timeoutMs = settings.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
	const transport = await openTransport(hop, timeoutMs, via);
	if (!transport.ok) return transport;
	const sock = transport.value;
	const prefer = await preferredHostKeyAlgorithms(settings.knownHostsFile, hop.hostName, hop.port);

	return new Promise(resolve => {
		const client = new Client();
		let settled = false;
		let hostKeyError: AppError | null = null;
		let prompting = 0;
		let timer: NodeJS.Timeout | undefined;
		const agentNotes: string[] = [];

		const settle = (result: Result<SshClient>) => {
			if (settled) return;
			settled = true;
			if (timer) clearTimeout(timer);
			if (!result.ok) {
				client.end();
				sock.destroy();
			}
			resolve(result);
		};
		const arm = () => {
			if (timer) clearTimeout(timer);
			timer = setTimeout(() => {
				if (prompting > 0) return; // re-armed when the prompt ends
				settle(fail(appError('ssh.timeout', `timed out waiting for the SSH handshake with ${where(hop)} after ${Math.round(timeoutMs / 1000)} s`, {where: {host: hop.label}})));
			}, timeoutMs);
		};
		const promptStart = () => {
			prompting++;
			if (timer) clearTimeout(timer);
		};
		const promptEnd = () => {
			prompting--;
			if (prompting === 0 && !settled) arm();
		};

		const plan = new AuthPlan({
			hop,
			keyCache: settings.keyCache,
			home: settings.home,
			agentSocket: settings.agentSocket,
			prompter: settings.prompter,
			onPromptStart: promptStart,
			onPromptEnd: promptEnd,
		});

		client.on('ready', () => settle(ok(client)));
		client.on('error', (error: Error & {level?: string}) => {
			if (settled) return;
			if (error.level === 'agent') {
				agentNotes.push(`ssh-agent: ${error.message}.`);
				return;
			}
			if (hostKeyError) return settle(fail(hostKeyError));
			if (error.level === 'client-authentication') {
				plan.notes.push(...agentNotes);
				return settle(fail(appError('ssh.auth', plan.failureMessage(`${hop.user}@${where(hop)}`), {where: {host: hop.label}})));
			}
			if (error.level === 'client-timeout') {
				return settle(fail(appError('ssh.timeout', `${where(hop)}: ${error.message}`, {where: {host: hop.label}})));
			}
			const code = (error as NodeJS.ErrnoException).code;
			if (code) return settle(fail(socketError(hop, error as NodeJS.ErrnoException)));
			settle(fail(appError('ssh.connect', `${where(hop)}: ${error.message}`, {where: {host: hop.label}})));
		});
		client.on('close', () => {
			if (hostKeyError) return settle(fail(hostKeyError));
			settle(fail(appError('ssh.connect', `connection to ${where(hop)} closed during the SSH handshake${via ? ` (through ${via.label})` : ''}`, {where: {host: hop.label}})));
		});

		const config: ConnectConfig = {
			sock: sock as ConnectConfig['sock'],
			username: hop.user,
			authHandler: plan.handler as ConnectConfig['authHandler'],
			readyTimeout: 0,
			keepaliveInterval: settings.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_INTERVAL_MS,
			keepaliveCountMax: settings.keepaliveCountMax ?? DEFAULT_KEEPALIVE_COUNT_MAX,
			hostVerifier: ((key: Buffer, verify: (valid: boolean) => void) => {
				promptStart();
				verifyHostKey({host: hop.label, hostName: hop.hostName, port: hop.port, keyBlob: key, knownHostsFile: settings.knownHostsFile, prompter: settings.prompter}).then(
					error => {
						hostKeyError = error;
						promptEnd();
						verify(error === null);
					},
					(error: Error) => {
						hostKeyError = appError('ssh.known-hosts', `${hop.label}: host key check failed: ${error.message}`);
						promptEnd();
						verify(false);
					},
				);
			}) as unknown as ConnectConfig['hostVerifier'],
		};
		if (prefer.length) config.algorithms = {serverHostKey: {prepend: prefer} as never};
		arm();
		try {
			client.connect(config);
		} catch (error) {
			settle(fail(appError('ssh.connect', `${where(hop)}: ${(error as Error).message}`, {where: {host: hop.label}})));
		}
	});
}

export interface SshRouteConnection {
	client: SshClient;
	/** Clients of intermediate hops this connection owns (closed with it). */
	owned: SshClient[];
}

/**
 * Connect hop after hop, each through the previous one. `via` is an already-open connection (a
 * pooled jump host) to start from; hops this function opens itself are owned and closed together.
 */
export async function connectRoute(hops: SshHop[], settings: SshConnectSettings, via?: {client: SshClient; label: string}): Promise<Result<SshRouteConnection>> {
	const owned: SshClient[] = [];
	let previous = via;
	for (const hop of hops) {
		const result = await connectHop(hop, settings, previous);
		if (!result.ok) {
			for (const c of owned) c.end();
			return result;
		}
		owned.push(result.value);
		previous = {client: result.value, label: hop.label};
	}
	const client = owned.pop();
	if (!client) return fail(appError('ssh.config', 'no hop to connect to'));
	// Closing the final connection closes the jump connections it rode on, and vice versa.
	client.on('close', () => {
		for (const c of owned) c.end();
	});
	for (const c of owned) c.on('close', () => client.end());
	return ok({client, owned});
}
