// Every subcommand parses its options through command-line.ts: the same words for an unknown
// option, a missing value, a value given to a flag and a stray argument, whichever command it is.
// The parsers are pure; the last block runs the built CLI (dist/cli.js) in a child process.
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {CONFIG_OPTIONS, readCommandLine} from '../../source/commands/command-line.js';
import {parseUiArgs} from '../../source/commands/ui.js';
import {parseVipArgs} from '../../source/commands/vip.js';
import {parseStatusArgs} from '../../source/commands/status.js';
import {parseSshCheckArgs} from '../../source/commands/ssh-check.js';

const options = {...CONFIG_OPTIONS, json: {type: 'boolean'}, dev: {type: 'string', short: 'd'}} as const;

describe('readCommandLine', () => {
	it('reads --flag value, --flag=value, short flags and booleans', () => {
		const parsed = readCommandLine({args: ['--config', 'a.yaml', '--dev=eth0', '--read-only', '-h'], options});
		expect(typeof parsed).toBe('object');
		if (typeof parsed === 'string') return;
		expect(parsed.values).toEqual({config: 'a.yaml', dev: 'eth0', 'read-only': true, help: true});
	});

	it('says what is wrong in one short line that names the option', () => {
		expect(readCommandLine({args: ['--bogus'], options})).toBe("unknown option '--bogus'");
		expect(readCommandLine({args: ['--bogus'], options, allowPositionals: true})).toBe("unknown option '--bogus'");
		expect(readCommandLine({args: ['-z'], options})).toBe("unknown option '-z'");
		expect(readCommandLine({args: ['--config'], options})).toBe('--config needs a value');
		expect(readCommandLine({args: ['-d'], options})).toBe('--dev needs a value');
		expect(readCommandLine({args: ['--config='], options})).toBe('--config needs a value');
		expect(readCommandLine({args: ['--config', '--json'], options})).toBe("--config needs a value (for one that starts with '-', write --config=VALUE)");
		expect(readCommandLine({args: ['--json=yes'], options})).toBe('--json takes no value');
		expect(readCommandLine({args: ['stray'], options})).toBe("unexpected argument 'stray'");
	});

	it('keeps positionals when the command takes them, and everything after --', () => {
		const parsed = readCommandLine({args: ['up', '--json', '--', '-x'], options, allowPositionals: true});
		if (typeof parsed === 'string') throw new Error(parsed);
		expect(parsed.positionals).toEqual(['up', '-x']);
	});
});

describe('the ui, vip, status and ssh-check parsers', () => {
	it('ui: every option, and the shared messages', () => {
		expect(parseUiArgs([])).toEqual({ascii: false, readOnly: false, help: false});
		expect(parseUiArgs(['--config=c.yaml', '--screenrc', 's', '--lvs-conf', 'l', '--theme', 'light', '--ascii', '--read-only'])).toEqual({
			config: 'c.yaml',
			screenrc: 's',
			lvsConf: 'l',
			theme: 'light',
			ascii: true,
			readOnly: true,
			help: false,
		});
		expect(parseUiArgs(['-h'])).toMatchObject({help: true});
		expect(parseUiArgs(['--theme'])).toBe('--theme needs a value');
		expect(parseUiArgs(['--bogus'])).toBe("unknown option '--bogus'");
		expect(parseUiArgs(['stray'])).toBe("unexpected argument 'stray'");
	});

	it('vip: the action, the VIP and every option; its own messages for a bad action', () => {
		expect(parseVipArgs(['up'])).toEqual({verb: 'up', yes: false, readOnly: false, json: false, help: false});
		expect(parseVipArgs(['down', '10.0.0.1', '--dev', 'eth0', '--label=eth0:1', '-y', '--read-only', '--json', '--config', 'c', '--lvs-conf', 'n'])).toEqual({
			verb: 'down',
			vip: '10.0.0.1',
			dev: 'eth0',
			label: 'eth0:1',
			yes: true,
			readOnly: true,
			json: true,
			help: false,
			config: 'c',
			lvsConf: 'n',
		});
		expect(parseVipArgs(['--help'])).toMatchObject({help: true});
		expect(parseVipArgs([])).toBe('say up, down, toggle or status');
		expect(parseVipArgs(['sideways'])).toBe("unknown action 'sideways' (up, down, toggle or status)");
		expect(parseVipArgs(['up', 'a', 'b'])).toBe("unexpected argument 'b'");
		expect(parseVipArgs(['up', '--dev'])).toBe('--dev needs a value');
		expect(parseVipArgs(['up', '--bogus'])).toBe("unknown option '--bogus'");
	});

	it('status: --window is checked; no positionals', () => {
		expect(parseStatusArgs(['--window', '-1'])).toBe("--window needs a value (for one that starts with '-', write --window=VALUE)");
		expect(parseStatusArgs(['--window=-1'])).toBe("--window needs seconds between 0 and 300, not '-1'");
		expect(parseStatusArgs(['--json=1'])).toBe('--json takes no value');
	});

	it('ssh-check: hosts, --batch, --timeout', () => {
		expect(parseSshCheckArgs(['rs1', 'rs2', '--batch', '--timeout', '5', '--config=c'])).toEqual({hosts: ['rs1', 'rs2'], config: 'c', batch: true, timeoutMs: 5000, help: false});
		expect(parseSshCheckArgs(['--timeout', '0'])).toBe("--timeout needs a whole number of seconds above 0, not '0'");
		expect(parseSshCheckArgs(['--timeout'])).toBe('--timeout needs a value');
		expect(parseSshCheckArgs(['--bogus'])).toBe("unknown option '--bogus'");
	});
});

