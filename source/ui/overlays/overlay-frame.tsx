// A bordered dialog centred in the pane area. The area itself is blank (the compositor stops
// painting the pane while an overlay is open), so nothing shows through.
import React from 'react';
import type {ReactNode} from 'react';
import {Box, Text} from 'ink';
import {useAppState} from '../app-context.js';
import {useRole} from '../theme.js';
import {borderStyle} from '../borders.js';

export function OverlayFrame({title, width, height, boxWidth, children, footer}: {title: string; width: number; height: number; boxWidth?: number; children: ReactNode; footer?: string}) {
	const ascii = useAppState(s => s.ascii);
	const border = useRole('dialog.border');
	const titleStyle = useRole('dialog.title');
	const muted = useRole('text.muted');
	const w = Math.max(10, Math.min(width, boxWidth ?? width - 4));
	return (
		<Box width={width} height={height} alignItems="center" justifyContent="center">
			<Box flexDirection="column" width={w} borderStyle={borderStyle(ascii)} borderColor={border.color} paddingX={1} overflow="hidden">
				<Text {...titleStyle} wrap="truncate">
					{title}
				</Text>
				{children}
				{footer ? (
					<Text {...muted} wrap="truncate">
						{footer}
					</Text>
				) : null}
			</Box>
		</Box>
	);
}
