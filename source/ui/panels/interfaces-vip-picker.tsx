// The short pick list F2 / C-a v opens when the config has several VIPs: number or arrows + Enter.
import React from 'react';
import {Box, Text} from 'ink';
import {useAppState} from '../app-context.js';
import {useRole} from '../theme.js';
import {OverlayFrame} from '../overlays/overlay-frame.js';
import {vipStates} from '../../store/interfaces-slice.js';

export interface VipPickPayload {
	selected: number;
}

export function isVipPickPayload(value: unknown): value is VipPickPayload {
	return typeof value === 'object' && value !== null && typeof (value as VipPickPayload).selected === 'number';
}

export function VipPickerOverlay({width, height, payload}: {width: number; height: number; payload?: unknown}) {
	const data = useAppState(s => s.interfaces);
	const selectedRole = useRole('panel.selected');
	const up = useRole('vip.up');
	const down = useRole('vip.down');
	const muted = useRole('text.muted');
	const selected = isVipPickPayload(payload) ? payload.selected : 0;
	const rows = vipStates(data).filter(v => v.entry.spec);
	return (
		<OverlayFrame title="Toggle which VIP?" width={width} height={height} boxWidth={Math.min(width - 4, 52)} footer="1-9 or ↑↓ Enter · Esc cancels">
			<Box flexDirection="column">
				{rows.map(({entry, state}, i) => {
					const spec = entry.spec!;
					const word = state === 'up' ? 'UP → down' : state === 'down' ? 'DOWN → up' : '? → up';
					return (
						<Text key={spec.address} {...(i === selected ? selectedRole : {})} wrap="truncate">
							{`${i + 1} ${spec.address} ${spec.label ?? spec.device} `}
							<Text {...(state === 'up' ? up : state === 'down' ? down : muted)}>{word}</Text>
						</Text>
					);
				})}
			</Box>
		</OverlayFrame>
	);
}
