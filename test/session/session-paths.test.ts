import {afterAll, describe, expect, it} from 'vitest';
import {chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {checkSocketDir, ensureSocketDir, validateSessionName} from '../../source/session/session-paths.js';

const root = mkdtempSync(join(tmpdir(), 'lvs-session-paths-'));
afterAll(() => rmSync(root, {recursive: true, force: true}));

describe('socket directory', () => {
	it('creates a missing directory with mode 0700', () => {
		const dir = join(root, 'fresh');
		const result = ensureSocketDir(dir);
		expect(result.ok).toBe(true);
		expect(statSync(dir).mode & 0o777).toBe(0o700);
	});

	it('refuses a directory others can enter, saying the mode and the fix', () => {
		const dir = join(root, 'open');
		mkdirSync(dir);
		chmodSync(dir, 0o755);
		const result = ensureSocketDir(dir);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.error.code).toBe('session.dir-unsafe');
			expect(result.error.message).toContain('0755');
			expect(result.error.message).toContain(`chmod 700 ${dir}`);
		}
	});

	it('refuses a directory owned by another uid', () => {
		const dir = join(root, 'theirs');
		mkdirSync(dir, {mode: 0o700});
		const me = process.getuid!();
		if (me === 0) chownSync(dir, 65534, 65534);
		const result = checkSocketDir(dir, me === 0 ? 0 : me + 1);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.error.message).toMatch(/belongs to uid \d+, not to you/);
	});

	it('refuses a symbolic link and a plain file', () => {
		const real = join(root, 'real');
		mkdirSync(real, {mode: 0o700});
		const link = join(root, 'link');
		symlinkSync(real, link);
		const linked = ensureSocketDir(link);
		expect(linked.ok).toBe(false);
		if (!linked.ok) expect(linked.error.message).toContain('symbolic link');
	});

	it('refuses a path too long for a Unix socket', () => {
		const dir = join(root, 'd'.repeat(90));
		const result = ensureSocketDir(dir);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.error.message).toContain('too long for a Unix socket');
	});
});

describe('session names', () => {
	it('accepts screen-like names and refuses paths and dot-files', () => {
		for (const good of ['main', 'lvs.director', 'a_b-1', '4242.pts-0.host']) expect(validateSessionName(good).ok).toBe(true);
		for (const bad of ['', '../x', 'a/b', '.hidden', '-x', 'a b', 'x'.repeat(65)]) expect(validateSessionName(bad).ok).toBe(false);
	});
});
