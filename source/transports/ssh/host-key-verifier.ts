// Checks a server's host key against known_hosts the way ssh does (StrictHostKeyChecking=ask):
// known → go on; changed or revoked → refuse with OpenSSH's warning naming file:line; unknown →
// ask the prompter with the SHA256 fingerprint and, on yes, append the key (file created 0600).
import {createHash, createHmac, randomBytes} from 'node:crypto';
import {mkdir, open, readFile} from 'node:fs/promises';
import {dirname} from 'node:path';
import {appError, type AppError} from '../../domain/result.js';
import {
	checkHostKey,
	formatHostKeyChanged,
	formatKnownHostsLine,
	keyTypeLabel,
	knownHostsName,
	knownKeyTypes,
	parseKnownHosts,
	type HashHostName,
	type KnownHostsFile,
} from '../../domain/ssh/known-hosts.js';
import type {SshPrompter} from './ssh-prompter.js';

export const hashHostName: HashHostName = (salt, name) =>
	createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');

/** A known_hosts line with the name hashed like `ssh-keygen -H` (random 20-byte salt, HMAC-SHA1). */
export function hashedKnownHostsLine(knownHostsName: string, keyType: string, key: string): string {
	const salt = randomBytes(20).toString('base64');
	return `|1|${salt}|${hashHostName(salt, knownHostsName)} ${keyType} ${key}`;
}

/** SHA256:base64-without-padding, exactly as `ssh` and `ssh-keygen -lf` print it. */
export function sha256Fingerprint(keyBlob: Uint8Array): string {
	return 'SHA256:' + createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '');
}

/** The key type named at the start of an SSH public key blob (string type, ...). */
export function keyBlobType(keyBlob: Buffer): string {
	if (keyBlob.length < 4) return 'unknown';
	const length = keyBlob.readUInt32BE(0);
	return keyBlob.subarray(4, 4 + length).toString('latin1');
}

async function loadKnownHosts(path: string): Promise<KnownHostsFile> {
	try {
		return parseKnownHosts(await readFile(path, 'utf8'));
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {entries: [], problems: []};
		throw error;
	}
}

/** Host key algorithms to prefer for a host: the types already recorded for it, as ssh does. */
export async function preferredHostKeyAlgorithms(knownHostsFile: string, hostName: string, port: number): Promise<string[]> {
	let file: KnownHostsFile;
	try {
		file = await loadKnownHosts(knownHostsFile);
	} catch {
		return [];
	}
	const algorithms: string[] = [];
	for (const type of knownKeyTypes(file, [knownHostsName(hostName, port)], hashHostName)) {
		// An RSA key is recorded as ssh-rsa but negotiated with SHA-2 signatures.
		if (type === 'ssh-rsa') algorithms.push('rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa');
		else algorithms.push(type);
	}
	return algorithms;
}

// One question at a time per process: two hosts' prompts never interleave and appends never race.
let queue: Promise<unknown> = Promise.resolve();
function serialised<T>(task: () => Promise<T>): Promise<T> {
	const next = queue.then(task, task);
	queue = next.catch(() => undefined);
	return next;
}

export interface VerifyHostKeyOptions {
	/** Config name of the host, for the question and messages. */
	host: string;
	hostName: string;
	port: number;
	keyBlob: Buffer;
	knownHostsFile: string;
	prompter: SshPrompter;
}

