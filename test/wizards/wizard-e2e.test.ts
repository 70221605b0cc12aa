// The wizard as an admin meets it: the built CLI in a real terminal (node-pty + headless xterm),
// C-a W, the DHCP reservation typed in, the plan read on screen, r to run it; the real dhcpd -t
// then accepts the file. The director is this machine (transport local).
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {VirtualScreen} from '../helpers/virtual-screen.js';
import {hasCommand, missing} from '../helpers/requirements.js';

const work = mkdtempSync(join(tmpdir(), 'lvs-tui-wize2e-'));
afterAll(() => rmSync(work, {recursive: true, force: true}));
const SAMPLE = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'wizards', 'dhcpd.conf.sample'), 'utf8');

describe.skipIf(missing(hasCommand('dhcpd')))('C-a W in the running UI', () => {
	it('adds a DHCP reservation through the wizard: form, plan on screen, run, validated file', async () => {
		const conf = join(work, 'dhcpd.conf');
		writeFileSync(conf, SAMPLE);
		const config = join(work, 'lvs-tui.yaml');
		writeFileSync(
			config,
			[
				'director:',
				'  name: director',
				'  transport: local',
				'lvsType: nat',
				'dip:',
				'  address: 192.168.1.9',
				'  device: eth1',
				'  network: 192.168.1.0/24',
				'options:',
				`  dhcpdConf: ${conf}`,
				`  auditLog: ${join(work, 'audit.log')}`,
				'',
			].join('\n'),
		);
		const screen = VirtualScreen.cli(['--config', config], {cols: 110, rows: 34, cwd: work, env: {HOME: work, XDG_STATE_HOME: join(work, 'state'), XDG_CONFIG_HOME: join(work, 'config')}});
		try {
			await screen.waitFor(/director/, 20_000);
			screen.command('W');
			await screen.waitFor('3. DHCP reservation');
			screen.write('3');
			await screen.waitFor('Step 1 of 1: Reservation');
			screen.write('\t');
			screen.write('rs3\r');
			screen.write('00:16:3e:aa:bb:03\r');
			screen.write('192.168.1.13\r');
			// Restart: no (never this machine's own DHCP service from a test).
			screen.write(' ');
			await screen.waitFor('< no >');
			screen.write('\r');
			await screen.waitFor('validate it with dhcpd -t', 20_000);
			expect(screen.text()).toContain('+host rs3 {');
			expect(readFileSync(conf, 'utf8')).toBe(SAMPLE);
			screen.write('r');
			await screen.waitFor('done: every step succeeded', 20_000);
			expect(readFileSync(conf, 'utf8')).toContain('host rs3 {\n    hardware ethernet 00:16:3e:aa:bb:03;\n    fixed-address 192.168.1.13;\n}');
			expect(spawnSync('dhcpd', ['-t', '-cf', conf]).status).toBe(0);
			expect(readFileSync(join(work, 'audit.log'), 'utf8')).toContain('"source":"wizard.dhcp"');
			screen.write('\r');
			await screen.waitFor(s => !s.text().includes('DHCP reservation'));
		} finally {
			screen.kill();
		}
	});

	it('the kernel wizard on this machine (no IPVS) types the first checklist step into the director pane', async () => {
		const config = join(work, 'local.yaml');
		writeFileSync(config, ['director:', '  name: director', '  transport: local', `options:`, `  auditLog: ${join(work, 'audit2.log')}`, ''].join('\n'));
		const screen = VirtualScreen.cli(['--config', config], {cols: 110, rows: 34, cwd: work, env: {HOME: work, XDG_STATE_HOME: join(work, 'state'), XDG_CONFIG_HOME: join(work, 'config')}});
		try {
			await screen.waitFor(/director/, 20_000);
			screen.command('W');
			await screen.waitFor('1. Kernel IPVS readiness');
			screen.write('1');
			await screen.waitFor('Step 1 of 1: Which host');
			screen.write('\r');
			screen.write('x');
			await screen.waitFor("'x' is not a kernel version");
			screen.write('\x7f\r\r\r');
			await screen.waitFor('r run it', 20_000);
			expect(screen.text()).toMatch(/IPVS in the kernel\s+FAIL/);
			screen.write('r');
			await screen.waitFor('n next step', 20_000);
			screen.write('\x1b');
			await screen.waitFor(/tar xf \/usr\/src\/linux-\S+\.tar\.xz/, 10_000);
			expect(readFileSync(join(work, 'audit2.log'), 'utf8')).toContain('"command":"sent to pane: cd /usr/src && tar xf');
			// C-a W comes back to the paused checklist, not the menu.
			screen.command('W');
			await screen.waitFor('n next step');
		} finally {
			screen.kill();
		}
	});
});
