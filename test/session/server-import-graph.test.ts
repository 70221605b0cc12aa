// The session server hosts panes and feature data, never a UI: loading React, Ink or yoga there
// would cost ~60 MB and a second of start-up in a process that lives for weeks. Walks the built
// import graph of dist/session/server-main.js (static and dynamic imports) from the real files.
import {describe, expect, it} from 'vitest';
import {existsSync, readFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {missing, type Requirement} from '../helpers/requirements.js';

const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const ENTRY = join(DIST, 'session', 'server-main.js');
const built: Requirement = () => (existsSync(ENTRY) ? null : 'needs the build (npm run build)');

/** Every module the entry reaches: local files by path, packages by name. */
function importGraph(entry: string): {files: Set<string>; packages: Set<string>} {
	const files = new Set<string>();
	const packages = new Set<string>();
	const queue = [entry];
	while (queue.length > 0) {
		const file = queue.pop()!;
		if (files.has(file)) continue;
		files.add(file);
		const source = readFileSync(file, 'utf8');
		// import … from 'x' / export … from 'x' / import 'x' / import('x'); `import type` is gone after tsc.
		const specs = [
			...[...source.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"]/gm)].map(m => m[1]!),
			...[...source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)].map(m => m[1]!),
			...[...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map(m => m[1]!),
		];
		for (const spec of specs) {
			if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec));
			else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
		}
	}
	return {files, packages};
}

describe.skipIf(missing(built))('the session server import graph', () => {
	it('reaches the feature pollers but no React, Ink or yoga', () => {
		const {files, packages} = importGraph(ENTRY);
		// It does host the features (so this walk is the real one, not an empty graph)...
		expect([...files].some(f => f.endsWith(join('session', 'server-features.js')))).toBe(true);
		expect([...files].some(f => f.endsWith(join('services', 'ipvs-poller.js')))).toBe(true);
		expect(packages).toContain('ssh2');
		// ...and no UI library, nor any file of source/ui.
		for (const ui of ['react', 'ink', 'yoga-layout', 'yoga-wasm-web', 'react-reconciler']) expect(packages).not.toContain(ui);
		expect([...files].filter(f => f.includes(`${join(DIST, 'ui')}/`) || /\.jsx?$/.test(f) === false)).toEqual([]);
	});

	it('the same walk finds Ink and React from the UI composition (it can see them)', () => {
		const {packages} = importGraph(join(DIST, 'compose.js'));
		expect(packages).toContain('ink');
		expect(packages).toContain('react');
	});
});
