// ~/.ssh/config, the parts lvs-tui honours: Host blocks (patterns with * ? and !negation), HostName,
// User, Port, IdentityFile, IdentitiesOnly, ProxyJump. First value wins, IdentityFile accumulates,
// exactly as ssh(1) reads it. Match and Include are reported, not evaluated.
import {matchPatternList} from './host-pattern.js';

export interface SshConfigOption {
	/** Lower-cased keyword. */
	key: string;
	value: string;
	line: number;
}

export interface SshConfigBlock {
	/** null for the options before the first Host line (they apply to every host). */
	patterns: string[] | null;
	line: number;
	options: SshConfigOption[];
}

export interface SshConfigFile {
	file: string;
	blocks: SshConfigBlock[];
	/** Things lvs-tui did not follow (Match, Include, bad ports): shown as warnings, never fatal. */
	problems: {line: number; message: string}[];
}

export interface SshConfigHostOptions {
	hostName?: string;
	user?: string;
	port?: number;
	identityFiles: string[];
	identitiesOnly?: boolean;
	/** Raw ProxyJump value ("none" already turned into undefined). */
	proxyJump?: string;
	/** Where each value came from, for messages ("~/.ssh/config:12"). */
	lines: Partial<Record<'hostName' | 'user' | 'port' | 'proxyJump', number>>;
}

/** Split a config line into words, honouring double quotes like OpenSSH's argv_split. */
function words(text: string): string[] | null {
	const out: string[] = [];
	let i = 0;
	while (i < text.length) {
		while (i < text.length && /[ \t]/.test(text[i])) i++;
		if (i >= text.length) break;
		let word = '';
		if (text[i] === '"') {
			const end = text.indexOf('"', i + 1);
			if (end === -1) return null;
			word = text.slice(i + 1, end);
			i = end + 1;
		} else {
			while (i < text.length && !/[ \t]/.test(text[i])) word += text[i++];
		}
		out.push(word);
	}
	return out;
}

const KNOWN = new Set(['hostname', 'user', 'port', 'identityfile', 'identitiesonly', 'proxyjump']);

export function parseSshConfig(text: string, file: string): SshConfigFile {
	const blocks: SshConfigBlock[] = [{patterns: null, line: 0, options: []}];
	const problems: SshConfigFile['problems'] = [];
	let skipping = false; // inside a Match block we cannot evaluate
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const lineNo = i + 1;
		const raw = lines[i].replace(/\r$/, '').trim();
		if (raw === '' || raw.startsWith('#')) continue;
		// "Key value", "Key=value" and "Key = value" are all valid.
		const m = /^([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(.*)$/.exec(raw);
		if (!m) {
			problems.push({line: lineNo, message: `cannot read "${raw}"`});
			continue;
		}
		const key = m[1].toLowerCase();
		const args = words(m[2]);
		if (!args) {
			problems.push({line: lineNo, message: 'unterminated quote'});
			continue;
		}
		if (key === 'host') {
			skipping = false;
			if (args.length === 0) problems.push({line: lineNo, message: 'Host without a pattern'});
			blocks.push({patterns: args, line: lineNo, options: []});
			continue;
		}
		if (key === 'match') {
			skipping = true;
			problems.push({line: lineNo, message: 'Match blocks are not evaluated by lvs-tui; their options are ignored'});
			continue;
		}
		if (key === 'include') {
			problems.push({line: lineNo, message: `Include ${m[2]} is not followed by lvs-tui`});
			continue;
		}
		if (skipping || !KNOWN.has(key)) continue;
		if (args.length === 0) {
			problems.push({line: lineNo, message: `${m[1]} needs a value`});
			continue;
		}
		const value = key === 'proxyjump' ? args.join('') : args[0];
		if (key === 'port' && !/^\d+$/.test(value)) {
			problems.push({line: lineNo, message: `bad port "${value}"`});
			continue;
		}
		blocks[blocks.length - 1].options.push({key, value, line: lineNo});
	}
	return {file, blocks, problems};
}

/** Options that apply to `alias` (the name typed after `ssh`), first value winning. */
export function resolveSshConfig(config: SshConfigFile | null, alias: string): SshConfigHostOptions {
	const result: SshConfigHostOptions = {identityFiles: [], lines: {}};
	if (!config) return result;
	let proxyJumpSeen = false;
	for (const block of config.blocks) {
		if (block.patterns !== null && !matchPatternList(block.patterns, alias)) continue;
		for (const o of block.options) {
			switch (o.key) {
				case 'hostname':
					if (result.hostName === undefined) {
						result.hostName = o.value.replace(/%h/g, alias).replace(/%%/g, '%');
						result.lines.hostName = o.line;
					}
					break;
				case 'user':
					if (result.user === undefined) {
						result.user = o.value;
						result.lines.user = o.line;
					}
					break;
				case 'port':
					if (result.port === undefined) {
						result.port = Number(o.value);
						result.lines.port = o.line;
					}
					break;
				case 'identityfile':
					if (!result.identityFiles.includes(o.value)) result.identityFiles.push(o.value);
					break;
				case 'identitiesonly':
					if (result.identitiesOnly === undefined) result.identitiesOnly = o.value.toLowerCase() === 'yes';
					break;
				case 'proxyjump':
					if (!proxyJumpSeen) {
						proxyJumpSeen = true;
						if (o.value.toLowerCase() !== 'none') {
							result.proxyJump = o.value;
							result.lines.proxyJump = o.line;
						}
					}
					break;
			}
		}
	}
	return result;
}

/** One ProxyJump element: `[user@]host[:port]` (IPv6 in brackets). */
export function parseJumpSpec(spec: string): {user?: string; host: string; port?: number} | null {
	let rest = spec.trim();
	if (rest.startsWith('ssh://')) rest = rest.slice(6);
	let user: string | undefined;
	const at = rest.lastIndexOf('@');
	if (at !== -1) {
		user = rest.slice(0, at);
		rest = rest.slice(at + 1);
	}
	let host = rest;
	let port: number | undefined;
	const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
	if (bracket) {
		host = bracket[1];
		port = bracket[2] ? Number(bracket[2]) : undefined;
	} else {
		const colon = rest.lastIndexOf(':');
		if (colon !== -1 && rest.indexOf(':') === colon) {
			host = rest.slice(0, colon);
			if (!/^\d+$/.test(rest.slice(colon + 1))) return null;
			port = Number(rest.slice(colon + 1));
		}
	}
	if (!host || (user !== undefined && !user)) return null;
	return {user, host, port};
}
