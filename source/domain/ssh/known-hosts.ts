// known_hosts parsing and lookup, as OpenSSH does it: plain host lists with patterns, hashed
// `|1|salt|hash` names, `[host]:port` for non-22 ports, @revoked and @cert-authority markers,
// comments. Pure: the HMAC-SHA1 for hashed names is passed in by the transport.
import {matchPatternList} from './host-pattern.js';

export interface KnownHostEntry {
	/** 1-based line number in the file, for "Offending key in FILE:LINE". */
	line: number;
	marker?: 'revoked' | 'cert-authority';
	/** Plain host patterns (comma-separated field split), or a hashed name. */
	hosts: {kind: 'patterns'; patterns: string[]} | {kind: 'hashed'; salt: string; hash: string};
	keyType: string;
	/** Base64 public key blob, as written in the file. */
	key: string;
}

export interface KnownHostsProblem {
	line: number;
	message: string;
}

export interface KnownHostsFile {
	entries: KnownHostEntry[];
	/** Lines that could not be read (OpenSSH skips them too); reported, never fatal. */
	problems: KnownHostsProblem[];
}

/** HMAC-SHA1 keyed with the base64 salt over the host name, base64 result. Injected by the transport. */
export type HashHostName = (saltBase64: string, name: string) => string;

export function parseKnownHosts(text: string): KnownHostsFile {
	const entries: KnownHostEntry[] = [];
	const problems: KnownHostsProblem[] = [];
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const raw = lines[i].replace(/\r$/, '').trim();
		if (raw === '' || raw.startsWith('#')) continue;
		const fields = raw.split(/[ \t]+/);
		let marker: KnownHostEntry['marker'];
		if (fields[0].startsWith('@')) {
			const m = fields.shift()!;
			if (m === '@revoked') marker = 'revoked';
			else if (m === '@cert-authority') marker = 'cert-authority';
			else {
				problems.push({line: i + 1, message: `unknown marker ${m}`});
				continue;
			}
		}
		if (fields.length < 3) {
			problems.push({line: i + 1, message: 'expected "hosts keytype key"'});
			continue;
		}
		const [hostField, keyType, key] = fields;
		let hosts: KnownHostEntry['hosts'];
		if (hostField.startsWith('|1|')) {
			const parts = hostField.split('|');
			if (parts.length !== 4 || !parts[2] || !parts[3]) {
				problems.push({line: i + 1, message: 'malformed hashed host name'});
				continue;
			}
			hosts = {kind: 'hashed', salt: parts[2], hash: parts[3]};
		} else {
			hosts = {kind: 'patterns', patterns: hostField.split(',').filter(Boolean)};
		}
		if (!/^(ssh-|ecdsa-|sk-|rsa-)[A-Za-z0-9@.-]+$/.test(keyType)) {
			problems.push({line: i + 1, message: `unknown key type "${keyType}"`});
			continue;
		}
		if (!/^[A-Za-z0-9+/]{16,}={0,2}$/.test(key)) {
			problems.push({line: i + 1, message: 'key is not base64'});
			continue;
		}
		entries.push({line: i + 1, marker, hosts, keyType, key});
	}
	return {entries, problems};
}

/** The name known_hosts uses for a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
	return port === 22 ? host : `[${host}]:${port}`;
}

export function entryMatchesName(entry: KnownHostEntry, name: string, hashHostName: HashHostName): boolean {
	if (entry.hosts.kind === 'hashed') return hashHostName(entry.hosts.salt, name) === entry.hosts.hash;
	return matchPatternList(entry.hosts.patterns, name);
}

export type HostKeyStatus =
	| {status: 'known'; entry: KnownHostEntry}
	/** The host is recorded with a different key of the same type: refuse. */
	| {status: 'changed'; entry: KnownHostEntry}
	/** This very key is marked @revoked. */
	| {status: 'revoked'; entry: KnownHostEntry}
	/** Not recorded for this key type; `otherTypes` lists keys of other types recorded for the host. */
	| {status: 'unknown'; otherTypes: KnownHostEntry[]};

/**
 * Look up the key a server presented. `names` is what to look it up under, in order (the name the
 * user asked for, then its address), each already in knownHostsName() form.
 */
export function checkHostKey(
	file: KnownHostsFile,
	names: readonly string[],
	keyType: string,
	key: string,
	hashHostName: HashHostName,
): HostKeyStatus {
	const forHost = file.entries.filter(e => e.marker !== 'cert-authority' && names.some(n => entryMatchesName(e, n, hashHostName)));
	const revoked = file.entries.find(e => e.marker === 'revoked' && e.keyType === keyType && e.key === key);
	if (revoked) return {status: 'revoked', entry: revoked};
	const plain = forHost.filter(e => e.marker === undefined);
	const same = plain.find(e => e.keyType === keyType && e.key === key);
	if (same) return {status: 'known', entry: same};
	const changed = plain.find(e => e.keyType === keyType);
	if (changed) return {status: 'changed', entry: changed};
	return {status: 'unknown', otherTypes: plain};
}

/** Key types recorded for a host, so the client can prefer them when negotiating (as OpenSSH does). */
export function knownKeyTypes(file: KnownHostsFile, names: readonly string[], hashHostName: HashHostName): string[] {
	const types: string[] = [];
	for (const e of file.entries) {
		if (e.marker) continue;
		if (!names.some(n => entryMatchesName(e, n, hashHostName))) continue;
		if (!types.includes(e.keyType)) types.push(e.keyType);
	}
	return types;
}

export function formatKnownHostsLine(host: string, port: number, keyType: string, key: string): string {
	return `${knownHostsName(host, port)} ${keyType} ${key}`;
}

/** "ED25519", "RSA", "ECDSA" — the word OpenSSH uses in its messages. */
export function keyTypeLabel(keyType: string): string {
	if (keyType === 'ssh-ed25519') return 'ED25519';
	if (keyType === 'ssh-rsa' || keyType.startsWith('rsa-sha2')) return 'RSA';
	if (keyType.startsWith('ecdsa-')) return 'ECDSA';
	if (keyType === 'ssh-dss') return 'DSA';
	if (keyType.startsWith('sk-ssh-ed25519')) return 'ED25519-SK';
	if (keyType.startsWith('sk-ecdsa')) return 'ECDSA-SK';
	return keyType.toUpperCase();
}

/** OpenSSH's refusal for a changed key, naming the file:line to fix and the command that fixes it. */
export function formatHostKeyChanged(options: {
	host: string;
	port: number;
	keyType: string;
	fingerprint: string;
	knownHostsFile: string;
	line: number;
}): string {
	const label = keyTypeLabel(options.keyType);
	const name = knownHostsName(options.host, options.port);
	return [
		'@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
		'@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
		'@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
		'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!',
		'Someone could be eavesdropping on you right now (man-in-the-middle attack)!',
		'It is also possible that a host key has just been changed.',
		`The fingerprint for the ${label} key sent by the remote host is`,
		options.fingerprint + '.',
		'Please contact your system administrator.',
		`Add correct host key in ${options.knownHostsFile} to get rid of this message.`,
		`Offending ${label} key in ${options.knownHostsFile}:${options.line}`,
		'  remove with:',
		`  ssh-keygen -f "${options.knownHostsFile}" -R "${name}"`,
		`Host key for ${name} has changed and you have requested strict checking.`,
		'Host key verification failed.',
	].join('\n');
}
