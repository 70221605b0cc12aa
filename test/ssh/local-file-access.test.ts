// This machine's atomic writes (async for FileAccess, sync for state files): the file appears whole
// with its mode, replaces the old one, and no temp file is left behind, also when the write fails.
import {afterAll, describe, expect, it} from 'vitest';
import {mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {LocalFileAccess, writeFileAtomicSync} from '../../source/transports/local-file-access.js';

const dir = mkdtempSync(join(tmpdir(), 'lvst-atomic-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('atomic local writes', () => {
	it('sync: replaces the file with the given mode whatever the umask, leaving no temp file', () => {
		const path = join(dir, 'state.json');
		writeFileSync(path, 'old\n', {mode: 0o644});
		const before = process.umask(0o077);
		try {
			writeFileAtomicSync(path, '{"v":1}\n', 0o600);
			expect(statSync(path).mode & 0o777).toBe(0o600);
			process.umask(0o077);
			writeFileAtomicSync(join(dir, 'public.txt'), 'x', 0o644);
			expect(statSync(join(dir, 'public.txt')).mode & 0o777).toBe(0o644);
		} finally {
			process.umask(before);
		}
		expect(readFileSync(path, 'utf8')).toBe('{"v":1}\n');
		expect(readdirSync(dir).filter(n => n.endsWith('.tmp'))).toEqual([]);
	});

	it('sync: a directory that does not exist is an error and writes nothing', () => {
		expect(() => writeFileAtomicSync(join(dir, 'missing', 'f'), 'x')).toThrow(/ENOENT/);
		expect(readdirSync(dir).filter(n => n.endsWith('.tmp'))).toEqual([]);
	});

	it('async FileAccess: same contract, and stat reports the mode', async () => {
		const files = new LocalFileAccess('lb1');
		const path = join(dir, 'ks.cfg');
		await files.writeFileAtomic(path, 'rootpw --iscrypted x\n', 0o600);
		expect(readFileSync(path, 'utf8')).toBe('rootpw --iscrypted x\n');
		expect(await files.stat(path)).toEqual({mode: 0o600, size: 21, isDirectory: false});
		await expect(files.writeFileAtomic(join(dir, 'missing', 'f'), 'x')).rejects.toThrow(/ENOENT/);
		expect(readdirSync(dir).filter(n => n.endsWith('.tmp'))).toEqual([]);
		expect(files.host).toBe('lb1');
	});
});
