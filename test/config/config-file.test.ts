import {copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {AppError} from '../../source/domain/result.js';
import {formatError} from '../../source/domain/result.js';
import {localModeConfig} from '../../source/domain/config/defaults.js';
import {configSearchPath, findConfigFile, importFile, readConfigFile, resolveStartupConfig} from '../../source/services/config-file.js';

const importers = new URL('../fixtures/importers/', import.meta.url).pathname;
const configs = new URL('../fixtures/config/', import.meta.url).pathname;
let root: string;
let cwd: string;
let xdg: string;
let home: string;
let hosts: string;
let services: string;

beforeAll(() => {
	root = mkdtempSync(join(tmpdir(), 'lvs-tui-config-'));
	for (const d of ['cwd', 'xdg/lvs-tui', 'home/.config/lvs-tui']) mkdirSync(join(root, d), {recursive: true});
	cwd = join(root, 'cwd');
	xdg = join(root, 'xdg');
	home = join(root, 'home');
	hosts = join(importers, 'etc-hosts.seed-lab');
	services = join(importers, 'etc-services.debian12');
});
afterAll(() => rmSync(root, {recursive: true, force: true}));

function resolved(options: Parameters<typeof resolveStartupConfig>[0]) {
	const result = resolveStartupConfig({cwd, env: {HOME: home}, etcHosts: hosts, etcServices: services, ...options});
	if (!result.ok) throw new Error(result.error.map(formatError).join('\n'));
	return result.value;
}

function rejected(options: Parameters<typeof resolveStartupConfig>[0]) {
	const result = resolveStartupConfig({cwd, env: {HOME: home}, etcHosts: hosts, etcServices: services, ...options});
	if (result.ok) throw new Error('expected startup to be refused');
	return result.error;
}

describe('discovery', () => {
	test('--config, then ./lvs-tui.yaml, then $XDG_CONFIG_HOME/lvs-tui, then ~/.config/lvs-tui', () => {
		const inHome = join(home, '.config/lvs-tui/lvs-tui.yaml');
		const inXdg = join(xdg, 'lvs-tui/lvs-tui.yaml');
		const inCwd = join(cwd, 'lvs-tui.yaml');
		expect(configSearchPath({cwd, env: {HOME: home}})).toEqual([inCwd, inHome]);
		expect(configSearchPath({cwd, env: {HOME: home, XDG_CONFIG_HOME: xdg}})).toEqual([inCwd, inXdg]);
		expect(findConfigFile(undefined, {cwd, env: {HOME: home}})).toBeNull();
		writeFileSync(inHome, 'theme: light\n');
		expect(findConfigFile(undefined, {cwd, env: {HOME: home}})).toBe(inHome);
		writeFileSync(inXdg, 'theme: high-contrast\n');
		expect(findConfigFile(undefined, {cwd, env: {HOME: home, XDG_CONFIG_HOME: xdg}})).toBe(inXdg);
		writeFileSync(inCwd, 'theme: no-color\n');
		expect(findConfigFile(undefined, {cwd, env: {HOME: home, XDG_CONFIG_HOME: xdg}})).toBe(inCwd);
		expect(findConfigFile('other.yaml', {cwd})).toBe(join(cwd, 'other.yaml'));
		expect(resolved({env: {HOME: home, XDG_CONFIG_HOME: xdg}}).theme).toBe('no-color');
		rmSync(inCwd);
		expect(resolved({env: {HOME: home, XDG_CONFIG_HOME: xdg}}).theme).toBe('high-contrast');
		rmSync(inXdg);
		expect(resolved({}).theme).toBe('light');
		rmSync(inHome);
	});

	test('no config anywhere: local mode', () => {
		expect(resolved({})).toEqual(localModeConfig());
	});
});

describe('reading', () => {
	test('a missing --config file or one that cannot be read is a clear error naming it', () => {
		expect(rejected({configPath: 'nope.yaml'}).map(formatError)).toEqual([`${join(cwd, 'nope.yaml')}: cannot read the config: no such file`]);
		mkdirSync(join(cwd, 'dir.yaml'));
		expect(rejected({configPath: 'dir.yaml'}).map(formatError)).toEqual([`${join(cwd, 'dir.yaml')}: cannot read the config: it is a directory`]);
		const unreadable = readConfigFile(join(cwd, 'dir.yaml'));
		expect(unreadable.ok).toBe(false);
	});

	test('problems come back with the file and line, all of them', () => {
		const file = join(configs, 'every-problem.lvs-tui.yaml');
		const errors = rejected({configPath: file});
		expect(errors.length).toBe(30);
		expect(formatError(errors[0])).toBe(`${file}:5: director.jump: 'dir1' jumps through 'rs3', which is not a configured host (did you mean 'rs1'?); configured hosts: dir1, rs1, rs2, rs4`);
	});

	test('--read-only and --theme override the file; an unknown theme is refused', () => {
		const c = resolved({configPath: join(configs, 'full.lvs-tui.yaml'), theme: 'high-contrast', readOnly: true});
		expect(c.theme).toBe('high-contrast');
		expect(c.options.readOnly).toBe(true);
		expect(resolved({readOnly: true}).options.readOnly).toBe(true);
		const unknown = rejected({theme: 'solarised'});
		expect(unknown[0].code).toBe('theme.unknown');
		expect(unknown[0].message).toMatch(/^unknown theme 'solarised'; available: .*default/);
	});
});

describe('--lvs-conf and --screenrc', () => {
	test("--lvs-conf alone: the seed's second example becomes the cluster", () => {
		const file = join(importers, 'lvs_nat.conf.seed-2');
		const warnings: AppError[] = [];
		const c = resolved({lvsConf: file, onWarning: w => warnings.push(w)});
		expect(c.source).toBe(file);
		expect(c.vips.map(v => v.address)).toEqual(['192.168.155.50']);
		expect(c.realServers.map(r => `${r.name}=${r.address}`)).toEqual(['rs1=172.16.0.21', 'rs2=172.16.0.22']);
		expect(c.services[0]).toMatchObject({vip: '192.168.155.50', port: 80});
		expect(warnings.map(w => `${w.code} ${w.where?.line}`)).toEqual(['import.ignored 2', 'import.ignored 4', 'import.ignored 5', 'import.ignored 9']);
	});

	test('unresolved names stop startup with the imported file and its line', () => {
		const file = join(importers, 'lvs_nat.conf.seed-1');
		const errors = rejected({lvsConf: file, etcHosts: join(root, 'no-hosts'), etcServices: join(root, 'no-services')});
		expect(errors.map(e => [e.code, e.where?.file, e.where?.line])).toEqual([
			['import.unresolved', file, 9],
			['import.unresolved', file, 12],
			['import.unresolved', file, 20],
			['import.unresolved', file, 20],
			['import.unresolved', file, 20],
			['import.unresolved', file, 20],
			['import.unresolved', file, 20],
			['import.unresolved', file, 20],
		]);
		expect(formatError(errors[0])).toBe(`${file}:9: VIP 'lvs' is not in /etc/hosts; replace it with its address`);
	});

	test('merged with a config file: the file keeps the director and its real servers, the import brings VIPs and services', () => {
		const config = join(root, 'merge.yaml');
		writeFileSync(config, 'director:\n  name: dir1\n  host: 192.168.155.12\nrealServers:\n  - name: rs1\n    address: 172.16.0.31\n    user: admin\ntheme: light\nvips:\n  - {address: 10.9.9.9, device: eth9}\n');
		const lvsConf = join(root, 'lvs_nat.conf');
		copyFileSync(join(importers, 'lvs_nat.conf.seed-2'), lvsConf);
		const c = resolved({configPath: config, lvsConf});
		expect(c.source).toBe(config);
		expect(c.director).toMatchObject({name: 'dir1', host: '192.168.155.12'});
		expect(c.realServers.map(r => [r.name, r.address, r.user, r.jump])).toEqual([
			['rs1', '172.16.0.31', 'admin', 'dir1'],
			['rs2', '172.16.0.22', undefined, 'dir1'],
		]);
		expect(c.vips.map(v => v.address)).toEqual(['192.168.155.50']);
		expect(c.services[0].realServers.map(s => s.server)).toEqual(['rs1', 'rs2']);
		expect(c.theme).toBe('light');
		expect(c.panes.map(p => p.host)).toEqual(['dir1', 'rs1', 'rs2']);
	});

	test('the config file resolves lvs_nat.conf names /etc/hosts does not know', () => {
		const config = join(root, 'names.yaml');
		writeFileSync(config, 'realServers:\n  - {name: rs1, address: 10.0.0.1}\n  - {name: rs2, address: 10.0.0.2}\n');
		const c = resolved({configPath: config, lvsConf: join(importers, 'lvs_nat.conf.seed-2'), etcHosts: join(root, 'no-hosts')});
		expect(c.realServers.map(r => r.address)).toEqual(['10.0.0.1', '10.0.0.2']);
	});

	test('--screenrc merged with a config: panes, prefix and bindings from screen, the rest from the file', () => {
		const config = join(root, 'with-keys.yaml');
		writeFileSync(config, 'keys:\n  bindings:\n    K: pane.kill\noptions:\n  scrollback: 2000\n  pollIntervalMs: 500\n');
		const warnings: AppError[] = [];
		const c = resolved({configPath: config, screenrc: join(importers, 'screenrc.lvs.sample'), onWarning: w => warnings.push(w)});
		expect(c.panes.map(p => `${p.number}:${p.title}:${p.command}`)).toEqual(['0:director:sleep 600', '1:rs1:sleep 600', '2:rs2:sleep 600']);
		expect(c.keys.bindings).toMatchObject({K: 'pane.kill', D: 'pane.select.0', '^A': 'pane.last'});
		expect(c.options).toMatchObject({scrollback: 5000, pollIntervalMs: 500, initialPane: 0});
		expect(warnings.length).toBe(12);
		expect(formatError(warnings[2])).toBe(`${join(importers, 'screenrc.lvs.sample')}:6: hardstatus: lvs-tui draws its own status line with the pane tabs`);
	});

	test('a screenrc pane that clashes with the file is reported without a misleading line', () => {
		const config = join(root, 'clash.yaml');
		writeFileSync(config, 'options:\n  initialPane: 7\n');
		const errors = rejected({configPath: config, screenrc: join(importers, 'screenrc.seed')});
		expect(errors.map(formatError)).toEqual([`${config}:2: options.initialPane: there is no pane 7; panes are 1, 2, 3`]);
	});

	test('importFile detects the format, and refuses a file that is neither', () => {
		const screen = importFile(join(importers, 'screenrc.seed'));
		expect(screen.ok && screen.value.format).toBe('screenrc');
		const notes = join(root, 'notes.txt');
		writeFileSync(notes, 'just some text\n');
		const neither = importFile(notes);
		expect(neither.ok).toBe(false);
		if (!neither.ok) expect(formatError(neither.error[0])).toBe(`${notes}: not a .screenrc or a configure-lvs lvs_nat.conf (no screen commands, no VIP=/SERVICE= lines)`);
	});
});

describe('theme named in the config', () => {
	test("an unknown theme: is reported at its line in the config", () => {
		const config = join(root, 'theme.yaml');
		writeFileSync(config, 'options:\n  scrollback: 100\ntheme: solarised\n');
		const errors = rejected({configPath: config});
		expect(errors.map(e => [e.code, e.where?.file, e.where?.line])).toEqual([['theme.unknown', config, 3]]);
		expect(errors[0].message).toMatch(/^theme: unknown theme 'solarised'; available: /);
	});
});
