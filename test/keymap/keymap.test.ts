import {describe, expect, it} from 'vitest';
import {bindingLines, buildKeymap, keyFor, resolve} from '../../source/keymap/keymap.js';
import {ACTIONS, DEFAULT_PREFIX_BINDINGS} from '../../source/domain/actions.js';
import {defaultKeys} from '../../source/domain/config/defaults.js';
import {parsePrefix} from '../../source/domain/config/key-names.js';

describe('keymap', () => {
	it("has screen's defaults after C-a", () => {
		const k = buildKeymap(defaultKeys());
		expect(k.prefixName).toBe('^A');
		for (const [key, action] of Object.entries(DEFAULT_PREFIX_BINDINGS)) expect(resolve(k, 'prefix', key)).toBe(action);
		expect(resolve(k, 'prefix', '^A')).toBe('pane.last');
		expect(resolve(k, 'prefix', 'a')).toBe('prefix.literal');
		expect(resolve(k, 'direct', 'f2')).toBe('vip.toggle');
		expect(resolve(k, 'direct', 'a')).toBeUndefined();
	});

	it('counts ^H and ^? as backspace, as screen does', () => {
		const k = buildKeymap(defaultKeys());
		expect(resolve(k, 'prefix', '^H')).toBe('pane.prev');
	});

	it("follows screen's `escape ^Bb`: C-b C-b is the last pane, C-b b the literal C-b", () => {
		const spec = parsePrefix('^Bb');
		if (typeof spec === 'string') throw new Error(spec);
		const k = buildKeymap({...defaultKeys(), prefix: spec.prefix, literal: spec.literal});
		expect(k.prefixByte).toBe(2);
		expect(resolve(k, 'prefix', '^B')).toBe('pane.last');
		expect(resolve(k, 'prefix', 'b')).toBe('prefix.literal');
		expect(keyFor(k, 'help')).toBe('^B ?');
	});

	it('lets the config remap and unbind keys', () => {
		const k = buildKeymap({...defaultKeys(), bindings: {...DEFAULT_PREFIX_BINDINGS, x: 'pane.kill', k: 'none'}, direct: {f5: 'help'}});
		expect(resolve(k, 'prefix', 'x')).toBe('pane.kill');
		expect(resolve(k, 'prefix', 'k')).toBeUndefined();
		expect(resolve(k, 'direct', 'f5')).toBe('help');
	});

	it('lists every bound action with its keys for the help overlay', () => {
		const lines = bindingLines(buildKeymap(defaultKeys()));
		const actions = lines.map(l => l.action);
		for (const id of Object.keys(ACTIONS)) expect(actions).toContain(id);
		expect(lines.find(l => l.action === 'pane.next')?.keys).toEqual(['^A n', '^A space', '^A ^N']);
		expect(lines.find(l => l.action === 'vip.toggle')?.keys).toEqual(['^A v', 'F2']);
	});
});
