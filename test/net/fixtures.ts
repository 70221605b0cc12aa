// Reads the real captures in test/fixtures/net/; the sample files hold several outputs, each
// after a `### command` header line.
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

export function fixture(name: string): string {
	return readFileSync(fileURLToPath(new URL(`../fixtures/net/${name}`, import.meta.url)), 'utf8');
}

/** The output printed under `### <header>` in a multi-sample fixture file. */
export function fixtureSection(name: string, header: string): string {
	const text = fixture(name);
	const start = text.indexOf(`### ${header}\n`);
	if (start < 0) throw new Error(`fixture ${name} has no section '### ${header}'`);
	const body = text.slice(start + header.length + 5);
	const end = body.indexOf('\n### ');
	return end < 0 ? body : body.slice(0, end + 1);
}
