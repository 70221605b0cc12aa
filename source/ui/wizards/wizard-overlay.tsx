// The wizard overlay (C-a W): draws wizardView's lines inside the core's overlay frame. Reads the
// wizard slice only; every key goes to the WizardController through the feature registration.
import React from 'react';
import {Text} from 'ink';
import type {WizardDefinition} from '../../domain/wizards/wizard-form.js';
import {useAppState} from '../app-context.js';
import {OverlayFrame} from '../overlays/overlay-frame.js';
import {useRole} from '../theme.js';
import {wizardView, type LineRole, type WizardLine} from './wizard-lines.js';

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

export function makeWizardOverlay(definitions: WizardDefinition[]) {
	return function WizardOverlay({width, height}: {width: number; height: number}) {
		const wizard = useAppState(s => s.wizard);
		const readOnly = useAppState(s => s.readOnly);
		const view = wizardView(wizard, definitions, readOnly);
		// Frame border (2) + title + footer = 4 rows around the content.
		const room = Math.max(1, height - 4 - view.head.length);
		const start = Math.min(wizard.scroll, Math.max(0, view.body.length - room));
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
	};
}
