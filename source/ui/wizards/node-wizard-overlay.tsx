// The add-node overlay (C-a +): draws nodeWizardView's lines inside the core's overlay frame.
// Reads the nodeWizard slice only; keys go to NodeWizardController through the feature.
import React from 'react';
import {Text} from 'ink';
import {useAppState} from '../app-context.js';
import {OverlayFrame} from '../overlays/overlay-frame.js';
import {useRole} from '../theme.js';
import {nodeWizardView} from './node-wizard-lines.js';
import type {LineRole, WizardLine} from './wizard-lines.js';

function Line({line}: {line: WizardLine}) {
	const roles: Record<LineRole, ReturnType<typeof useRole>> = {
		text: useRole('text.primary'),
		muted: useRole('text.muted'),
		selected: useRole('panel.selected'),
		ok: useRole('status.ok'),
		error: useRole('status.error'),
		warning: useRole('status.warning'),
		title: useRole('panel.title'),
	};
	return (
		<Text {...roles[line.role]} wrap="truncate">
			{line.text || ' '}
		</Text>
	);
}

export function NodeWizardOverlay({width, height}: {width: number; height: number}) {
	const state = useAppState(s => s.nodeWizard);
	const readOnly = useAppState(s => s.readOnly);
	const view = nodeWizardView(state, readOnly);
	const room = Math.max(1, height - 4 - view.head.length);
	const start = Math.min(state.scroll, Math.max(0, view.body.length - room));
	const shown = view.body.slice(start, start + room);
	const more = view.body.length > start + room ? ` · ${view.body.length - start - room} more lines ↓` : '';
	return (
		<OverlayFrame title={view.title} width={width} height={height} boxWidth={Math.min(width - 2, 100)} footer={view.footer + more}>
			{view.head.map((line, i) => (
				<Line key={`h${i}`} line={line} />
			))}
			{shown.map((line, i) => (
				<Line key={`b${start + i}`} line={line} />
			))}
		</OverlayFrame>
	);
}
