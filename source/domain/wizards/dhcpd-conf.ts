// Reads just enough of an ISC dhcpd.conf to plan reservations: subnets (and their netmask),
// dynamic ranges, and host blocks with their exact position in the text so a removal cuts
// exactly that block and nothing else. Everything else is kept byte for byte.
import {appError, fail, ok, type Result} from '../result.js';
import {netmaskToPrefix, type Ipv4Network} from '../config/address.js';
import {ipv4ToNumber} from '../net/ip-address.js';

interface Token {
	text: string;
	kind: 'word' | 'string' | 'punct';
	line: number;
	start: number;
	end: number;
}

export interface DhcpSubnet {
	network: Ipv4Network;
	address: string;
	netmask: string;
	line: number;
}

export interface DhcpRange {
	low: number;
	high: number;
	text: string;
	line: number;
}

export interface DhcpHost {
	name: string;
	mac?: string;
	/** fixed-address values (IPs or DNS names) as written. */
	fixedAddresses: string[];
	line: number;
	/** Offsets of the block in the text: from `host` to the closing `}`. */
	start: number;
	end: number;
}

export interface DhcpdConf {
	text: string;
	subnets: DhcpSubnet[];
	ranges: DhcpRange[];
	hosts: DhcpHost[];
}

function tokenize(text: string, file: string): Result<Token[]> {
	const tokens: Token[] = [];
	let line = 1;
	let i = 0;
	while (i < text.length) {
		const ch = text[i];
		if (ch === '\n') {
			line++;
			i++;
		} else if (ch === ' ' || ch === '\t' || ch === '\r') {
			i++;
		} else if (ch === '#') {
			while (i < text.length && text[i] !== '\n') i++;
		} else if (ch === '"') {
			const start = i;
			const startLine = line;
			i++;
			while (i < text.length && text[i] !== '"') {
				if (text[i] === '\\') i++;
				if (text[i] === '\n') line++;
				i++;
			}
			if (i >= text.length) return fail(appError('dhcpd.syntax', 'unterminated string', {where: {file, line: startLine}}));
			i++;
			tokens.push({text: text.slice(start + 1, i - 1), kind: 'string', line: startLine, start, end: i});
		} else if (ch === '{' || ch === '}' || ch === ';' || ch === ',') {
			tokens.push({text: ch, kind: 'punct', line, start: i, end: i + 1});
			i++;
		} else {
			const start = i;
			while (i < text.length && !/[\s{};,"#]/.test(text[i])) i++;
			tokens.push({text: text.slice(start, i), kind: 'word', line, start, end: i});
		}
	}
	return ok(tokens);
}

/** Parse dhcpd.conf text; `file` only names the file in messages (file:line). */
export function parseDhcpdConf(text: string, file: string): Result<DhcpdConf> {
	const tokenized = tokenize(text, file);
	if (!tokenized.ok) return tokenized;
	const tokens = tokenized.value;
	const conf: DhcpdConf = {text, subnets: [], ranges: [], hosts: []};
	// A stack of open blocks: what kind each is, so `hardware`/`fixed-address` land in their host.
	const stack: {kind: string; host?: DhcpHost}[] = [];
	let statement: Token[] = [];
	for (const token of tokens) {
		if (token.kind === 'punct' && token.text === '{') {
			const head = statement[0]?.text.toLowerCase() ?? '';
			if (head === 'subnet') {
				const address = statement[1]?.text ?? '';
				const netmask = statement[3]?.text ?? '';
				const base = ipv4ToNumber(address);
				const prefix = netmaskToPrefix(netmask);
				if (statement[2]?.text !== 'netmask' || base === null || prefix === null) {
					return fail(appError('dhcpd.subnet', `cannot read the subnet declaration '${statement.map(t => t.text).join(' ')}'`, {where: {file, line: statement[0].line}}));
				}
				conf.subnets.push({network: {base, prefix}, address, netmask, line: statement[0].line});
				stack.push({kind: 'subnet'});
			} else if (head === 'host') {
				const name = statement[1]?.text;
				if (!name) return fail(appError('dhcpd.host', 'host declaration without a name', {where: {file, line: statement[0].line}}));
				const host: DhcpHost = {name, fixedAddresses: [], line: statement[0].line, start: statement[0].start, end: -1};
				conf.hosts.push(host);
				stack.push({kind: 'host', host});
			} else {
				stack.push({kind: head});
			}
			statement = [];
		} else if (token.kind === 'punct' && token.text === '}') {
			const block = stack.pop();
			if (!block) return fail(appError('dhcpd.syntax', "unexpected '}'", {where: {file, line: token.line}}));
			if (block.host) block.host.end = token.end;
			statement = [];
		} else if (token.kind === 'punct' && token.text === ';') {
			const head = statement[0]?.text.toLowerCase();
			const host = stack.at(-1)?.host;
			if (head === 'range') {
				const words = statement.slice(1).filter(t => t.text !== 'dynamic-bootp').map(t => t.text);
				const low = ipv4ToNumber(words[0] ?? '');
				const high = words[1] === undefined ? low : ipv4ToNumber(words[1]);
				if (low !== null && high !== null) conf.ranges.push({low: Math.min(low, high), high: Math.max(low, high), text: words.join(' '), line: statement[0].line});
			} else if (host && head === 'hardware' && statement[1]?.text.toLowerCase() === 'ethernet' && statement[2]) {
				host.mac = statement[2].text.toLowerCase();
			} else if (host && head === 'fixed-address') {
				host.fixedAddresses.push(...statement.slice(1).filter(t => t.text !== ',').map(t => t.text));
			}
			statement = [];
		} else {
			statement.push(token);
		}
	}
	if (stack.length > 0) return fail(appError('dhcpd.syntax', "a '{' block is not closed at the end of the file", {where: {file}}));
	return ok(conf);
}
