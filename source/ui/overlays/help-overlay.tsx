// Every binding, read from the keymap (so remapped keys show as remapped), in as many columns as fit.
// At 80x24 (PuTTY) every description must stay readable: the ten "switch to pane N" lines fold
// into one, the key column is as wide as the longest key shown, and long descriptions wrap.
import React from 'react';
import {Box, Text} from 'ink';
import {useApp} from '../app-context.js';
import {useRole} from '../theme.js';
import {bindingLines, type BindingLine, type Keymap} from '../../keymap/keymap.js';
import {OverlayFrame} from './overlay-frame.js';

export interface HelpEntry {
	id: string;
	keys: string;
	description: string;
}

/** The ten pane.select.N lines as one '^A 0-9' line when all ten are bound to their own digit. */
export function helpEntries(keymap: Keymap): HelpEntry[] {
	const lines = bindingLines(keymap);
	const digit = (line: BindingLine) => /^pane\.select\.(\d)$/.exec(line.action)?.[1];
	const plain = lines.filter(l => digit(l) !== undefined && l.keys.length === 1 && l.keys[0] === `${keymap.prefixName} ${digit(l)}`);
	const folded = plain.length === 10;
	const entries: HelpEntry[] = [];
	for (const line of lines) {
		if (folded && plain.includes(line)) {
			if (line === plain[0]) entries.push({id: 'pane.select', keys: `${keymap.prefixName} 0-9`, description: 'switch to pane 0-9'});
			continue;
		}
		// The first key, plus a direct key (F2 beside ^A v); screen's second prefix spelling (^A ^C
		// beside ^A c) would cost every description three columns.
		const direct = line.keys.slice(1).find(k => !k.startsWith(`${keymap.prefixName} `));
		const keys = direct && `${line.keys[0]} ${direct}`.length <= 10 ? `${line.keys[0]} ${direct}` : line.keys[0];
		entries.push({id: line.action, keys, description: line.description});
	}
	return entries;
}

/** Description lines of `text` wrapped at word boundaries to `width` (long words are cut). */
export function wrapWords(text: string, width: number): string[] {
	const w = Math.max(1, width);
	const out: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		let rest = word;
		while ([...rest].length > w) {
			if (line) out.push(line);
			line = '';
			out.push([...rest].slice(0, w).join(''));
			rest = [...rest].slice(w).join('');
		}
		if (!line) line = rest;
		else if ([...line].length + 1 + [...rest].length <= w) line += ' ' + rest;
		else {
			out.push(line);
			line = rest;
		}
	}
	if (line || out.length === 0) out.push(line);
	return out;
}

export interface HelpLayout {
	keyWidth: number;
	columnWidth: number;
	/** Per column, the entries with their wrapped description lines. */
	columns: Array<Array<{entry: HelpEntry; lines: string[]}>>;
}

/** Fewest columns whose wrapped entries fit in `rows`; if none fit, the most columns (truncated). */
export function layoutHelp(entries: HelpEntry[], inner: number, rows: number): HelpLayout {
	const keyWidth = Math.max(...entries.map(e => [...e.keys].length)) + 1;
	let best: HelpLayout | undefined;
	for (let count = 1; count <= 3; count++) {
		const columnWidth = Math.floor(inner / count);
		const descWidth = columnWidth - keyWidth - 1;
		if (descWidth < 12) break;
		const wrapped = entries.map(entry => ({entry, lines: wrapWords(entry.description, descWidth)}));
		const total = wrapped.reduce((n, e) => n + e.lines.length, 0);
		const target = Math.ceil(total / count);
		const columns: HelpLayout['columns'] = [[]];
		let used = 0;
		for (const item of wrapped) {
			const last = columns[columns.length - 1];
			if (last.length > 0 && used + item.lines.length > target && columns.length < count) {
				columns.push([item]);
				used = item.lines.length;
			} else {
				last.push(item);
				used += item.lines.length;
			}
		}
		best = {keyWidth, columnWidth, columns};
		const tallest = Math.max(...columns.map(c => c.reduce((n, e) => n + e.lines.length, 0)));
		if (tallest <= rows) return best;
	}
	return best ?? {keyWidth, columnWidth: inner, columns: [entries.map(entry => ({entry, lines: [entry.description]}))]};
}

export function HelpOverlay({width, height}: {width: number; height: number}) {
	const {keymap} = useApp();
	const keyStyle = useRole('help.key');
	// Inside the frame: 4 columns of margin, border and padding; title, footer and border rows.
	const inner = Math.max(10, width - 4 - 4);
	const rowsAvailable = Math.max(1, height - 4);
	const {keyWidth, columnWidth, columns} = layoutHelp(helpEntries(keymap), inner, rowsAvailable);
	return (
		<OverlayFrame title="lvs-tui key bindings" width={width} height={height} footer="any key closes">
			<Box flexDirection="row">
				{columns.map((column, c) => (
					<Box key={c} flexDirection="column" width={columnWidth}>
						{column.map(({entry, lines}) => (
							<Box key={entry.id} flexDirection="row">
								<Box width={keyWidth} flexShrink={0}>
									<Text {...keyStyle} wrap="truncate">
										{entry.keys}
									</Text>
								</Box>
								<Box flexDirection="column" width={Math.max(1, columnWidth - keyWidth - 1)} flexShrink={0}>
									{lines.map((line, i) => (
										<Text key={i} wrap="truncate">
											{line}
										</Text>
									))}
								</Box>
							</Box>
						))}
					</Box>
				))}
			</Box>
		</OverlayFrame>
	);
}
