// The three wizard commands as an admin runs them: the built CLI in a child process, real
// files, real openssl and dhcpd; no config file (local mode) unless a test writes one.
import {spawnSync, execFileSync} from 'node:child_process';
import {mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {checkKickstart} from '../../source/domain/wizards/kickstart-check.js';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';

const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const work = mkdtempSync(join(tmpdir(), 'lvs-tui-wizcli-'));
const home = join(work, 'home');
mkdirSync(join(home, '.ssh'), {recursive: true});
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHtqHh3rQ1d1WJ6cC8vS0m2yq7e0Q5dM3mF4cS1k2uVb admin@director';
writeFileSync(join(home, '.ssh', 'id_ed25519.pub'), KEY + '\n');
const SAMPLE = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'wizards', 'dhcpd.conf.sample'), 'utf8');
const mounts: string[] = [];

afterAll(() => {
	for (const m of mounts) spawnSync('umount', [m]);
	rmSync(work, {recursive: true, force: true});
});

function lvsTui(args: string[], input = '', cwd = work) {
	const env = {...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: join(home, '.state')};
	delete env.CI;
	const r = spawnSync(process.execPath, [cli, ...args], {cwd, env, input, encoding: 'utf8', timeout: 60_000});
	return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

function caseDir(name: string): string {
	const dir = join(work, name);
	mkdirSync(dir, {recursive: true});
	return dir;
}

describe.skipIf(missing(hasCommand('openssl')))('lvs-tui kickstart', () => {
	it('rhel9: reads the password from stdin, writes mode 0600 with a $6$ hash openssl agrees with, prints the boot lines', () => {
		const dir = caseDir('ks1');
		const out = join(dir, 'rs3.cfg');
		const r = lvsTui(['kickstart', '--name', 'rs3', '--ip', '172.16.0.23', '--mac', '00:16:3e:aa:bb:03', '--profile', 'rhel9', '--dip', '172.16.0.1', '-o', out, '--root-password-stdin'], 'Sekret-ÄÖ-pass\n');
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		expect(statSync(out).mode & 0o777).toBe(0o600);
		const text = readFileSync(out, 'utf8');
		expect(checkKickstart(text, 'rhel9')).toEqual([]);
		const hash = /^rootpw --iscrypted (\S+)$/m.exec(text)![1];
		expect(hash).toBe(execFileSync('openssl', ['passwd', '-6', '-salt', hash.split('$')[2], 'Sekret-ÄÖ-pass'], {encoding: 'utf8'}).trim());
		expect(text).toContain(KEY);
		expect(r.stdout).toContain('inst.ks=nfs:172.16.0.1:/kickstart/rs3.cfg');
		expect(r.stdout).toContain('inst.ks=http://172.16.0.1/kickstart/rs3.cfg');
		expect(r.stdout + text).not.toContain('Sekret');
		expect(readdirSync(dir)).toEqual(['rs3.cfg']);
		const audit = readFileSync(join(home, '.state', 'lvs-tui', 'audit.log'), 'utf8');
		expect(audit).toContain(`write ${out} (mode 600)`);
		expect(audit).not.toContain('Sekret');
	});

	it('rh72 with a non-ASCII password: $1$ MD5 crypt that openssl agrees with, the seed\'s boot line', () => {
		const dir = caseDir('ks2');
		const r = lvsTui(['kickstart', '--name', 'rs4', '--ip', '172.16.0.24', '--mac', '00:16:3e:aa:bb:04', '--profile', 'rh72', '--dip', '172.16.0.1', '--root-password-stdin'], 'пароль密码\n', dir);
		expect(r.code).toBe(0);
		const text = readFileSync(join(dir, 'rs4.cfg'), 'utf8');
		expect(checkKickstart(text, 'rh72')).toEqual([]);
		const hash = /^rootpw --iscrypted (\S+)$/m.exec(text)![1];
		expect(hash).toBe(execFileSync('openssl', ['passwd', '-1', '-salt', hash.split('$')[2], 'пароль密码'], {encoding: 'utf8'}).trim());
		expect(r.stdout).toContain('linux ks=nfs:172.16.0.1:/kickstart/rs4.cfg');
	});

	const bad: [string, string[], RegExp][] = [
		['an invalid MAC', ['--mac', '00:16:3e:aa:bb'], /mac: '00:16:3e:aa:bb' is not a MAC address/],
		['a non-RFC-1123 name', ['--name', 'rs_5'], /name: 'rs_5' is not an RFC 1123 host name/],
		['an invalid IP', ['--ip', '172.16.0.300'], /ip: '172\.16\.0\.300' is not an IPv4 address/],
	];
	for (const [what, override, message] of bad) {
		it(`refuses ${what} before asking for the password, nothing written`, () => {
			const dir = caseDir(`ks-bad-${what.replace(/\W+/g, '-')}`);
			const args = {'--name': 'rs5', '--ip': '172.16.0.25', '--mac': '00:16:3e:aa:bb:05'} as Record<string, string>;
			args[override[0]] = override[1];
			const r = lvsTui(['kickstart', ...Object.entries(args).flat(), '--profile', 'rhel9', '--dip', '172.16.0.1'], '', dir);
			expect(r.code).toBe(2);
			expect(r.stderr).toMatch(message);
			expect(r.stderr).not.toMatch(/password/);
			expect(readdirSync(dir)).toEqual([]);
		});
	}

	it('a kickstart directory that does not exist: clear message, nothing written', () => {
		const r = lvsTui(['kickstart', '--name', 'rs6', '--ip', '172.16.0.26', '--mac', '00:16:3e:aa:bb:06', '--profile', 'rhel9', '--dip', '172.16.0.1', '-o', join(work, 'no-such-dir', 'rs6.cfg'), '--root-password-stdin'], 'pw\n');
		expect(r.code).toBe(1);
		expect(r.stderr).toContain(`the kickstart directory ${join(work, 'no-such-dir')} does not exist on local`);
		expect(r.stderr).toContain('nothing was written');
	});

	it('replacing an existing kickstart needs --force and keeps the old one as an owner-only backup', () => {
		const dir = caseDir('ks-replace');
		const out = join(dir, 'rs3.cfg');
		const args = ['kickstart', '--name', 'rs3', '--ip', '172.16.0.23', '--mac', '00:16:3e:aa:bb:03', '--profile', 'rhel9', '--dip', '172.16.0.1', '-o', out, '--root-password-stdin'];
		expect(lvsTui(args, 'first\n').code).toBe(0);
		const first = readFileSync(out, 'utf8');
		const refused = lvsTui(args, 'second\n');
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain(`${out} exists on local; pass --force to replace it`);
		expect(readFileSync(out, 'utf8')).toBe(first);
		const forced = lvsTui([...args, '--force'], 'second\n');
		expect(forced.code).toBe(0);
		const backups = readdirSync(dir).filter(f => f.startsWith('rs3.cfg.lvs-tui-'));
		expect(backups).toHaveLength(1);
		expect(readFileSync(join(dir, backups[0]), 'utf8')).toBe(first);
		expect(statSync(join(dir, backups[0])).mode & 0o777).toBe(0o600);
		expect(readFileSync(out, 'utf8')).not.toBe(first);
	});

	it('refuses to run without a terminal or --root-password-stdin', () => {
		const dir = caseDir('ks-notty');
		const r = lvsTui(['kickstart', '--name', 'rs7', '--ip', '172.16.0.27', '--mac', '00:16:3e:aa:bb:07', '--profile', 'rhel9', '--dip', '172.16.0.1'], '', dir);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain('pass --root-password-stdin');
		expect(readdirSync(dir)).toEqual([]);
	});

	it('--read-only refuses to write', () => {
		const dir = caseDir('ks-ro');
		const r = lvsTui(['kickstart', '--name', 'rs8', '--ip', '172.16.0.28', '--mac', '00:16:3e:aa:bb:08', '--profile', 'rhel9', '--dip', '172.16.0.1', '--root-password-stdin', '--read-only'], 'pw\n', dir);
		expect(r.code).toBe(1);
		expect(r.stderr).toContain('read-only mode');
		expect(readdirSync(dir)).toEqual([]);
	});
});

describe.skipIf(missing(isRoot, hasCommand('openssl')))('lvs-tui kickstart into a read-only directory (a real read-only mount)', () => {
	it('says the directory is not writable, before writing anything', () => {
		const dir = caseDir('ks-romount');
		execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dir]);
		mounts.push(dir);
		const r = lvsTui(['kickstart', '--name', 'rs9', '--ip', '172.16.0.29', '--mac', '00:16:3e:aa:bb:09', '--profile', 'rhel9', '--dip', '172.16.0.1', '-o', join(dir, 'rs9.cfg'), '--root-password-stdin'], 'pw\n');
		expect(r.code).toBe(1);
		expect(r.stderr).toContain(`the kickstart directory ${dir} on local is not writable`);
		expect(readdirSync(dir)).toEqual([]);
	});
});

