// Reads ~/.ssh/config (or another file) for the pool. A missing file is normal; an unreadable one
// is reported and treated as empty, like a problem line inside it.
import {readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {parseSshConfig, type SshConfigFile} from '../../domain/ssh/ssh-config.js';

export function defaultSshConfigPath(home = homedir()): string {
	return join(home, '.ssh', 'config');
}

export function loadSshConfig(path = defaultSshConfigPath()): {config: SshConfigFile | null; warnings: string[]} {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') return {config: null, warnings: []};
		return {config: null, warnings: [`${path}: cannot read: ${(error as Error).message}`]};
	}
	const config = parseSshConfig(text, path);
	return {config, warnings: config.problems.map(p => `${path}:${p.line}: ${p.message}`)};
}
