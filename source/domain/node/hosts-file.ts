// Line-level edits of /etc/hosts that keep every other line (comments, spacing) exactly as it was.
// Adding is idempotent: the same address with the same name is "already there", not a duplicate.
import {type Result, ok, fail, appError} from '../result.js';

export interface HostsEntry {
	/** 1-based line number in the file. */
	line: number;
	address: string;
	names: string[];
}

export function parseHostsEntries(text: string): HostsEntry[] {
	const entries: HostsEntry[] = [];
	text.split('\n').forEach((raw, index) => {
		const content = raw.replace(/#.*/, '').trim();
		if (!content) return;
		const [address, ...names] = content.split(/\s+/);
		if (address && names.length > 0) entries.push({line: index + 1, address, names});
	});
	return entries;
}

export interface HostsEdit {
	text: string;
	/** False when the file already said exactly this: nothing to write. */
	changed: boolean;
}

/** Add `address name [aliases]`; refuses a name or address that another entry already uses. */
export function addHostsEntry(text: string, address: string, names: string[], file = '/etc/hosts'): Result<HostsEdit> {
	const entries = parseHostsEntries(text);
	const same = entries.find(e => e.address === address && names.every(n => e.names.includes(n)));
	if (same) return ok({text, changed: false});
	for (const e of entries) {
		const clash = names.find(n => e.names.includes(n));
		if (clash) {
			return fail(appError('hosts.name-in-use', `${clash} is already in ${file} as ${e.address}`, {where: {file, line: e.line}}));
		}
		if (e.address === address) {
			return fail(appError('hosts.address-in-use', `${address} is already in ${file} as ${e.names.join(' ')}`, {where: {file, line: e.line}}));
		}
	}
	const base = text === '' || text.endsWith('\n') ? text : text + '\n';
	return ok({text: `${base}${address}\t${names.join(' ')}\n`, changed: true});
}

/** Remove the entries for `name` (the whole line when it names nothing else, else just the name). */
export function removeHostsName(text: string, name: string): HostsEdit {
	let changed = false;
	const lines = text.split('\n').flatMap(raw => {
		const [content, comment = ''] = raw.split(/(?=#)/, 2) as [string, string?];
		const words = content.trim().split(/\s+/);
		if (words.length < 2 || !words.slice(1).includes(name)) return [raw];
		changed = true;
		const rest = words.slice(1).filter(n => n !== name);
		if (rest.length === 0) return [];
		return [`${words[0]}\t${rest.join(' ')}${comment ? ' ' + comment : ''}`];
	});
	return {text: lines.join('\n'), changed};
}

