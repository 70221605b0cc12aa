// Every binding, read from the keymap (so remapped keys show as remapped), in as many columns as fit.
import React from 'react';
import {Box, Text} from 'ink';
import {useApp} from '../app-context.js';
import {useRole} from '../theme.js';
import {bindingLines} from '../../keymap/keymap.js';
import {OverlayFrame} from './overlay-frame.js';

export function HelpOverlay({width, height}: {width: number; height: number}) {
	const {keymap} = useApp();
	const keyStyle = useRole('help.key');
	const lines = bindingLines(keymap);
	const inner = Math.max(10, width - 4 - 4);
	const rowsAvailable = Math.max(1, height - 5);
	const columns = Math.max(1, Math.min(3, Math.ceil(lines.length / rowsAvailable)));
	const perColumn = Math.ceil(lines.length / columns);
	const columnWidth = Math.floor(inner / columns);
	const keyWidth = Math.min(16, Math.floor(columnWidth * 0.4));
	// Narrow screens show the first key only, so descriptions keep room.
	const keysShown = columnWidth < 40 ? 1 : 2;
	const chunks = Array.from({length: columns}, (_, c) => lines.slice(c * perColumn, (c + 1) * perColumn));
	return (
		<OverlayFrame title="lvs-tui key bindings" width={width} height={height} footer="any key closes">
			<Box flexDirection="row">
				{chunks.map((chunk, c) => (
					<Box key={c} flexDirection="column" width={columnWidth}>
						{chunk.map(line => (
							<Box key={line.action} flexDirection="row">
								<Box width={keyWidth} flexShrink={0}>
									<Text {...keyStyle} wrap="truncate">
										{line.keys.slice(0, keysShown).join(' ')}
									</Text>
								</Box>
								<Box width={Math.max(1, columnWidth - keyWidth - 1)} flexShrink={0}>
									<Text wrap="truncate">{' ' + line.description}</Text>
								</Box>
							</Box>
						))}
					</Box>
				))}
			</Box>
		</OverlayFrame>
	);
}
