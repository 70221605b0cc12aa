// The generic confirmation every destructive action goes through.
import React from 'react';
import {Box, Text} from 'ink';
import {useRole} from '../theme.js';
import {OverlayFrame} from './overlay-frame.js';
import type {ConfirmOverlay as ConfirmSpec} from '../../store/app-store.js';

export function ConfirmOverlay({width, height, spec}: {width: number; height: number; spec: ConfirmSpec}) {
	const keyStyle = useRole('help.key');
	return (
		<OverlayFrame title={spec.title} width={width} height={height} boxWidth={Math.min(width - 4, 64)}>
			<Box flexDirection="column">
				{spec.body.map((line, i) => (
					<Text key={i} wrap="truncate">
						{line}
					</Text>
				))}
				<Text>
					Press <Text {...keyStyle}>{spec.confirmKey}</Text> to confirm, any other key cancels.
				</Text>
			</Box>
		</OverlayFrame>
	);
}
