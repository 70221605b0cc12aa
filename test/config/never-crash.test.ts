// Bad input must become messages, never an exception: random text and random YAML structures
// (with the real key names, so the readers' inner paths are reached) through every parser.
import fc from 'fast-check';
import {stringify} from 'yaml';
import {describe, expect, test} from 'vitest';
import {parseClusterConfig, TOP_LEVEL_KEYS} from '../../source/domain/config/config-loader.js';
import {importLvsConf} from '../../source/domain/importers/lvs-conf-importer.js';
import {importScreenrc} from '../../source/domain/importers/screenrc-importer.js';
import {renderImportYaml} from '../../source/domain/importers/render-import.js';
import {parseThemeFile} from '../../source/domain/theme/theme-file.js';
import {THEME_ROLES} from '../../source/domain/theme/theme.js';

const KEYS = [...TOP_LEVEL_KEYS, 'name', 'host', 'port', 'user', 'jump', 'transport', 'address', 'mac', 'device', 'label', 'prefix', 'network', 'protocol', 'vip', 'fwmark', 'scheduler', 'persistent', 'netmask', 'server', 'weight', 'forward', 'number', 'title', 'command', 'bindings', 'direct', 'scrollback', 'sidePanel', 'initialPane', 'fg', 'bg', 'bold', 'palette', 'roles', 'extends', ...THEME_ROLES];
const leaf = fc.oneof(fc.string(), fc.integer({min: -5, max: 70000}), fc.boolean(), fc.constant(null), fc.constantFrom('10.0.0.1', 'rs1', 'director', '^Bb', 'eth0:1', 'pane.next', '#ff0000', 'tcp', 'fwm', 'wlc'));
const tree = fc.letrec(tie => ({
	node: fc.oneof({maxDepth: 4}, leaf, fc.array(tie('node'), {maxLength: 4}), fc.dictionary(fc.constantFrom(...KEYS), tie('node'), {maxKeys: 6})),
})).node;
const configLike = fc.dictionary(fc.constantFrom(...KEYS), tree, {maxKeys: 8});

describe('no input crashes a parser', () => {
	test('config loader: random text', () => {
		fc.assert(fc.property(fc.string({unit: 'binary', maxLength: 300}), text => {
			const r = parseClusterConfig(text, 'f.yaml');
			return r.ok || (r.error.length > 0 && r.error.every(e => e.where?.file === 'f.yaml' && e.message.length > 0));
		}), {numRuns: 300});
	});

	test('config loader: random structures with real key names', () => {
		fc.assert(fc.property(configLike, value => {
			const r = parseClusterConfig(stringify(value), 'f.yaml');
			return r.ok || r.error.every(e => e.where?.file === 'f.yaml' && typeof e.message === 'string');
		}), {numRuns: 400});
	});

	test('importers and theme files: random text; the importer output always renders', () => {
		const tables = {hosts: new Map([['rs1', '10.0.0.1']]), services: new Map([['http/tcp', 80]])};
		const lines = fc.array(fc.oneof(fc.string(), fc.constantFrom('VIP=eth0:1 rs1 255.255.255.255 x', 'SERVICE=t http wlc rs1:http,3 x:y,z', 'DIP=eth0', 'screen -t a 1 ssh a', 'bind x select a', 'escape ^', 'layout new', 'select 3', 'shelltitle "|"')), {maxLength: 12}).map(l => l.join('\n'));
		fc.assert(fc.property(lines, text => {
			renderImportYaml(importLvsConf(text, tables), 'x');
			renderImportYaml(importScreenrc(text), 'x');
			parseThemeFile(text, 't.json', 't');
			return true;
		}), {numRuns: 300});
	});

	test('theme files: random structures', () => {
		fc.assert(fc.property(configLike, value => {
			const r = parseThemeFile(JSON.stringify(value), 't.json', 't');
			return r.ok || r.error.every(e => e.code.startsWith('theme.'));
		}), {numRuns: 300});
	});

	test('a fuzz-found config that loads is internally consistent', () => {
		fc.assert(fc.property(configLike, value => {
			const r = parseClusterConfig(stringify(value), 'f.yaml');
			if (!r.ok) return true;
			const numbers = r.value.panes.map(p => p.number);
			expect(new Set(numbers).size).toBe(numbers.length);
			const names = [r.value.director.name, ...r.value.realServers.map(s => s.name)];
			expect(new Set(names).size).toBe(names.length);
			return true;
		}), {numRuns: 200});
	});
});
