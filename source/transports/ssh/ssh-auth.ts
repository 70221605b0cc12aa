// Public-key authentication like ssh: the agent's keys (SSH_AUTH_SOCK) first, then identity files.
// A missing or too-open key file is skipped with OpenSSH's reason; an encrypted key asks the prompter
// for its passphrase (up to 3 tries), which is used once to decrypt and then dropped. When all fail,
// the message lists what was tried and why each was skipped.
import {readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';
import ssh2 from 'ssh2';
import type {AuthenticationType, ParsedKey} from 'ssh2';
import type {SshHop} from '../../domain/ssh/ssh-route.js';
import type {SshPrompter} from './ssh-prompter.js';

const {OpenSSHAgent, utils} = ssh2;

export const DEFAULT_IDENTITY_FILES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

export function expandHome(path: string, home: string): string {
	if (path === '~') return home;
	if (path.startsWith('~/')) return join(home, path.slice(2));
	return path;
}

/**
 * Keys decrypted with a passphrase, kept in memory for the life of the app (as ssh-agent would) so a
 * reconnect does not ask again. Keyed by path; the file's mtime and size detect a replaced key.
 * The passphrase itself is never kept.
 */
export class DecryptedKeyCache {
	private readonly keys = new Map<string, {stamp: string; key: ParsedKey}>();

	get(path: string, stamp: string): ParsedKey | undefined {
		const entry = this.keys.get(path);
		return entry && entry.stamp === stamp ? entry.key : undefined;
	}

	set(path: string, stamp: string, key: ParsedKey): void {
		this.keys.set(path, {stamp, key});
	}
}

export interface AuthPlanOptions {
	hop: SshHop;
	keyCache?: DecryptedKeyCache;
	home: string;
	/** Agent socket; undefined = no agent. */
	agentSocket?: string;
	prompter: SshPrompter;
	/** Called around prompts so connect timeouts do not count the time a person takes to answer. */
	onPromptStart?: () => void;
	onPromptEnd?: () => void;
}

type Method = {type: 'agent'; username: string; agent: string} | {type: 'publickey'; username: string; key: ParsedKey};
type NextAuth = (next: Method | false) => void;

/** Builds ssh2's authHandler and remembers what happened for the failure message. */
export class AuthPlan {
	/** Why keys were skipped or failed, in OpenSSH's words. */
	readonly notes: string[] = [];
	/** What was actually offered to the server. */
	readonly offered: string[] = [];
	private preparing: Promise<Method[]> | null = null;

	constructor(private readonly options: AuthPlanOptions) {}

	/** ssh2 `authHandler` (async form). */
	readonly handler = (_methodsLeft: AuthenticationType[] | null, _partial: boolean | null, next: NextAuth): void => {
		this.preparing ??= this.prepare();
		this.preparing.then(
			methods => {
				const method = methods.shift();
				if (!method) return next(false);
				this.offered.push(method.type === 'agent' ? `the agent's keys (${this.options.agentSocket})` : `key ${method.key.comment || method.key.type}`);
				next(method);
			},
			() => next(false),
		);
	};

	/** The "Permission denied" message for when every method failed. */
	failureMessage(target: string): string {
		const parts = [`Permission denied (publickey) for ${target}.`];
		if (this.offered.length) parts.push(`Offered: ${this.offered.join('; ')} — the server accepted none.`);
		else parts.push('No key to offer: set identityFile in the config, load a key into ssh-agent (ssh-add), or create ~/.ssh/id_ed25519.');
		parts.push(...this.notes);
		return parts.join(' ');
	}

	private async prepare(): Promise<Method[]> {
		const {hop, home, agentSocket} = this.options;
		const methods: Method[] = [];
		if (agentSocket && !hop.identitiesOnly) {
			const count = await agentKeyCount(agentSocket);
			if (typeof count === 'string') this.notes.push(`The agent at ${agentSocket} is not usable: ${count}.`);
			else if (count === 0) this.notes.push(`The agent at ${agentSocket} holds no keys (add one with ssh-add).`);
			else methods.push({type: 'agent', username: hop.user, agent: agentSocket});
		}
		const explicit = hop.identityFiles.map(f => expandHome(f, home));
		const files = explicit.length ? explicit : DEFAULT_IDENTITY_FILES.map(f => join(home, '.ssh', f));
		for (const file of files) {
			const key = await this.loadKey(file, explicit.length > 0);
			if (key) methods.push({type: 'publickey', username: hop.user, key});
		}
		return methods;
	}

	private async loadKey(path: string, explicit: boolean): Promise<ParsedKey | null> {
		let data: Buffer;
		let stamp = '';
		try {
			const st = await stat(path);
			stamp = `${st.mtimeMs}:${st.size}`;
			if (st.uid === process.getuid?.() && (st.mode & 0o077) !== 0) {
				const perms = (st.mode & 0o777).toString(8).padStart(4, '0');
				this.notes.push(`WARNING: UNPROTECTED PRIVATE KEY FILE! Permissions ${perms} for '${path}' are too open; it is required that your private key files are NOT accessible by others, so this key was ignored (fix: chmod 600 ${path}).`);
				return null;
			}
			data = await readFile(path);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT' && !explicit) return null;
			const why = code === 'ENOENT' ? 'No such file or directory' : code === 'EACCES' ? 'Permission denied' : (error as Error).message;
			this.notes.push(`Identity file ${path} not accessible: ${why}.`);
			return null;
		}
		const plain = utils.parseKey(data);
		if (!(plain instanceof Error)) return first(plain, path, this.notes);
		if (!/no passphrase given/i.test(plain.message)) {
			this.notes.push(`Load key "${path}": ${plain.message}.`);
			return null;
		}
		const cached = this.options.keyCache?.get(path, stamp);
		if (cached) return cached;
		for (let attempt = 1; attempt <= 3; attempt++) {
			let passphrase: string | null;
			this.options.onPromptStart?.();
			try {
				passphrase = await this.options.prompter.askPassphrase(path, attempt);
			} catch {
				passphrase = null;
			} finally {
				this.options.onPromptEnd?.();
			}
			if (passphrase === null) {
				this.notes.push(`No passphrase given for ${path}: key skipped.`);
				return null;
			}
			const decrypted = utils.parseKey(data, passphrase);
			passphrase = null;
			if (!(decrypted instanceof Error)) {
				const key = first(decrypted, path, this.notes);
				if (key) this.options.keyCache?.set(path, stamp, key);
				return key;
			}
		}
		this.notes.push(`Load key "${path}": incorrect passphrase supplied to decrypt private key.`);
		return null;
	}
}

function first(parsed: ParsedKey | ParsedKey[], path: string, notes: string[]): ParsedKey | null {
	const key = Array.isArray(parsed) ? parsed[0] : parsed;
	if (!key || !key.isPrivateKey()) {
		notes.push(`Load key "${path}": not a private key.`);
		return null;
	}
	// Name the key by its file in messages, whatever comment it carries.
	(key as {comment: string}).comment = path;
	return key;
}

/** How many keys the agent holds, or why it could not be asked. */
function agentKeyCount(socket: string): Promise<number | string> {
	return new Promise(resolve => {
		const timer = setTimeout(() => resolve('no answer within 5 s'), 5000);
		try {
			new OpenSSHAgent(socket).getIdentities((error, keys) => {
				clearTimeout(timer);
				if (error) resolve(error.message);
				else resolve(keys?.length ?? 0);
			});
		} catch (error) {
			clearTimeout(timer);
			resolve((error as Error).message);
		}
	});
}
