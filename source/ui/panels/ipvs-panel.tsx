// The live IPVS table: drawn from the store's plain data only (the lines come from
// ipvs-panel-lines.ts). IpvsView takes props so it renders in tests without the app around it.
import React from 'react';
import {Box, Text} from 'ink';
import {useAppState} from '../app-context.js';
import {useTheme} from '../theme.js';
import {textProps} from '../../domain/theme/theme.js';
import type {SidePanelProps} from '../panel-registry.js';
import type {IpvsData} from '../../store/ipvs-slice.js';
import {ipvsPanelLines} from './ipvs-panel-lines.js';
import type {AppState} from '../../store/app-store.js';
import {plainRowCount} from '../../domain/ipvs/ipvs-rows.js';

export interface IpvsViewProps {
	data: IpvsData;
	width: number;
	height: number;
	focused?: boolean;
	ascii?: boolean;
	readOnly?: boolean;
	now?: number;
}

export function IpvsView({data, width, height, focused = false, ascii = false, readOnly = false, now = Date.now()}: IpvsViewProps) {
	const theme = useTheme();
	const lines = ipvsPanelLines(data, {width, height, now, focused, ascii, readOnly});
	return (
		<Box flexDirection="column" width={width} height={height}>
			{lines.map((line, i) => (
				<Text key={i} {...textProps(theme, line.role)} wrap="truncate">
					{line.text}
				</Text>
			))}
		</Box>
	);
}

/** Lines the side panel can fill: the director line, the header, a row per service and server, two for messages. */
export function ipvsRowsWanted(state: AppState): number {
	const d = state.ipvs.directors[state.ipvs.view.director];
	return (d?.table ? plainRowCount(d.table) : 1) + 4;
}

export function IpvsPanel({width, height, focused}: SidePanelProps) {
	const data = useAppState(s => s.ipvs);
	const ascii = useAppState(s => s.ascii);
	const readOnly = useAppState(s => s.readOnly);
	return <IpvsView data={data} width={width} height={height} focused={focused} ascii={ascii} readOnly={readOnly} />;
}

const OVERLAY_HINTS = ['IPVS — Esc closes', '↑↓ select', '+/- w weight', 'd drain', 'R restore', 'x remove', 'a add', 's sort', '/ filter', 'S save', 'N/E/D service'];

/** The overlay's key hints split at '·' into as many lines as `width` needs (two at 80 columns),
 * so no key is cut off the end. */
export function overlayHintLines(width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const hint of OVERLAY_HINTS) {
		const next = line ? `${line} · ${hint}` : hint;
		if (line && [...next].length > width) {
			lines.push(line);
			line = hint;
		} else line = next;
	}
	lines.push(line);
	return lines;
}

/** The C-a i overlay: the same table with every column, always focused. */
export function IpvsOverlay({width, height}: {width: number; height: number}) {
	const data = useAppState(s => s.ipvs);
	const ascii = useAppState(s => s.ascii);
	const readOnly = useAppState(s => s.readOnly);
	const theme = useTheme();
	const hints = overlayHintLines(width);
	return (
		<Box flexDirection="column" width={width} height={height}>
			{hints.map((hint, i) => (
				<Text key={i} {...textProps(theme, 'panel.title')} wrap="truncate">
					{hint}
				</Text>
			))}
			<IpvsView data={data} width={width} height={Math.max(1, height - hints.length)} focused ascii={ascii} readOnly={readOnly} />
		</Box>
	);
}
