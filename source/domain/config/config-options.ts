// options: — tunables with defaults from defaults.ts.

import {isMap, isScalar, type Node} from 'yaml';
import type {OptionsConfig, PaneConfig} from './cluster-config.js';
import {defaultOptions} from './defaults.js';
import {isNull, lineAt, readBool, readChoice, readInt, readMap, readString, report, type Field, type ReadContext} from './yaml-reader.js';

const OPTION_KEYS = ['scrollback', 'pollIntervalMs', 'sidePanel', 'confirmVipDown', 'auditLog', 'kickstartDir', 'dhcpdConf', 'shell', 'knownHostsFile', 'readOnly', 'initialPane'] as const;

export function readOptions(ctx: ReadContext, field: Field | undefined): OptionsConfig {
	const options = defaultOptions();
	if (!field || isNull(field)) return options;
	const entries = readMap(ctx, field, OPTION_KEYS);
	if (!entries) return options;
	const int = (key: 'scrollback' | 'pollIntervalMs', min: number, max: number) => {
		const f = entries.get(key);
		if (f) options[key] = readInt(ctx, f, min, max) ?? options[key];
	};
	int('scrollback', 0, 1_000_000);
	int('pollIntervalMs', 100, 60_000);
	const side = entries.get('sidePanel');
	if (side) options.sidePanel = readChoice(ctx, side, ['auto', 'on', 'off'] as const) ?? options.sidePanel;
	for (const key of ['confirmVipDown', 'readOnly'] as const) {
		const f = entries.get(key);
		if (f) options[key] = readBool(ctx, f) ?? options[key];
	}
	for (const key of ['auditLog', 'kickstartDir', 'dhcpdConf', 'shell', 'knownHostsFile'] as const) {
		const f = entries.get(key);
		const value = f ? readString(ctx, f) : undefined;
		if (value !== undefined) options[key] = value;
	}
	const initial = entries.get('initialPane');
	if (initial) {
		const n = readInt(ctx, initial, 0, 99);
		if (n !== undefined) options.initialPane = n;
	}
	return options;
}

/** initialPane must name a pane the config opens. */
export function checkInitialPane(ctx: ReadContext, options: OptionsConfig, panes: readonly PaneConfig[], field: Field | undefined): void {
	if (options.initialPane === undefined || panes.some(p => p.number === options.initialPane)) return;
	const line = field && isMap(field.node) ? lineAt(ctx, field.node.items.find(i => isScalar(i.key) && i.key.value === 'initialPane')?.value as Node | undefined) : undefined;
	report(ctx, 'config.value', line ?? field?.line, `options.initialPane: there is no pane ${options.initialPane}; panes are ${panes.map(p => p.number).join(', ')}`);
}
