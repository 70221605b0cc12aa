// The question before a command changes anything, as an admin meets it: the built CLI on a real
// PTY (dhcp-host on a local dhcpd.conf, validated by the real dhcpd -t), answered n and then y.
import {mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {hasCommand, missing} from '../helpers/requirements.js';
import {VirtualScreen} from '../helpers/virtual-screen.js';

const SAMPLE = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'commands', 'dhcpd.conf.sample'), 'utf8');

describe.skipIf(missing(hasCommand('dhcpd')))('asking before a change (confirmChange)', () => {
	const work = mkdtempSync(join(tmpdir(), 'lvs-tui-confirm-'));
	const screens: VirtualScreen[] = [];
	afterAll(() => {
		for (const s of screens) s.kill();
		rmSync(work, {recursive: true, force: true});
	});
	const env = {HOME: work, XDG_CONFIG_HOME: join(work, '.config'), XDG_STATE_HOME: join(work, '.state')};
	const dhcpHost = (conf: string) => {
		const screen = VirtualScreen.cli(['dhcp-host', '--name', 'rs3', '--mac', '00:16:3e:aa:bb:03', '--ip', '192.168.1.13', '--file', conf, '--no-restart'], {env, cwd: work, cols: 160});
		screens.push(screen);
		return screen;
	};

	it('n: nothing was changed, exit 1; y: the reservation is written, exit 0', async () => {
		const conf = join(work, 'dhcpd.conf');
		writeFileSync(conf, SAMPLE);
		const no = dhcpHost(conf);
		await no.waitFor('apply: add host rs3 (00:16:3e:aa:bb:03 -> 192.168.1.13) on local? [y/N]');
		no.write('n\r');
		// Raw output: it is recorded as it arrives, the screen only once xterm has parsed it.
		await no.waitFor(s => s.raw.includes('nothing was changed'));
		expect((await no.waitForExit()).exitCode).toBe(1);
		expect(readFileSync(conf, 'utf8')).toBe(SAMPLE);
		expect(readdirSync(work).filter(f => f.startsWith('dhcpd.conf'))).toEqual(['dhcpd.conf']);

		const yes = dhcpHost(conf);
		await yes.waitFor('[y/N]');
		yes.write('y\r');
		expect((await yes.waitForExit()).exitCode).toBe(0);
		expect(readFileSync(conf, 'utf8')).toMatch(/host rs3 \{[^}]*hardware ethernet 00:16:3e:aa:bb:03;[^}]*fixed-address 192\.168\.1\.13;/);
		// The one backup name (backup-name.ts) beside the file.
		expect(readdirSync(work).filter(f => f.startsWith('dhcpd.conf.lvs-tui-'))).toEqual([expect.stringMatching(/^dhcpd\.conf\.lvs-tui-\d{8}-\d{6}$/)]);
	});
});
