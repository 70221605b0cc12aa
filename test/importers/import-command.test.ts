// End to end: the built CLI (`npm run build` first; `npm test` does it) run as a user would.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {formatError} from '../../source/domain/result.js';
import {readConfigFile} from '../../source/services/config-file.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const fixtures = new URL('../fixtures/importers/', import.meta.url).pathname;
const hosts = join(fixtures, 'etc-hosts.seed-lab');
const services = join(fixtures, 'etc-services.debian12');
let temp: string;

beforeAll(() => {
	if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first`);
	temp = mkdtempSync(join(tmpdir(), 'lvs-tui-import-'));
});
afterAll(() => rmSync(temp, {recursive: true, force: true}));

function lvsTui(...args: string[]) {
	const r = spawnSync(process.execPath, [CLI, ...args], {encoding: 'utf8', cwd: temp, env: {...process.env, NO_COLOR: '1'}});
	return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

function loadsAs(yaml: string) {
	const file = join(temp, `out-${Math.random().toString(36).slice(2)}.yaml`);
	writeFileSync(file, yaml);
	const loaded = readConfigFile(file);
	if (!loaded.ok) throw new Error(loaded.error.map(formatError).join('\n'));
	return loaded.value;
}

describe('lvs-tui import', () => {
	test("the seed's .screenrc: YAML on stdout that loads, the dropped shelltitle part on stderr, exit 0", () => {
		const file = join(fixtures, 'screenrc.seed');
		const r = lvsTui('import', file);
		expect(r.code).toBe(0);
		expect(r.stdout.split('\n')[0]).toBe(`# lvs-tui config imported from ${file} (GNU screen .screenrc) by 'lvs-tui import'.`);
		expect(r.stderr).toBe(`${file}:3: not needed: shelltitle '> |bash': titles do not follow the shell prompt in lvs-tui; new shell panes are titled 'bash'\n`);
		expect(loadsAs(r.stdout).panes.map(p => p.command ?? p.title)).toEqual(['bash', 'ssh rs1', 'ssh rs2']);
	});

	test("the seed's second lvs_nat.conf with the lab's /etc/hosts: exit 0 and it loads", () => {
		const file = join(fixtures, 'lvs_nat.conf.seed-2');
		const r = lvsTui('import', file, '--hosts', hosts, '--services', services);
		expect(r.code).toBe(0);
		expect(r.stderr.trim().split('\n').map(l => l.slice(file.length))).toEqual([
			':2: not needed: LVSCONF_FORMAT: the file format version; nothing to carry over',
			':4: not needed: INITIAL_STATE: lvs-tui never changes the director when it starts; bring the VIP up with C-a v or F2',
			':5: not needed: CLEAR_IPVS_TABLES: lvs-tui changes the IPVS table one service at a time and never clears it when it starts',
			":9: not needed: SERVER_NET_DEVICE: a real-server setting for the configure script's rc.lvs; lvs-tui does not configure real servers from it",
		]);
		const c = loadsAs(r.stdout);
		expect(c.services[0]).toMatchObject({vip: '192.168.155.50', port: 80, scheduler: 'wlc'});
		expect(c.realServers.map(s => s.address)).toEqual(['172.16.0.21', '172.16.0.22']);
	});

	test("the seed's first lvs_nat.conf: httpd is no service name, so exit 2 and the YAML says where to edit", () => {
		const file = join(fixtures, 'lvs_nat.conf.seed-1');
		const r = lvsTui('import', file, '--hosts', hosts, '--services', services);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain(`${file}:20: unresolved: port 'httpd' is not in /etc/services for tcp; replace it with the port number\n`);
		expect(r.stderr).toContain(`${file}:12: changed: DIP network 192.168.155.12 is not the start of a /22`);
		expect(r.stderr.trim().split('\n').at(-1)).toBe("lvs-tui import: 1 unresolved name; replace the UNRESOLVED values in the YAML before using it");
		expect(r.stdout).toMatch(/port: httpd # UNRESOLVED \(line 20\)/);
		expect(loadsAs(r.stdout.replace(/port: httpd.*/, 'port: 80')).vips[0]).toMatchObject({address: '192.168.155.50', label: 'eth1:50'});
	});

	test('bad input: missing file, neither format, bad --format, no file: exit 2 with a message', () => {
		const missingFile = lvsTui('import', join(temp, 'nope'));
		expect(missingFile.code).toBe(2);
		expect(missingFile.stdout).toBe('');
		expect(missingFile.stderr).toBe(`lvs-tui import: ${join(temp, 'nope')}: cannot read the file to import: no such file\n`);
		writeFileSync(join(temp, 'notes.txt'), 'hello\n');
		const neither = lvsTui('import', 'notes.txt');
		expect(neither.code).toBe(2);
		expect(neither.stderr).toContain('not a .screenrc or a configure-lvs lvs_nat.conf');
		expect(lvsTui('import', 'notes.txt', '--format', 'xml').code).toBe(2);
		const none = lvsTui('import');
		expect(none.code).toBe(2);
		expect(none.stderr).toMatch(/^lvs-tui import: give exactly one file to import/);
		const forced = lvsTui('import', 'notes.txt', '--format', 'screenrc');
		expect(forced.code).toBe(0);
		expect(forced.stderr).toBe(`${join(temp, 'notes.txt')}:1: not imported: hello: no lvs-tui equivalent\n`);
	});

	test('listed in lvs-tui --help', () => {
		expect(lvsTui('--help').stdout).toMatch(/^ {2}import\s+turn a \.screenrc or configure-lvs lvs_nat\.conf into lvs-tui\.yaml on stdout$/m);
	});
});
