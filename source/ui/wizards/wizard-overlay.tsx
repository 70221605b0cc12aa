// The wizard overlay (C-a W): draws wizardView's lines inside the core's overlay frame. Reads the
// wizard slice only; every key goes to the WizardController through the feature registration.
import React from 'react';
import {Text} from 'ink';
import type {WizardDefinition} from '../../domain/wizards/wizard-form.js';
import {useAppState} from '../app-context.js';
import {OverlayFrame} from '../overlays/overlay-frame.js';
import {useRole} from '../theme.js';
import {wizardView, wrapLines, type LineRole, type WizardLine} from './wizard-lines.js';

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

export function makeWizardOverlay(definitions: WizardDefinition[], menu?: ReadonlyArray<{title: string; summary: string}>) {
	return function WizardOverlay({width, height}: {width: number; height: number}) {
		const wizard = useAppState(s => s.wizard);
		const readOnly = useAppState(s => s.readOnly);
		const view = wizardView(wizard, definitions, readOnly, menu);
		const boxWidth = Math.min(width - 2, 100);
		// Inside the frame: border (2) and padding (2) columns; border (2), title and footer rows.
		const inner = Math.min(width, boxWidth) - 4;
		const head = wrapLines(view.head, inner);
		const body = wrapLines(view.body, inner);
		const room = Math.max(1, height - 4 - head.length);
		const start = Math.min(wizard.scroll, Math.max(0, body.length - room));
		const shown = body.slice(start, start + room);
		const more = body.length > start + room ? ` · ${body.length - start - room} more lines ↓` : '';
		return (
			<OverlayFrame title={view.title} width={width} height={height} boxWidth={boxWidth} footer={view.footer + more}>
				{head.map((line, i) => (
					<Line key={`h${i}`} line={line} />
				))}
				{shown.map((line, i) => (
					<Line key={`b${start + i}`} line={line} />
				))}
			</OverlayFrame>
		);
	};
}
