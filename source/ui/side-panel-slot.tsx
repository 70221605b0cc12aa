// The column right of the panes where feature panels draw. Each registered panel gets a share of
// the height (side-panel-heights.ts) and a titled border; the focused one is marked.
import React from 'react';
import {Box, Text} from 'ink';
import {useApp, useAppState} from './app-context.js';
import {useRole} from './theme.js';
import {borderStyle} from './borders.js';
import {PANEL_CHROME_ROWS, splitPanelHeights} from './side-panel-heights.js';

export function SidePanelSlot({width, height}: {width: number; height: number}) {
	const {panels} = useApp();
	const focus = useAppState(s => s.focus);
	const ascii = useAppState(s => s.ascii);
	const border = useRole('panel.border');
	const title = useRole('panel.title');
	const selected = useRole('panel.selected');
	const list = panels.panels;
	// A string, so the slot re-renders only when a panel's wish changes.
	const wanted = useAppState(s => list.map(p => (p.rowsWanted ? p.rowsWanted(s, width - 2) : -1)).join(','));
	if (list.length === 0) return null;
	const wishes = wanted.split(',').map(Number);
	const heights = splitPanelHeights(
		height,
		list.map((p, i) => (wishes[i]! >= 0 ? {weight: p.weight ?? 1, wanted: wishes[i]} : {weight: p.weight ?? 1})),
	);
	return (
		<Box flexDirection="column" width={width} height={height}>
			{list.map((panel, index) => {
				const share = heights[index]!;
				const focused = focus === 'side' && index === panels.focusedIndex % list.length;
				const Component = panel.Component;
				return (
					<Box key={panel.id} flexDirection="column" width={width} height={share} borderStyle={borderStyle(ascii)} borderColor={border.color}>
						<Text {...(focused ? selected : title)} wrap="truncate">
							{panel.title}
						</Text>
						<Component width={width - 2} height={Math.max(0, share - PANEL_CHROME_ROWS)} focused={focused} />
					</Box>
				);
			})}
		</Box>
	);
}
