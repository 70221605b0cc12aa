// When a new node answers on SSH but refuses the admin's key (it was installed without the
// kickstart, or by hand), log in ONCE with a password the admin types and append the admin's public
// key to that user's ~/.ssh/authorized_keys, so every later connection uses the key. The password
// is used for that one login and never stored or logged; the host key must already be known (it
// was checked on the attempt that failed).
import ssh2 from 'ssh2';
import type {Client as ClientType, ConnectConfig} from 'ssh2';
import type {Duplex} from 'node:stream';
import type {HostConfig} from '../domain/config/cluster-config.js';
import {appError, fail, ok, type Result} from '../domain/result.js';
import {shellQuote} from '../domain/shell-quote.js';
import {verifyHostKey} from '../transports/ssh/host-key-verifier.js';
import {refusingPrompter} from '../transports/ssh/ssh-prompter.js';
import type {AuditLog} from './audit-log.js';
import type {NodeSession} from './node-session.js';

const {Client} = ssh2;

export interface KeyPushOptions {
	session: NodeSession;
	node: HostConfig;
	password: string;
	publicKey: string;
	knownHostsFile: string;
	audit: AuditLog;
	timeoutMs?: number;
}

/** The command that adds the key once (never twice), with the modes sshd insists on. */
export function appendKeyCommand(publicKey: string): string {
	const key = shellQuote(publicKey.trim());
	return `umask 077 && mkdir -p "$HOME/.ssh" && touch "$HOME/.ssh/authorized_keys" && chmod 700 "$HOME/.ssh" && chmod 600 "$HOME/.ssh/authorized_keys" && { grep -qxF ${key} "$HOME/.ssh/authorized_keys" || printf '%s\\n' ${key} >> "$HOME/.ssh/authorized_keys"; }`;
}

function transport(options: KeyPushOptions, host: string, port: number): Promise<Result<Duplex | undefined>> {
	const jump = options.node.jump;
	if (!jump) return Promise.resolve(ok(undefined));
	return options.session.client(jump).then(
		client =>
			new Promise(resolve => {
				client.forwardOut('127.0.0.1', 0, host, port, (error, channel) => {
					if (error) resolve(fail(appError('node.key-push', `${jump} could not open a connection to ${host}:${port}: ${error.message}`, {where: {host: options.node.name}})));
					else resolve(ok(channel));
				});
			}),
		(error: Error) => fail(appError('node.key-push', `jump host ${jump}: ${error.message}`, {where: {host: options.node.name}})),
	);
}

export async function pushAdminKey(options: KeyPushOptions): Promise<Result<void>> {
	const {node} = options;
	const host = node.host ?? node.name;
	const port = node.port ?? 22;
	const user = node.user ?? 'root';
	const where = {host: node.name};
	const sock = await transport(options, host, port);
	if (!sock.ok) return sock;
	const client: ClientType = new Client();
	const connected = await new Promise<Result<void>>(resolve => {
		const timer = setTimeout(() => {
			client.end();
			resolve(fail(appError('node.key-push', `timed out logging in to ${user}@${host} with the password`, {where})));
		}, options.timeoutMs ?? 30_000);
		client.once('ready', () => {
			clearTimeout(timer);
			resolve(ok(undefined));
		});
		client.once('error', (error: Error & {level?: string}) => {
			clearTimeout(timer);
			const why = error.level === 'client-authentication' ? `the password for ${user}@${host} was not accepted (or the server allows no password logins)` : error.message;
			resolve(fail(appError('node.key-push', why, {where})));
		});
		const config: ConnectConfig = {
			host,
			port,
			username: user,
			password: options.password,
			tryKeyboard: true,
			readyTimeout: options.timeoutMs ?? 30_000,
			hostVerifier: ((key: Buffer, verify: (valid: boolean) => void) => {
				verifyHostKey({host: node.name, hostName: host, port, keyBlob: key, knownHostsFile: options.knownHostsFile, prompter: refusingPrompter}).then(
					error => verify(error === null),
					() => verify(false),
				);
			}) as unknown as ConnectConfig['hostVerifier'],
		};
		if (sock.value) config.sock = sock.value as ConnectConfig['sock'];
		// keyboard-interactive (PAM) asks for the same password.
		client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => options.password)));
		client.connect(config);
	});
	if (!connected.ok) return connected;
	const command = appendKeyCommand(options.publicKey);
	const described = `append the admin's public key to ~${user}/.ssh/authorized_keys (one password login)`;
	try {
		const result = await new Promise<{code: number | null; stderr: string}>((resolve, reject) => {
			client.exec(command, (error, stream) => {
				if (error) return reject(error);
				let stderr = '';
				stream.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
				stream.on('data', () => undefined);
				stream.on('close', (code: number | null) => resolve({code, stderr}));
			});
		});
		options.audit.record({host: node.name, command: described, exitCode: result.code, ...(result.code === 0 ? {} : {error: result.stderr.trim() || 'failed'}), source: 'node.add'});
		if (result.code !== 0) return fail(appError('node.key-push', `could not add the key on ${node.name}`, {where, detail: result.stderr.trim()}));
		return ok(undefined);
	} catch (error) {
		options.audit.record({host: node.name, command: described, exitCode: null, error: (error as Error).message, source: 'node.add'});
		return fail(appError('node.key-push', `could not add the key on ${node.name}: ${(error as Error).message}`, {where}));
	} finally {
		client.end();
	}
}