/** null when the key may be used; otherwise why not. */
export function verifyHostKey(options: VerifyHostKeyOptions): Promise<AppError | null> {
	return serialised(async () => {
		const {host, hostName, port, keyBlob, knownHostsFile} = options;
		const keyType = keyBlobType(keyBlob);
		const key = keyBlob.toString('base64');
		const name = knownHostsName(hostName, port);
		const fingerprint = sha256Fingerprint(keyBlob);
		let file: KnownHostsFile;
		try {
			file = await loadKnownHosts(knownHostsFile);
		} catch (error) {
			return appError('ssh.known-hosts', `cannot read ${knownHostsFile}: ${(error as Error).message}`, {where: {host}});
		}
		const status = checkHostKey(file, [name], keyType, key, hashHostName);
		if (status.status === 'known') return null;
		if (status.status === 'changed') {
			return appError('ssh.host-key-changed', `host key for ${name} has changed: refusing to connect`, {
				where: {file: knownHostsFile, line: status.entry.line, host},
				detail: formatHostKeyChanged({host: hostName, port, keyType, fingerprint, knownHostsFile, line: status.entry.line}),
			});
		}
		if (status.status === 'revoked') {
			return appError('ssh.host-key-revoked', `the ${keyTypeLabel(keyType)} host key of ${name} is marked @revoked in ${knownHostsFile}:${status.entry.line}: refusing to connect`, {
				where: {file: knownHostsFile, line: status.entry.line, host},
			});
		}
		const otherKnownKeys = status.otherTypes.map(e => `${knownHostsFile}:${e.line}`);
		const label = keyTypeLabel(keyType);
		const text = [
			`The authenticity of host '${name} (${hostName})' can't be established.`,
			`${label} key fingerprint is ${fingerprint}.`,
			otherKnownKeys.length
				? `This host is known with other key types (${status.otherTypes.map(e => keyTypeLabel(e.keyType)).join(', ')}) in ${otherKnownKeys.join(', ')}.`
				: 'This key is not known by any other names.',
			'Are you sure you want to continue connecting (yes/no)?',
		].join('\n');
		if (options.prompter.interactive === false) {
			return appError(
				'ssh.host-key-unknown',
				`host key of ${name} is not known (${label} ${fingerprint}) and there is no one to ask here: run 'lvs-tui ssh-check ${host}' on a terminal to check and accept it (it is recorded in ${knownHostsFile}), then try again`,
				{where: {host}},
			);
		}
		let accepted = false;
		try {
			accepted = await options.prompter.confirmHostKey({
				host,
				knownHostsName: name,
				keyType,
				keyTypeLabel: label,
				fingerprint,
				knownHostsFile,
				otherKnownKeys,
				text,
			});
		} catch (error) {
			return appError('ssh.host-key-rejected', `could not ask about the host key of ${name}: ${(error as Error).message}`, {where: {host}});
		}
		if (!accepted) {
			return appError('ssh.host-key-rejected', `host key of ${name} (${label} ${fingerprint}) not accepted: Host key verification failed.`, {where: {host}});
		}
		try {
			// A file whose names are hashed (Debian's ssh_config sets HashKnownHosts yes) gets a hashed line too.
			const hashed = file.entries.some(e => e.hosts.kind === 'hashed');
			await appendKnownHost(knownHostsFile, hashed ? hashedKnownHostsLine(name, keyType, key) : formatKnownHostsLine(hostName, port, keyType, key));
		} catch (error) {
			// The user said yes: connect, but say the key could not be recorded.
			return appError('ssh.known-hosts', `accepted the host key of ${name} but could not add it to ${knownHostsFile}: ${(error as Error).message}`, {where: {host}});
		}
		return null;
	});
}

/** Append one line, creating the file 0600 (and its directory 0700) like ssh does. */
export async function appendKnownHost(path: string, line: string): Promise<void> {
	await mkdir(dirname(path), {recursive: true, mode: 0o700});
	const handle = await open(path, 'a', 0o600);
	try {
		const {size} = await handle.stat();
		// Keep an unterminated last line from gluing itself to ours.
		let prefix = '';
		if (size > 0) {
			const last = Buffer.alloc(1);
			const fd = await open(path, 'r');
			try {
				await fd.read(last, 0, 1, size - 1);
			} finally {
				await fd.close();
			}
			if (last[0] !== 0x0a) prefix = '\n';
		}
		await handle.appendFile(prefix + line + '\n');
	} finally {
		await handle.close();
	}
}
