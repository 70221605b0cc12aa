// V8 settings applied at run time by the app process (source/runtime-memory.ts), checked in a fresh
// node process each (a test worker's heap has grown already): the young generation stays at the
// limit while a program allocates, and grows to V8's default without one; a requested collection runs.
import {describe, expect, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const MODULE = fileURLToPath(new URL('../../dist/runtime-memory.js', import.meta.url));

function run(limitMb: number): {young: number; collections: number} {
	if (!existsSync(MODULE)) throw new Error(`${MODULE} is missing: run npm run build first`);
	// Allocates in chunks between event-loop turns, as pane output arrives.
	const script = `
		import {collectSoon, enableQuietCollection, limitYoungGeneration, youngGenerationMb} from ${JSON.stringify(MODULE)};
		import * as memory from ${JSON.stringify(MODULE)};
		limitYoungGeneration(${limitMb});
		enableQuietCollection();
		let keep = [];
		for (let chunk = 0; chunk < 300; chunk++) {
			for (let i = 0; i < 20000; i++) { keep.push({i, s: 'x' + i}); if (keep.length > 50000) keep = []; }
			await new Promise(resolve => setImmediate(resolve));
		}
		collectSoon(0);
		await new Promise(resolve => setTimeout(resolve, 50));
		process.stdout.write(JSON.stringify({young: youngGenerationMb(), collections: memory.quietCollections}));
	`;
	return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8', timeout: 60_000}));
}

describe('runtime memory settings', () => {
	it('keeps the young generation at the limit while a program allocates', () => {
		const limited = run(4);
		expect(limited.young).toBeLessThanOrEqual(8);
		expect(limited.collections).toBe(1);
	});

	it('leaves V8 its default (16 MB semi-spaces) with 0', () => {
		expect(run(0).young).toBeGreaterThan(8);
	});
});
