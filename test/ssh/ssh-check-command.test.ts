import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';
import {startSshHost, type SshHost} from '../helpers/netns-sshd.js';
import {run} from '../../source/commands/ssh-check.js';

async function capture(argv: string[]): Promise<{code: number; stdout: string; stderr: string}> {
	let stdout = '';
	let stderr = '';
	const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
	const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
	try {
		const code = await run(argv);
		return {code, stdout, stderr};
	} finally {
		out.mockRestore();
		err.mockRestore();
	}
}

describe.skipIf(missing(isRoot, hasCommand('/usr/sbin/sshd')))('lvs-tui ssh-check against real sshd', () => {
	let director: SshHost;
	let rs1: SshHost;
	let rs2: SshHost;
	let dir: string;
	let configPath: string;

	beforeAll(async () => {
		director = await startSshHost({name: 'ckd'});
		[rs1, rs2] = await Promise.all([startSshHost({name: 'ck1', behind: director}), startSshHost({name: 'ck2', behind: director})]);
		dir = mkdtempSync(join(tmpdir(), 'lvst-check-'));
		const knownHosts = join(dir, 'known_hosts');
		// rs2's key is deliberately not known.
		writeFileSync(knownHosts, `${director.knownHostsLine}\n${rs1.knownHostsLine}\n`, {mode: 0o600});
		configPath = join(dir, 'lvs-tui.yaml');
		const rs = (name: string, h: SshHost) => [`  - name: ${name}`, `    address: ${h.address}`, `    host: ${h.address}`, '    user: root', `    identityFile: ${h.userKeyPath}`, '    jump: director'];
		writeFileSync(
			configPath,
			[
				'director:',
				'  name: director',
				`  host: ${director.address}`,
				'  user: root',
				`  identityFile: ${director.userKeyPath}`,
				'lvsType: nat',
				'realServers:',
				...rs('rs1', rs1),
				...rs('rs2', rs2),
				'options:',
				`  knownHostsFile: ${knownHosts}`,
				'',
			].join('\n'),
		);
	});
	afterAll(async () => {
		await Promise.all([rs1?.stop(), rs2?.stop()]);
		await director?.stop();
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('reports each host, through the jump host, and why one fails', async () => {
		const r = await capture(['--config', configPath, '--batch']);
		expect(r.code).toBe(1);
		const lines = r.stdout.trim().split('\n');
		expect(lines[0]).toMatch(new RegExp(`^director  ok      root@${director.address} \\(ssh2, \\d+\\.\\d s\\)$`));
		expect(lines[1]).toMatch(new RegExp(`^rs1       ok      root@${rs1.address} through director \\(ssh2, \\d+\\.\\d s\\)$`));
		expect(lines[2]).toMatch(new RegExp(`^rs2       FAILED  host key of ${rs2.address} is not known \\(ED25519 SHA256:[A-Za-z0-9+/]{43}\\) and there is no one to ask here`));
		expect(lines).toHaveLength(3);
	});

	it('checks only the hosts named, and refuses names not in the config', async () => {
		const one = await capture(['rs1', '--config', configPath, '--batch']);
		expect(one.code).toBe(0);
		expect(one.stdout).toMatch(/^rs1  ok  /);
		const bad = await capture(['rs9', '--config', configPath]);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toBe('lvs-tui ssh-check: no host named rs9 in the config (hosts: director, rs1, rs2)\n');
	});
});
