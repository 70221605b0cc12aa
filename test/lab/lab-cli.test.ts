// The built `lvs-tui lab` as a user runs it: missing prerequisites named with the install command,
// and Ctrl-C during the boot stopping the VM it started.
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, mkdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {hasCommand, missing} from '../helpers/requirements.js';
import {CLI} from '../helpers/virtual-screen.js';
import {runProgram} from '../../source/lab/run-program.js';

let root = '';

beforeAll(() => {
	if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
	root = mkdtempSync(join(tmpdir(), 'lvs-tui-lab-cli-'));
});
afterAll(() => {
	if (root) rmSync(root, {recursive: true, force: true});
});

function qemuPids(marker: string): number[] {
	return readdirSync('/proc').filter(e => /^\d+$/.test(e)).flatMap(e => {
		try {
			const argv = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
			return argv[0]?.includes('qemu-system') && argv.some(a => a.startsWith(marker)) ? [Number(e)] : [];
		} catch {
			return [];
		}
	});
}

describe('lvs-tui lab prerequisites', () => {
	it('names each missing tool and the single apt-get command, and exits non-zero', async () => {
		// A PATH with only what node itself needs: no qemu, no apt, no ssh (sbin is searched anyway).
		const bin = join(root, 'bin');
		mkdirSync(bin);
		symlinkSync('/usr/bin/cpio', join(bin, 'cpio'));
		const r = await runProgram(process.execPath, [CLI, 'lab', 'up'], {
			env: {...process.env, PATH: bin, LVS_TUI_LAB_STATE_DIR: join(root, 'state-prereq')},
			timeoutMs: 60_000,
		});
		expect(r.code).toBe(1);
		expect(r.stderr).toContain('The lab cannot be built on this machine; missing:');
		expect(r.stderr).toContain('qemu-system-x86_64 (package qemu-system-x86: runs the director VM)');
		expect(r.stderr).toContain('apt-get (package apt');
		expect(r.stderr).toContain('ssh-keygen (package openssh-client');
		expect(r.stderr).not.toContain('  cpio (');
		expect(r.stderr).toMatch(/sudo apt-get install qemu-system-x86 apt dpkg tar openssh-client\n/);
	});
});

describe.skipIf(missing(hasCommand('qemu-system-x86_64'), hasCommand('apt-get')))('Ctrl-C during `lvs-tui lab up`', () => {
	it('stops the VM it was booting and exits 130', async () => {
		const state = join(root, 'state-int');
		const child = spawn(process.execPath, [CLI, 'lab', 'up'], {env: {...process.env, LVS_TUI_LAB_STATE_DIR: state}, stdio: ['ignore', 'pipe', 'pipe']});
		let out = '';
		child.stdout.on('data', d => (out += d));
		child.stderr.on('data', d => (out += d));
		const exited = new Promise<number | null>(r => child.on('exit', code => r(code)));
		try {
			// The kit may need building first (shared cache): allow for it.
			const deadline = Date.now() + 300_000;
			while (!/booting the director VM \(pid \d+/.test(out)) {
				if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no boot started: ${out}`);
				await new Promise(r => setTimeout(r, 50));
			}
			const pid = Number(/booting the director VM \(pid (\d+)/.exec(out)![1]);
			expect(qemuPids(state)).toEqual([pid]);
			child.kill('SIGINT');
			expect(await exited).toBe(130);
			expect(qemuPids(state)).toEqual([]);
			expect(existsSync(join(state, 'lab.json'))).toBe(false);
		} finally {
			child.kill('SIGKILL');
			for (const pid of qemuPids(state)) process.kill(pid, 'SIGKILL');
		}
	}, 360_000);
});
