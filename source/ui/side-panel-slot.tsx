// The column right of the panes where feature panels draw. Each registered panel gets a share of
// the height and a titled border; the focused one is marked.
import React from 'react';
import {Box, Text} from 'ink';
import {useApp, useAppState} from './app-context.js';
import {useRole} from './theme.js';
import {borderStyle} from './borders.js';

export function SidePanelSlot({width, height}: {width: number; height: number}) {
	const {panels} = useApp();
	const focus = useAppState(s => s.focus);
	const ascii = useAppState(s => s.ascii);
	const border = useRole('panel.border');
	const title = useRole('panel.title');
	const selected = useRole('panel.selected');
	const list = panels.panels;
	if (list.length === 0) return null;
	const totalWeight = list.reduce((sum, p) => sum + (p.weight ?? 1), 0);
	let remaining = height;
	return (
		<Box flexDirection="column" width={width} height={height}>
			{list.map((panel, index) => {
				const share = index === list.length - 1 ? remaining : Math.max(3, Math.floor((height * (panel.weight ?? 1)) / totalWeight));
				remaining -= share;
				const focused = focus === 'side' && index === panels.focusedIndex % list.length;
				const Component = panel.Component;
				return (
					<Box key={panel.id} flexDirection="column" width={width} height={share} borderStyle={borderStyle(ascii)} borderColor={border.color}>
						<Text {...(focused ? selected : title)} wrap="truncate">
							{panel.title}
						</Text>
						<Component width={width - 2} height={Math.max(0, share - 3)} focused={focused} />
					</Box>
				);
			})}
		</Box>
	);
}
