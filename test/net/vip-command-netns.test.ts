// `lvs-tui vip` end to end: the built CLI run inside a network namespace this test creates (so its
// "local" director is the namespace), with a real config file, a real PTY for the confirmation,
// and the real `ip` doing the work. Checked independently with `ip -j addr`.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {hasCommand, isRoot, missing, type Requirement} from '../helpers/requirements.js';
import {CLI, VirtualScreen} from '../helpers/virtual-screen.js';

const id = `${process.pid % 100000}`;
const NS = `lvstui-vipcli-${id}`;
const net = `10.${100 + (process.pid % 100)}.${(Math.floor(process.pid / 100) + 13) % 250}`;
const VIP = `${net}.50`;
const VIP2 = `${net}.51`;

const built: Requirement = () => (existsSync(CLI) ? null : 'needs the built CLI (npm run build)');

function labels(): string[] {
	const list = JSON.parse(execFileSync('ip', ['-n', NS, '-j', 'addr', 'show', 'dev', 'eth0'], {encoding: 'utf8'})) as Array<{addr_info: Array<{local: string; prefixlen: number; label?: string}>}>;
	return list[0].addr_info.filter(a => a.label).map(a => `${a.local}/${a.prefixlen} ${a.label}`);
}

describe.skipIf(missing(isRoot, hasCommand('ip'), built))('lvs-tui vip (built CLI in a namespace)', () => {
	let dir: string;
	let config: string;
	let auditPath: string;
	// No config discovery from the machine running the tests: only what each test names.
	const env = () => ({...process.env, XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config-home'), LVS_TUI_REQUIRE_ALL: undefined});
	const vip = (args: string[], input = '') => {
		const r = spawnSync('ip', ['netns', 'exec', NS, process.execPath, CLI, 'vip', ...args], {encoding: 'utf8', input, env: env(), timeout: 30_000});
		return {code: r.status, stdout: r.stdout, stderr: r.stderr};
	};

	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'lvstui-vipcli-'));
		auditPath = join(dir, 'audit.log');
		execFileSync('ip', ['netns', 'add', NS]);
		execFileSync('ip', ['-n', NS, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'peer0']);
		for (const dev of ['lo', 'eth0', 'peer0']) execFileSync('ip', ['-n', NS, 'link', 'set', dev, 'up']);
		execFileSync('ip', ['-n', NS, 'addr', 'add', `${net}.10/24`, 'dev', 'eth0']);
		config = join(dir, 'lvs-tui.yaml');
		writeFileSync(
			config,
			[
				'director:',
				'  name: director',
				'  transport: local',
				'lvsType: nat',
				'vips:',
				`  - address: ${VIP}`,
				'    device: eth0',
				'    label: eth0:50',
				`  - address: ${VIP2}`,
				'    device: eth0',
				'    label: eth0:51',
				'options:',
				`  auditLog: ${auditPath}`,
				'',
			].join('\n'),
		);
	});

	afterAll(() => {
		try {
			execFileSync('ip', ['netns', 'del', NS]);
		} catch {}
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('status of every configured VIP: exit 3 while one is down; --json for scripts', () => {
		const r = vip(['status', '--config', config]);
		expect(r).toMatchObject({code: 3, stdout: `${VIP} eth0:50 down on director\n${VIP2} eth0:51 down on director\n`});
		const j = vip(['status', 'eth0:51', '--config', config, '--json']);
		expect(JSON.parse(j.stdout)).toEqual({address: VIP2, device: 'eth0', label: 'eth0:51', state: 'down', host: 'director'});
	});

	it('several VIPs: up needs to be told which', () => {
		const r = vip(['up', '--config', config]);
		expect(r.code).toBe(2);
		expect(r.stderr).toBe('lvs-tui vip: several VIPs configured: name one (eth0:50, eth0:51)\n');
	});

	it('up by label prints each exact command; again changes nothing; the audit log has it', () => {
		const r = vip(['up', 'eth0:50', '--config', config]);
		expect(r.code).toBe(0);
		expect(r.stdout).toContain(`$ ip addr add ${VIP}/32 dev eth0 label eth0:50\n`);
		expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`VIP ${VIP} is up on eth0 (label eth0:50)`);
		expect(labels()).toEqual([`${net}.10/24 eth0`, `${VIP}/32 eth0:50`]);
		const again = vip(['up', VIP, '--config', config]);
		expect(again).toMatchObject({code: 0, stdout: `VIP ${VIP} is already up on eth0 (label eth0:50); nothing changed\n`});
		const audit = readFileSync(auditPath, 'utf8').trim().split('\n').map(l => JSON.parse(l) as {command: string});
		expect(audit.map(a => a.command)).toContain(`ip addr add ${VIP}/32 dev eth0 label eth0:50`);
	});

	it('down without a terminal and without --yes refuses; nothing changed', () => {
		const r = vip(['down', VIP, '--config', config]);
		expect(r.code).toBe(1);
		expect(r.stderr).toBe(`lvs-tui: refusing to take VIP ${VIP} down without --yes (no terminal to ask on); nothing changed\n`);
		expect(labels()).toContain(`${VIP}/32 eth0:50`);
	});

	it('read-only refuses before anything runs', () => {
		const r = vip(['down', VIP, '--config', config, '--read-only', '--yes']);
		expect(r.code).toBe(1);
		expect(r.stderr).toBe(`lvs-tui: read-only mode: refusing to bring down VIP ${VIP}; nothing changed\n`);
		expect(labels()).toContain(`${VIP}/32 eth0:50`);
	});

	it('an invalid label is refused before anything runs', () => {
		const before = readFileSync(auditPath, 'utf8');
		const r = vip(['up', VIP2, '--dev', 'eth0', '--label', 'eth0:much-too-long', '--config', config]);
		expect(r.code).toBe(2);
		expect(r.stderr).toBe(`lvs-tui vip: VIP ${VIP2}: label 'eth0:much-too-long' is 18 characters; the kernel allows at most 15\n`);
		expect(labels()).not.toContain(`${VIP2}/32 eth0:51`);
		expect(readFileSync(auditPath, 'utf8')).toBe(before);
	});

	it('down on a terminal asks: n keeps it, y takes it down', async () => {
		const no = new VirtualScreen('ip', ['netns', 'exec', NS, process.execPath, CLI, 'vip', 'toggle', 'eth0:50', '--config', config], {env: env(), cols: 160});
		try {
			await no.waitFor(`Take VIP ${VIP} down on director? (ip addr del ${VIP}/32 dev eth0) [y/N]`);
			no.write('n\r');
			expect((await no.waitForExit()).exitCode).toBe(1);
			expect(no.text()).toContain('not confirmed; nothing changed');
		} finally {
			no.kill();
		}
		expect(labels()).toContain(`${VIP}/32 eth0:50`);
		const yes = new VirtualScreen('ip', ['netns', 'exec', NS, process.execPath, CLI, 'vip', 'toggle', 'eth0:50', '--config', config], {env: env(), cols: 160});
		try {
			await yes.waitFor('[y/N]');
			yes.write('y\r');
			expect((await yes.waitForExit()).exitCode).toBe(0);
			expect(yes.text()).toContain(`VIP ${VIP} is down on eth0`);
		} finally {
			yes.kill();
		}
		expect(labels()).toEqual([`${net}.10/24 eth0`]);
	});

	it("configure-lvs' VIP=eth0:52 … line maps directly (--lvs-conf)", () => {
		const conf = join(dir, 'lvs_nat.conf');
		writeFileSync(conf, ['LVSCONF_FORMAT=1.1', 'LVS_TYPE=VS_NAT', `VIP=eth0:52 ${net}.52 255.255.255.255 ${net}.52`, `DIP=eth0 ${net}.10 ${net}.0 255.255.255.0 ${net}.255`, `SERVICE=t 80 wlc ${net}.21:80,3`, ''].join('\n'));
		const r = vip(['up', '--lvs-conf', conf]);
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		expect(r.stdout).toContain(`$ ip addr add ${net}.52/32 dev eth0 label eth0:52\n`);
		expect(labels()).toContain(`${net}.52/32 eth0:52`);
		expect(vip(['down', '--lvs-conf', conf, '--yes']).code).toBe(0);
		expect(labels()).toEqual([`${net}.10/24 eth0`]);
	});

	it("ip's own message for a device the director lacks, and for a bad config line", () => {
		const r = vip(['up', `${net}.52`, '--dev', 'eth9'], '');
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/^lvs-tui: director: device eth9 does not exist on the director \(it has: lo, (eth0, peer0|peer0, eth0)\); nothing changed\n$/);
		const bad = join(dir, 'bad.yaml');
		writeFileSync(bad, 'director:\n  name: director\n  transport: local\nvips:\n  - address: 10.0.0.500\n    device: eth0\n');
		const b = vip(['status', '--config', bad]);
		expect(b.code).toBe(2);
		expect(b.stderr).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5: `));
	});
});