describe.skipIf(missing(hasCommand('dhcpd')))('lvs-tui dhcp-host --file', () => {
	it('--dry-run prints the plan (backup, write, dhcpd -t, mv) and changes nothing', () => {
		const dir = caseDir('dh1');
		const conf = join(dir, 'dhcpd.conf');
		writeFileSync(conf, SAMPLE);
		const r = lvsTui(['dhcp-host', '--name', 'rs3', '--mac', '00:16:3e:aa:bb:03', '--ip', '192.168.1.13', '--file', conf, '--no-restart', '--dry-run']);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/1\. \[local\] back up the current file\n   \$ cp -p \S+dhcpd\.conf \S+dhcpd\.conf\.lvs-tui-\d{8}-\d{6}/);
		expect(r.stdout).toContain('    }\n   +host rs3 {\n   +    hardware ethernet 00:16:3e:aa:bb:03;\n   +    fixed-address 192.168.1.13;\n   +}\n');
		expect(r.stdout).toMatch(/dhcpd -t -cf \S+dhcpd\.conf\.lvs-tui-new/);
		expect(readFileSync(conf, 'utf8')).toBe(SAMPLE);
		expect(readdirSync(dir)).toEqual(['dhcpd.conf']);
	});

	it('--yes applies it; the result passes dhcpd -t; --remove takes it out again', () => {
		const dir = caseDir('dh2');
		const conf = join(dir, 'dhcpd.conf');
		writeFileSync(conf, SAMPLE);
		const add = lvsTui(['dhcp-host', '--name', 'rs3', '--mac', '00:16:3e:aa:bb:03', '--ip', '192.168.1.13', '--file', conf, '--no-restart', '--yes']);
		expect(add.stderr).toBe('');
		expect(add.code).toBe(0);
		expect(readFileSync(conf, 'utf8')).toContain('host rs3 {');
		expect(spawnSync('dhcpd', ['-t', '-cf', conf]).status).toBe(0);
		const remove = lvsTui(['dhcp-host', '--remove', '--name', 'rs3', '--file', conf, '--no-restart', '--yes']);
		expect(remove.code).toBe(0);
		expect(readFileSync(conf, 'utf8')).toBe(SAMPLE);
	});

	it('refuses an IP in the dynamic range with file:line, file untouched', () => {
		const dir = caseDir('dh3');
		const conf = join(dir, 'dhcpd.conf');
		writeFileSync(conf, SAMPLE);
		const r = lvsTui(['dhcp-host', '--name', 'rs3', '--mac', '00:16:3e:aa:bb:03', '--ip', '192.168.1.205', '--file', conf, '--yes']);
		expect(r.code).toBe(1);
		expect(r.stderr).toContain(`${conf}:9: 192.168.1.205 is inside the dynamic range 192.168.1.200-192.168.1.220`);
		expect(readFileSync(conf, 'utf8')).toBe(SAMPLE);
		expect(readdirSync(dir)).toEqual(['dhcpd.conf']);
	});

	it('without --yes and without a terminal nothing is applied', () => {
		const dir = caseDir('dh4');
		const conf = join(dir, 'dhcpd.conf');
		writeFileSync(conf, SAMPLE);
		const r = lvsTui(['dhcp-host', '--name', 'rs3', '--mac', '00:16:3e:aa:bb:03', '--ip', '192.168.1.13', '--file', conf]);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain('pass --yes');
		expect(readFileSync(conf, 'utf8')).toBe(SAMPLE);
		expect(readdirSync(dir)).toEqual(['dhcpd.conf']);
	});
});

