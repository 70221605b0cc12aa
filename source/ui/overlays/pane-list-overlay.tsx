// screen's `"`: every pane with its number, title, where it runs and its state; pick with arrows/Enter or a digit.
import React from 'react';
import {Box, Text} from 'ink';
import {useAppState} from '../app-context.js';
import {useRole} from '../theme.js';
import {OverlayFrame} from './overlay-frame.js';

export function PaneListOverlay({width, height, selected}: {width: number; height: number; selected: number}) {
	const panes = useAppState(s => s.panes);
	const activeId = useAppState(s => s.activePaneId);
	const highlight = useRole('panel.selected');
	const muted = useRole('text.muted');
	const visible = Math.max(1, height - 5);
	const first = Math.max(0, Math.min(selected - visible + 1, panes.length - visible));
	const boxWidth = Math.min(width - 4, 70);
	return (
		<OverlayFrame title="Panes" width={width} height={height} boxWidth={boxWidth} footer="↑/↓ or j/k, Enter selects, a digit jumps, Esc closes">
			<Box flexDirection="column">
				{panes.slice(first, first + visible).map((p, i) => {
					const index = first + i;
					const state = p.status === 'running' ? '' : ` [${p.statusText ?? p.status}]`;
					const line = `${String(p.number).padStart(2)}${p.id === activeId ? '*' : ' '} ${p.title.padEnd(16)} ${p.target}${state}`;
					return (
						<Text key={p.id} {...(index === selected ? highlight : p.status === 'running' ? {} : muted)} wrap="truncate">
							{line}
						</Text>
					);
				})}
			</Box>
		</OverlayFrame>
	);
}
