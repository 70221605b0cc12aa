// A one-line text prompt: screen's `'` (select by number or title) and `A` (rename).
import React from 'react';
import {Text} from 'ink';
import {useRole} from '../theme.js';
import {OverlayFrame} from './overlay-frame.js';

export function PromptOverlay({width, height, label, text, body, secret}: {width: number; height: number; label: string; text: string; body?: string[]; secret?: boolean}) {
	const accent = useRole('accent');
	const muted = useRole('text.muted');
	return (
		<OverlayFrame title={label} width={width} height={height} boxWidth={Math.min(width - 4, body ? 76 : 60)} footer={secret ? 'typing is not shown; Enter accepts, Esc cancels' : 'Enter accepts, Esc cancels'}>
			{(body ?? []).map((line, i) => (
				<Text key={i} {...muted} wrap="truncate">
					{line}
				</Text>
			))}
			<Text wrap="truncate-start">
				{'> '}
				{secret ? '' : text}
				<Text {...accent} inverse>
					{' '}
				</Text>
			</Text>
		</OverlayFrame>
	);
}
