// Reads the real captures copied into test/fixtures/ipvs (from a Debian 6.1 kernel, ipvsadm 1.31).
import {readFileSync, readdirSync, existsSync} from 'node:fs';
import {join, dirname} from 'node:path';
import {fileURLToPath} from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'ipvs');

export interface Capture {
	stage: string;
	command: string;
	exitCode: number;
	file: string;
	stdout: string;
	stderr: string;
}

/** Every `fixture` row of every stage's MANIFEST.tsv. */
export function captures(): Capture[] {
	const out: Capture[] = [];
	for (const stage of readdirSync(FIXTURES).filter(d => existsSync(join(FIXTURES, d, 'MANIFEST.tsv')))) {
		for (const row of readFileSync(join(FIXTURES, stage, 'MANIFEST.tsv'), 'utf8').split('\n')) {
			const [kind, code, command, file] = row.split('\t');
			if (kind !== 'fixture' || !file) continue;
			const path = join(FIXTURES, stage, file);
			const errPath = path.replace(/\.txt$/, '.stderr');
			out.push({
				stage,
				command,
				exitCode: Number(code),
				file: `${stage}/${file}`,
				stdout: readFileSync(path, 'utf8'),
				stderr: existsSync(errPath) ? readFileSync(errPath, 'utf8') : '',
			});
		}
	}
	return out;
}

export function fixture(path: string): string {
	return readFileSync(join(FIXTURES, path), 'utf8');
}

/** The sections of ipvsadm-1.31-outputs.txt, keyed by the command after "### ". */
export function formatSamples(): Record<string, string> {
	const text = fixture('ipvsadm-1.31-outputs.txt');
	const out: Record<string, string> = {};
	for (const part of text.split(/^### /m).slice(1)) {
		const nl = part.indexOf('\n');
		out[part.slice(0, nl).trim()] = part.slice(nl + 1);
	}
	return out;
}
