// The root password typed at a real terminal (node-pty + headless xterm): never echoed, asked
// twice, only its hash written.
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {VirtualScreen} from '../helpers/virtual-screen.js';
import {hasCommand, missing} from '../helpers/requirements.js';

const work = mkdtempSync(join(tmpdir(), 'lvs-tui-kstty-'));
afterAll(() => rmSync(work, {recursive: true, force: true}));

describe.skipIf(missing(hasCommand('openssl')))('lvs-tui kickstart at a terminal', () => {
	const env = {HOME: work, XDG_CONFIG_HOME: join(work, 'config'), XDG_STATE_HOME: join(work, 'state')};
	const args = (out: string) => ['kickstart', '--name', 'rs3', '--ip', '172.16.0.23', '--mac', '00:16:3e:aa:bb:03', '--profile', 'rhel9', '--dip', '172.16.0.1', '-o', out];

	it('asks twice without echo; the file has the hash of what was typed', async () => {
		const out = join(work, 'ok', 'rs3.cfg');
		mkdirSync(join(work, 'ok'));
		const screen = VirtualScreen.cli(args(out), {cwd: work, env});
		try {
			await screen.waitFor('root password for rs3: ');
			screen.write('Geh€im-pw\r');
			await screen.waitFor('again: ');
			screen.write('Geh€im-pw\r');
			await screen.waitFor('inst.ks=nfs:172.16.0.1:/kickstart/rs3.cfg', 20_000);
			const exit = await screen.waitForExit(20_000);
			expect(exit.exitCode).toBe(0);
			expect(screen.text()).not.toContain('Geh');
		} finally {
			screen.kill();
		}
		expect(statSync(out).mode & 0o777).toBe(0o600);
		const hash = /^rootpw --iscrypted (\S+)$/m.exec(readFileSync(out, 'utf8'))![1];
		expect(hash).toBe(execFileSync('openssl', ['passwd', '-6', '-salt', hash.split('$')[2], 'Geh€im-pw'], {encoding: 'utf8'}).trim());
	});

	it('two different passwords: refused, nothing written', async () => {
		const dir = join(work, 'differ');
		mkdirSync(dir);
		const screen = VirtualScreen.cli(args(join(dir, 'rs3.cfg')), {cwd: work, env});
		try {
			await screen.waitFor('root password for rs3: ');
			screen.write('one\r');
			await screen.waitFor('again: ');
			screen.write('two\r');
			await screen.waitFor('the two passwords differ; nothing was written', 20_000);
			const exit = await screen.waitForExit(20_000);
			expect(exit.exitCode).toBe(2);
		} finally {
			screen.kill();
		}
		expect(() => statSync(join(dir, 'rs3.cfg'))).toThrow();
	});
});
