// panes: — screen's `screen -t title n cmd` lines as data. Without a panes: section every host
// gets one, in order (director first), which is what the seed's .screenrc set up by hand.

import type {HostConfig, PaneConfig} from './cluster-config.js';
import type {NameRef} from './config-refs.js';
import {readInt, readLabel, readList, readMap, readString, report, type Field, type ReadContext} from './yaml-reader.js';

const PANE_KEYS = ['number', 'title', 'host', 'command'] as const;
export const MAX_PANE_NUMBER = 99;

export function defaultPanes(hosts: readonly HostConfig[]): PaneConfig[] {
	return hosts.map((host, number) => ({number, title: host.name, host: host.name}));
}

export function readPanes(ctx: ReadContext, field: Field, refs: NameRef[]): PaneConfig[] {
	const panes: PaneConfig[] = [];
	const numberLines = new Map<number, number | undefined>();
	const pending: Array<{pane: Omit<PaneConfig, 'number'>; number?: number}> = [];
	for (const item of readList(ctx, field) ?? []) {
		const entries = readMap(ctx, item, PANE_KEYS);
		if (!entries) continue;
		const pane: Omit<PaneConfig, 'number'> = {title: '', line: item.line};
		const hostField = entries.get('host');
		const commandField = entries.get('command');
		if (hostField && commandField) {
			report(ctx, 'config.value', commandField.line, `${item.path}: give either 'host' (a shell on that host) or 'command' (run locally), not both`);
		}
		if (hostField) {
			const host = readString(ctx, hostField);
			if (host !== undefined) {
				pane.host = host;
				refs.push({kind: 'pane-host', name: host, from: item.path, path: hostField.path, line: hostField.line});
			}
		} else if (commandField) {
			pane.command = readString(ctx, commandField);
		}
		const titleField = entries.get('title');
		const title = titleField ? readLabel(ctx, titleField) : undefined;
		pane.title = title ?? pane.host ?? pane.command?.split(/\s+/)[0] ?? 'shell';
		let number: number | undefined;
		const numberField = entries.get('number');
		if (numberField) {
			number = readInt(ctx, numberField, 0, MAX_PANE_NUMBER);
			if (number !== undefined && numberLines.has(number)) {
				const first = numberLines.get(number);
				report(ctx, 'config.duplicate-pane', numberField.line, `${numberField.path}: pane number ${number} is already used${first ? ` at line ${first}` : ''}; each pane needs its own number`);
				number = undefined;
				continue;
			}
			if (number !== undefined) numberLines.set(number, numberField.line);
		}
		pending.push({pane, number});
	}
	// Panes without a number take the lowest free one, like screen.
	let next = 0;
	for (const {pane, number} of pending) {
		let n = number;
		if (n === undefined) {
			while (numberLines.has(next)) next++;
			n = next;
			numberLines.set(n, undefined);
		}
		panes.push({number: n, ...pane});
	}
	return panes.sort((a, b) => a.number - b.number);
}
