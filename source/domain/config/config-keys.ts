// keys: — the prefix (screen's `escape` form or C-x) and bindings overlaid on screen's defaults.

import {isActionId} from '../actions.js';
import type {KeysConfig} from './cluster-config.js';
import {defaultKeys} from './defaults.js';
import {normalizeKeyName, parsePrefix, prefixKeyName} from './key-names.js';
import {didYouMean} from './nearest-word.js';
import {ACTIONS} from '../actions.js';
import {isNull, readMap, readOpenMap, readString, report, type Field, type ReadContext} from './yaml-reader.js';

const KEYS_KEYS = ['prefix', 'bindings', 'direct'] as const;
const ACTION_IDS = Object.keys(ACTIONS);
const DIRECT_KEYS = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'f12'];

/**
 * Keys for a new prefix, the way screen's `escape ^Bb` behaves: prefix twice = last pane,
 * prefix then the literal key = send the prefix. Replaces the C-a / a defaults.
 */
export function keysForPrefix(prefix: number, literal: string): KeysConfig {
	const keys = defaultKeys();
	if (prefix === keys.prefix && literal === keys.literal) return keys;
	delete keys.bindings[prefixKeyName(keys.prefix)];
	delete keys.bindings[keys.literal];
	keys.prefix = prefix;
	keys.literal = literal;
	keys.bindings[prefixKeyName(prefix)] = 'pane.last';
	keys.bindings[literal] = 'prefix.literal';
	return keys;
}

export function readKeys(ctx: ReadContext, field: Field | undefined): KeysConfig {
	if (!field || isNull(field)) return defaultKeys();
	const entries = readMap(ctx, field, KEYS_KEYS);
	if (!entries) return defaultKeys();
	let keys = defaultKeys();
	const prefixField = entries.get('prefix');
	if (prefixField) {
		const text = readString(ctx, prefixField);
		if (text !== undefined) {
			const spec = parsePrefix(text);
			if (typeof spec === 'string') report(ctx, 'config.bad-key', prefixField.line, `${prefixField.path}: ${spec}`);
			else keys = keysForPrefix(spec.prefix, spec.literal);
		}
	}
	const bindings = entries.get('bindings');
	if (bindings) readBindings(ctx, bindings, keys.bindings, null);
	const direct = entries.get('direct');
	if (direct) readBindings(ctx, direct, keys.direct, DIRECT_KEYS);
	return keys;
}

/** Overlays `KEY: action` lines on table; `KEY: null` removes a default binding. */
function readBindings(ctx: ReadContext, field: Field, table: Record<string, string>, onlyKeys: string[] | null): void {
	for (const {key, keyLine, value} of readOpenMap(ctx, field) ?? []) {
		const name = normalizeKeyName(key);
		if (name === null) {
			report(ctx, 'config.bad-key', keyLine, `${field.path}: '${key}' is not a key name; use a single character, '^X' or C-x for control keys, or one of space, tab, enter, backspace, up, down, left, right, home, end, pgup, pgdn, insert, delete, f1-f12`);
			continue;
		}
		if (onlyKeys && !onlyKeys.includes(name)) {
			report(ctx, 'config.bad-key', keyLine, `${field.path}: '${key}' cannot be bound without the prefix; only f1-f12 can, so a pane's program never loses a normal key`);
			continue;
		}
		if (isNull(value)) {
			delete table[name];
			continue;
		}
		const action = readString(ctx, value);
		if (action === undefined) continue;
		if (!isActionId(action)) {
			report(ctx, 'config.unknown-action', value.line, `${value.path}: unknown action '${action}'${didYouMean(action, ACTION_IDS)}; run 'lvs-tui --help' or see the README for the list`);
			continue;
		}
		table[name] = action;
	}
}