describe('the built CLI', () => {
	const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
	const home = mkdtempSync(join(tmpdir(), 'lvs-tui-cmdline-'));
	afterAll(() => rmSync(home, {recursive: true, force: true}));
	const lvsTui = (args: string[], extraEnv: Record<string, string> = {}) => {
		// An empty HOME and cwd: no config is found, so nothing reaches a host.
		const env = {...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), LVS_TUI_SOCKET_DIR: join(home, 'sockets'), LVS_TUI_NO_SESSION: '1', ...extraEnv};
		const r = spawnSync(process.execPath, [cli, ...args], {cwd: home, env, encoding: 'utf8', timeout: 30_000});
		return {code: r.status, stdout: r.stdout, stderr: r.stderr};
	};

	// One line per command: the same message shape, the usage after it, exit 2.
	const commands: Array<[string[], string]> = [
		[[], 'lvs-tui'],
		[['vip', 'status'], 'lvs-tui vip'],
		[['status'], 'lvs-tui status'],
		[['ssh-check'], 'lvs-tui ssh-check'],
		[['doctor'], 'lvs-tui doctor'],
		[['dhcp-host'], 'lvs-tui dhcp-host'],
		[['kickstart'], 'lvs-tui kickstart'],
		[['import'], 'lvs-tui import'],
		[['node', 'add'], 'lvs-tui node add'],
		[['ls'], 'lvs-tui ls'],
		[['kill'], 'lvs-tui kill'],
	];
	const withHelp: Array<[string[], string]> = [...commands, [['attach'], 'lvs-tui attach'], [['lab', 'up'], 'lvs-tui lab'], [['lab', 'traffic'], 'lvs-tui lab'], [['node'], 'lvs-tui node']];

	it.each(commands)('%j refuses an unknown option and a missing --config value the same way', (argv, name) => {
		const unknown = lvsTui([...argv, '--bogus']);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr.split('\n')[0]).toBe(`${name}: unknown option '--bogus'`);
		expect(unknown.stderr).toMatch(/\n\nusage: lvs-tui/);
		if (['lvs-tui import', 'lvs-tui ls', 'lvs-tui kill'].includes(name)) return; // no --config
		const missingValue = lvsTui([...argv, '--config']);
		expect(missingValue.code).toBe(2);
		expect(missingValue.stderr.split('\n')[0]).toBe(`${name}: --config needs a value`);
	});

	it.each(withHelp)('%j --help prints the usage on stdout and exits 0', argv => {
		const help = lvsTui([...argv, '--help']);
		expect(help.code).toBe(0);
		expect(help.stdout).toMatch(/^usage: lvs-tui/);
		expect(help.stderr).toBe('');
	});
});

describe('the built CLI: problems found after parsing', () => {
	const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
	const home = mkdtempSync(join(tmpdir(), 'lvs-tui-cmdline2-'));
	afterAll(() => rmSync(home, {recursive: true, force: true}));
	const lvsTui = (args: string[], socketDir = join(home, 'sockets')) => {
		const env = {...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), LVS_TUI_SOCKET_DIR: socketDir};
		const r = spawnSync(process.execPath, [cli, ...args], {cwd: home, env, encoding: 'utf8', timeout: 30_000});
		return {code: r.status, stdout: r.stdout, stderr: r.stderr};
	};

	it('kill takes one name at most; attach refuses -d with --watch', () => {
		const kill = lvsTui(['kill', 'a', 'b']);
		expect(kill.code).toBe(2);
		expect(kill.stderr).toBe("lvs-tui kill: unexpected argument 'b'\n\nusage: lvs-tui kill [NAME]   end a session and its panes (default: the only one)\n");
		const attach = lvsTui(['attach', '-d', '--watch']);
		expect(attach).toMatchObject({code: 2, stderr: 'lvs-tui attach: -d (take over) and --watch (read-only) exclude each other\n'});
	});

	it('lab subcommands refuse bad options before anything starts (no VM, no download)', () => {
		const cases: Array<[string[], string]> = [
			[['lab', 'up', '--bogus'], "unknown option '--bogus'"],
			[['lab', 'up', '--port', 'ssh'], "--port needs a whole number, not 'ssh'"],
			[['lab', 'up', 'now'], "unexpected argument 'now'"],
			[['lab', 'traffic', '--idle'], '--idle needs a value'],
			[['lab', 'build', '--rebuild=yes'], '--rebuild takes no value'],
		];
		for (const [argv, problem] of cases) {
			const r = lvsTui(argv);
			expect(r.code).toBe(2);
			expect(r.stderr).toMatch(new RegExp(`^lvs-tui lab: ${problem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n\nusage: lvs-tui lab`));
		}
	});

	it('ls and kill: a missing session directory is empty, a symlinked one is refused with the reason', () => {
		expect(lvsTui(['ls'])).toMatchObject({code: 0, stdout: `No sessions in ${join(home, 'sockets')}.\n`});
		const real = join(home, 'real');
		mkdirSync(real, {mode: 0o700});
		const link = join(home, 'link');
		symlinkSync(real, link);
		for (const argv of [['ls'], ['kill', 'main']]) {
			const r = lvsTui(argv, link);
			expect(r.code).toBe(1);
			expect(r.stderr).toContain(`refusing the session directory ${link}: it is a symbolic link`);
		}
	});
});
