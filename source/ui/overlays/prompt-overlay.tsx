// A one-line text prompt: screen's `'` (select by number or title) and `A` (rename).
import React from 'react';
import {Text} from 'ink';
import {useRole} from '../theme.js';
import {OverlayFrame} from './overlay-frame.js';

export function PromptOverlay({width, height, label, text}: {width: number; height: number; label: string; text: string}) {
	const accent = useRole('accent');
	return (
		<OverlayFrame title={label} width={width} height={height} boxWidth={Math.min(width - 4, 60)} footer="Enter accepts, Esc cancels">
			<Text wrap="truncate-start">
				{'> '}
				{text}
				<Text {...accent} inverse>
					{' '}
				</Text>
			</Text>
		</OverlayFrame>
	);
}
