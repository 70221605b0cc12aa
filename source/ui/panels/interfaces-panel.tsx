// The director's interfaces in the side panel: drawn from the store's plain data only.
import React from 'react';
import {Box, Text} from 'ink';
import {useAppState} from '../app-context.js';
import {useTheme} from '../theme.js';
import {textProps} from '../../domain/theme/theme.js';
import type {SidePanelProps} from '../panel-registry.js';
import type {InterfacesData} from '../../store/interfaces-slice.js';
import {interfacesPanelLines} from './interfaces-panel-lines.js';
import type {AppState} from '../../store/app-store.js';

/** Lines the side panel can fill at this width. */
export function interfacesRowsWanted(state: AppState, width: number): number {
	return interfacesPanelLines(state.interfaces, width, Date.now()).length;
}

export function InterfacesView({data, width, height, now = Date.now()}: {data: InterfacesData; width: number; height: number; now?: number}) {
	const theme = useTheme();
	const all = interfacesPanelLines(data, width, now);
	const shown = all.length > height ? [...all.slice(0, Math.max(0, height - 1)), {text: `… ${all.length - height + 1} more lines`, role: 'text.muted' as const}] : all;
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{shown.slice(0, height).map((line, i) => (
				<Text key={i} {...textProps(theme, line.role)} wrap="truncate">
					{line.text}
				</Text>
			))}
		</Box>
	);
}

export function InterfacesPanel({width, height}: SidePanelProps) {
	const data = useAppState(s => s.interfaces);
	return <InterfacesView data={data} width={width} height={height} />;
}
