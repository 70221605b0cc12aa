// Bindings resolved per scope: 'prefix' (the key after C-a) and 'direct' (keys acting without the
// prefix). Built from the config's KeysConfig over screen's defaults; the help overlay lists it.
import {ACTIONS, DEFAULT_DIRECT_BINDINGS, DEFAULT_PREFIX_BINDINGS, isActionId} from '../domain/actions.js';
import type {ActionId} from '../domain/actions.js';
import type {KeysConfig} from '../domain/config/cluster-config.js';
import {prefixKeyName} from '../domain/config/key-names.js';

export type KeyScope = 'prefix' | 'direct';

export interface Keymap {
	prefixByte: number;
	/** '^A' */
	prefixName: string;
	literal: string;
	prefix: ReadonlyMap<string, ActionId>;
	direct: ReadonlyMap<string, ActionId>;
}

function merged(defaults: Readonly<Record<string, ActionId>>, configured: Record<string, string> | undefined): Map<string, ActionId> {
	const map = new Map<string, ActionId>(Object.entries(defaults));
	for (const [key, action] of Object.entries(configured ?? {})) {
		// 'none' (or any non-action the loader let through) unbinds the key.
		if (isActionId(action)) map.set(key, action);
		else map.delete(key);
	}
	return map;
}

export function buildKeymap(keys?: Partial<KeysConfig>): Keymap {
	const prefixByte = keys?.prefix ?? 0x01;
	const prefixName = prefixKeyName(prefixByte);
	const literal = keys?.literal ?? 'a';
	const prefix = merged(DEFAULT_PREFIX_BINDINGS, keys?.bindings);
	// screen: the prefix twice is "other window", the literal key sends the prefix itself.
	prefix.set(prefixName, 'pane.last');
	prefix.set(literal, 'prefix.literal');
	const direct = merged(DEFAULT_DIRECT_BINDINGS, keys?.direct);
	return {prefixByte, prefixName, literal, prefix, direct};
}

/** The action a key triggers in a scope, if any. ^H and ^? both count as backspace, as in screen. */
export function resolve(keymap: Keymap, scope: KeyScope, keyName: string): ActionId | undefined {
	const map = scope === 'prefix' ? keymap.prefix : keymap.direct;
	const action = map.get(keyName);
	if (action) return action;
	if (keyName === '^H' || keyName === '^?') return map.get('backspace');
	return undefined;
}

export interface BindingLine {
	action: ActionId;
	description: string;
	/** Human key strings, e.g. ['^A n', '^A space']. */
	keys: string[];
}

/** Every action with the keys bound to it, in ACTIONS order, for the help overlay. */
export function bindingLines(keymap: Keymap): BindingLine[] {
	const byAction = new Map<ActionId, string[]>();
	for (const [key, action] of keymap.prefix) {
		const list = byAction.get(action) ?? [];
		list.push(`${keymap.prefixName} ${key}`);
		byAction.set(action, list);
	}
	for (const [key, action] of keymap.direct) {
		const list = byAction.get(action) ?? [];
		list.push(key.toUpperCase());
		byAction.set(action, list);
	}
	const lines: BindingLine[] = [];
	for (const action of Object.keys(ACTIONS) as ActionId[]) {
		const keys = byAction.get(action);
		if (keys) lines.push({action, description: ACTIONS[action], keys});
	}
	return lines;
}

/** The first key bound to an action ('^A r'), for hints like "exited — ^A r restarts". */
export function keyFor(keymap: Keymap, action: ActionId): string | undefined {
	for (const [key, a] of keymap.prefix) if (a === action) return `${keymap.prefixName} ${key}`;
	for (const [key, a] of keymap.direct) if (a === action) return key.toUpperCase();
	return undefined;
}
