// Reads a kickstart file against a profile (kickstart-profiles.ts) and lists every line the
// profile's installer would reject, with the line number, the way ksvalidator reports them.
import {PROFILES, type KickstartProfileId} from './kickstart-profiles.js';

export interface KickstartProblem {
	line: number;
	message: string;
}

/** Split a kickstart command line into words the way anaconda's shlex does (quotes group). */
export function kickstartWords(line: string): string[] {
	const words: string[] = [];
	let current = '';
	let quote: string | null = null;
	let inWord = false;
	for (const ch of line) {
		if (quote) {
			if (ch === quote) quote = null;
			else current += ch;
		} else if (ch === '"' || ch === "'") {
			quote = ch;
			inWord = true;
		} else if (ch === ' ' || ch === '\t') {
			if (inWord) words.push(current);
			current = '';
			inWord = false;
		} else if (ch === '#' && !inWord) {
			break;
		} else {
			current += ch;
			inWord = true;
		}
	}
	if (inWord) words.push(current);
	return words;
}

const SECTION_HEADERS = new Set(['%packages', '%post', '%pre', '%pre-install', '%onerror', '%traceback', '%addon', '%anaconda']);

export function checkKickstart(text: string, profileId: KickstartProfileId): KickstartProblem[] {
	const profile = PROFILES[profileId];
	const problems: KickstartProblem[] = [];
	const lines = text.split('\n');
	if (lines.at(-1) === '') lines.pop();
	let section: {name: string; line: number} | null = null;
	let unterminatedReported = false;
	lines.forEach((raw, index) => {
		const n = index + 1;
		const trimmed = raw.trim();
		const head = trimmed.split(/\s+/)[0];
		if (trimmed.startsWith('%')) {
			if (head === '%end') {
				if (!profile.sectionsEndWithEnd) problems.push({line: n, message: '%end is not known to this installer: a section ends where the next one starts'});
				else if (!section) problems.push({line: n, message: '%end without an open section'});
				section = null;
				return;
			}
			if (!SECTION_HEADERS.has(head)) {
				problems.push({line: n, message: `Unknown section: ${head}`});
				return;
			}
			if (section && profile.sectionsEndWithEnd && !unterminatedReported) {
				problems.push({line: n, message: `Section ${section.name} does not end with %end.`});
				// ksvalidator stops reading sections after this: the rest of the file is one error.
				unterminatedReported = true;
			}
			section = {name: head, line: n};
			return;
		}
		if (section || trimmed === '' || trimmed.startsWith('#')) return;
		const words = kickstartWords(trimmed);
		const command = words[0];
		const rejected = profile.rejected[command];
		if (rejected !== undefined) {
			problems.push({line: n, message: rejected});
			return;
		}
		const spec = profile.commands[command];
		if (!spec) {
			problems.push({line: n, message: `Unknown command: ${command}`});
			return;
		}
		if (!spec.options) return;
		const positional: string[] = [];
		for (let i = 1; i < words.length; i++) {
			const word = words[i];
			if (!word.startsWith('--')) {
				positional.push(word);
				continue;
			}
			const eq = word.indexOf('=');
			const name = word.slice(2, eq === -1 ? undefined : eq);
			const takesValue = spec.options[name];
			if (takesValue === undefined) {
				problems.push({line: n, message: `unrecognized arguments: ${word}`});
				continue;
			}
			if (takesValue && eq === -1) i++;
			if (!takesValue && eq !== -1) problems.push({line: n, message: `option --${name} takes no value`});
		}
		const [min, max] = spec.positional ?? [0, Infinity];
		if (positional.length > max) problems.push({line: n, message: `unrecognized arguments: ${positional.slice(max).join(' ')}`});
		else if (positional.length < min) problems.push({line: n, message: `the following arguments are required: <${command}>`});
	});
	if (section && profile.sectionsEndWithEnd && !unterminatedReported) {
		const open = section as {name: string; line: number};
		problems.push({line: lines.length, message: `Section ${open.name} does not end with %end.`});
	}
	return problems;
}
