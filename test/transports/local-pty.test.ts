// LocalPty on a real PTY: where a pane's program starts.
import {afterEach, describe, expect, it} from 'vitest';
import {mkdtempSync, realpathSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {LocalPty} from '../../source/transports/local-pty.js';

const started = process.cwd();
const dirs: string[] = [];

afterEach(() => {
	process.chdir(started);
	for (const d of dirs.splice(0)) rmSync(d, {recursive: true, force: true});
});

function outputOf(pty: LocalPty): Promise<{output: string; code: number | null}> {
	let output = '';
	pty.onData(data => (output += data));
	return new Promise(resolve => pty.onExit(exit => resolve({output, code: exit.code})));
}

describe('LocalPty', () => {
	it('starts a pane in the directory lvs-tui was started in, as screen does', async () => {
		const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lvs-tui-cwd-')));
		dirs.push(dir);
		process.chdir(dir);
		const pty = new LocalPty({command: 'pwd', shell: '/bin/sh'}, {cols: 80, rows: 24, term: 'xterm-256color'});
		const {output, code} = await outputOf(pty);
		expect(code).toBe(0);
		expect(output.trim()).toBe(dir);
	});

	it('keeps an explicit directory', async () => {
		const pty = new LocalPty({command: 'pwd', shell: '/bin/sh'}, {cols: 80, rows: 24, term: 'xterm-256color', cwd: '/'});
		const {output} = await outputOf(pty);
		expect(output.trim()).toBe('/');
	});
});
