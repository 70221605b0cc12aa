import {readFileSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {parseClusterConfig} from '../../source/domain/config/config-loader.js';
import {importScreenrc} from '../../source/domain/importers/screenrc-importer.js';
import {screenrcWords} from '../../source/domain/importers/screenrc-words.js';
import {renderImportYaml} from '../../source/domain/importers/render-import.js';
import {detectImportFormat} from '../../source/domain/importers/detect-format.js';
import {formatError} from '../../source/domain/result.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/importers/${name}`, import.meta.url), 'utf8');

function load(yaml: string) {
	const result = parseClusterConfig(yaml, 'imported.yaml');
	if (!result.ok) throw new Error(result.error.map(formatError).join('\n'));
	return result.value;
}

describe('screenrc words', () => {
	test('quotes, escapes and comments as screen reads them', () => {
		expect(screenrcWords('escape ^Aa                  # default command key C-a')).toEqual(['escape', '^Aa']);
		expect(screenrcWords(`shelltitle "$ |bash"`)).toEqual(['shelltitle', '$ |bash']);
		expect(screenrcWords(`shelltitle '> |bash'`)).toEqual(['shelltitle', '> |bash']);
		expect(screenrcWords('screen -t "rs 1" 1 ssh -p 22 rs1#x')).toEqual(['screen', '-t', 'rs 1', '1', 'ssh', '-p', '22', 'rs1#x']);
		expect(screenrcWords('bind \\\\ quit')).toEqual(['bind', '\\', 'quit']);
		expect(screenrcWords('   # only a comment')).toEqual([]);
	});
});

describe("the seed's .screenrc (LVS-HOWTO)", () => {
	const result = importScreenrc(fixture('screenrc.seed'));

	test('ssh panes 2 and 3, and `screen 1` a local shell titled from shelltitle', () => {
		expect(result.config.panes).toEqual([
			{number: 1, title: 'bash'},
			{number: 2, title: 'rs1', command: 'ssh rs1'},
			{number: 3, title: 'rs2', command: 'ssh rs2'},
		]);
		expect(result.notes).toEqual([{line: 3, kind: 'ignored', message: "shelltitle '> |bash': titles do not follow the shell prompt in lvs-tui; new shell panes are titled 'bash'"}]);
	});

	test('round trip: loads with the same panes and the default C-a prefix', () => {
		const c = load(renderImportYaml(result, '/root/.screenrc'));
		expect(c.panes.map(p => [p.number, p.title, p.command, p.host])).toEqual([
			[1, 'bash', undefined, undefined],
			[2, 'rs1', 'ssh rs1', undefined],
			[3, 'rs2', 'ssh rs2', undefined],
		]);
		expect(c.keys.prefix).toBe(1);
	});
});

describe('the LVS screenrc sample (escape, select, bind, layouts)', () => {
	const result = importScreenrc(fixture('screenrc.lvs.sample'));

	test('panes, prefix, scrollback, initial pane and the bind that maps to an action', () => {
		expect(result.config).toEqual({
			panes: [
				{number: 0, title: 'director', command: 'sleep 600'},
				{number: 1, title: 'rs1', command: 'sleep 600'},
				{number: 2, title: 'rs2', command: 'sleep 600'},
			],
			keys: {prefix: '^Aa', bindings: {D: 'pane.select.0'}},
			options: {scrollback: 5000, initialPane: 0},
		});
	});

	test('every other line is reported with its number and why', () => {
		expect(result.notes.map(n => [n.line, n.kind])).toEqual([
			[2, 'ignored'], // startup_message
			[5, 'ignored'], // shelltitle's dynamic part
			[6, 'unsupported'], // hardstatus
			[7, 'unsupported'], // caption
			[14, 'unsupported'], // bind R eval
			[16, 'unsupported'], // layout new
			[17, 'unsupported'],
			[18, 'unsupported'],
			[19, 'unsupported'],
			[20, 'unsupported'],
			[21, 'unsupported'],
			[22, 'unsupported'], // layout save
		]);
		expect(result.notes[2].message).toBe('hardstatus: lvs-tui draws its own status line with the pane tabs');
		expect(result.notes[4].message).toBe("bind R eval: lvs-tui has no action for screen's 'eval' sequence");
		expect(result.notes[6].message).toMatch(/^split: part of the split layout begun at line 16; /);
	});

	test('round trip: loads, and the rendered YAML lists what was not carried over', () => {
		const yaml = renderImportYaml(result, 'screenrc.lvs.sample');
		expect(yaml).toContain('#   line 6: hardstatus: lvs-tui draws its own status line with the pane tabs\n');
		const c = load(yaml);
		expect(c.options.initialPane).toBe(0);
		expect(c.options.scrollback).toBe(5000);
		expect(c.keys.bindings['D']).toBe('pane.select.0');
		expect(c.keys.bindings['^A']).toBe('pane.last');
		expect(c.panes.map(p => p.title)).toEqual(['director', 'rs1', 'rs2']);
	});
});

describe('screenrc variants', () => {
	test('escape ^Tt, binds to screen commands, unbinding, numbering like screen', () => {
		const text = [
			'escape ^Tt',
			'bind ^k kill',
			'bind k',
			"bind ' ' windowlist -b",
			'bind x screen',
			'bind y select',
			'bind z select 12',
			'bind w number',
			'screen -t one 4 top',
			'screen -t dup 4 htop',
			'screen /usr/bin/vim "/etc/lvs tui.conf"',
			'screen -ln -t logs 120 tail -f /var/log/syslog',
			'screen -t twelve 12',
			'select nosuch',
			'escape `x',
			'defscrollback lots',
		].join('\n');
		const result = importScreenrc(text);
		expect(result.config.keys).toEqual({
			prefix: '^Tt',
			bindings: {'^K': 'pane.kill', k: null, space: 'pane.list', x: 'pane.new', y: 'pane.prompt'},
		});
		expect(result.config.panes).toEqual([
			{number: 0, title: 'dup', command: 'htop'},
			{number: 1, title: 'vim', command: "/usr/bin/vim '/etc/lvs tui.conf'"},
			{number: 2, title: 'logs', command: 'tail -f /var/log/syslog'},
			{number: 4, title: 'one', command: 'top'},
			{number: 12, title: 'twelve'},
		]);
		expect(result.notes.map(n => [n.line, n.kind, n.message])).toEqual([
			[7, 'unsupported', 'bind z select 12: lvs-tui has keys only for panes 0-9'],
			[8, 'unsupported', "bind w number: lvs-tui has no action for screen's 'number'"],
			[10, 'ignored', 'window 4 is already opened above; this pane takes the lowest free number, as screen does'],
			[12, 'ignored', 'screen -ln: option not supported; the pane is opened without it'],
			[12, 'ignored', 'window 120 is above 99; this pane takes the lowest free number, as screen does'],
			[14, 'unsupported', 'select nosuch: no window with that title is opened by this file'],
			[15, 'unsupported', "escape `x: '`x' is not a prefix key; write it as screen does ('^Aa': C-a, literal a) or as 'C-a'"],
			[16, 'unsupported', "defscrollback 'lots' is not a line count 0-1000000"],
		]);
		const c = load(renderImportYaml(result, 'rc'));
		expect(c.keys.prefix).toBe(0x14);
		expect(c.keys.bindings['k']).toBeUndefined();
		expect(c.keys.bindings['^T']).toBe('pane.last');
		expect(c.keys.bindings['t']).toBe('prefix.literal');
		expect(c.panes.find(p => p.number === 1)?.command).toBe("/usr/bin/vim '/etc/lvs tui.conf'");
	});

	test('an empty screenrc imports to a config that loads (local mode)', () => {
		const result = importScreenrc('# nothing\n');
		expect(result.config).toEqual({});
		expect(load(renderImportYaml(result, 'rc')).panes).toEqual([{number: 0, title: 'director', host: 'director'}]);
	});
});

describe('format detection', () => {
	test('by content first, then by name', () => {
		expect(detectImportFormat(fixture('lvs_nat.conf.seed-1'), 'anything')).toBe('lvs-conf');
		expect(detectImportFormat(fixture('screenrc.seed'), 'rc')).toBe('screenrc');
		expect(detectImportFormat(fixture('screenrc.lvs.sample'), 'x')).toBe('screenrc');
		expect(detectImportFormat('# empty\n', '/root/.screenrc')).toBe('screenrc');
		expect(detectImportFormat('# empty\n', 'lvs_dr.conf')).toBe('lvs-conf');
		expect(detectImportFormat('hello world\n', 'notes.txt')).toBeNull();
	});
});