describe('lvs-tui doctor on this machine (local mode, no IPVS)', () => {
	it('prints the table and exits 1; --json gives the same checks', () => {
		const table = lvsTui(['doctor']);
		expect(table.code).toBe(1);
		expect(table.stdout).toMatch(/^HOST\s+CHECK\s+STATUS\s+DETAIL$/m);
		expect(table.stdout).toMatch(/director\s+IPVS in the kernel\s+FAIL/);
		const json = lvsTui(['doctor', '--json']);
		expect(json.code).toBe(1);
		const parsed = JSON.parse(json.stdout);
		expect(parsed.hosts[0].checks.find((c: {id: string}) => c.id === 'ipvs').status).toBe('fail');
	});

	it('--fix --dry-run prints the build checklist for the kernel the admin names', () => {
		const r = lvsTui(['doctor', '--fix', '--dry-run', '--kernel-version', '2.4.20', '--ipvs-patch', '/root/linux_kernel_ipvs-1.0.7.diff']);
		expect(r.code).toBe(1);
		expect(r.stdout).toContain('$ cd /usr/src && tar xf /usr/src/linux-2.4.20.tar.gz && cd /usr/src/linux');
		expect(r.stdout).toContain('$ patch -p1 < /root/linux_kernel_ipvs-1.0.7.diff');
		expect(r.stdout).toContain('$ make dep && make clean && make bzImage && make modules && make modules_install');
		const bad = lvsTui(['doctor', '--kernel-version', 'latest']);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain("--kernel-version: 'latest' is not a kernel version");
	});

	it('an unknown host name is a usage error', () => {
		const r = lvsTui(['doctor', 'nosuchhost']);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain("unknown host 'nosuchhost' (configured: director)");
	});
});
