// Both wizard overlays (C-a W and C-a +) draw the same thing: a view's head lines, then its body
// scrolled to the slice's offset, in the core's overlay frame with the theme's roles per line.
import React from 'react';
import {Text} from 'ink';
import {OverlayFrame} from '../overlays/overlay-frame.js';
import {useRole} from '../theme.js';
import {wrapLines, type LineRole, type WizardLine} from './wizard-lines.js';

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

export interface WizardViewFrameProps {
	view: {title: string; head: WizardLine[]; body: WizardLine[]; footer: string};
	scroll: number;
	width: number;
	height: number;
	/** Fold lines longer than the frame onto the next rows (otherwise they are cut at the edge). */
	wrap?: boolean;
}

/** Edge to edge at 80 columns: plans and the doctor table are formatted 76 wide, and two columns
 * of margin made every table line wrap into a second, misaligned one. */
export function wizardBoxWidth(width: number): number {
	return Math.min(width, 100);
}

/** Inside the frame: border (2) and padding (2) columns. */
export function wizardInnerWidth(width: number): number {
	return wizardBoxWidth(width) - 4;
}

export function WizardViewFrame({view, scroll, width, height, wrap = true}: WizardViewFrameProps) {
	const boxWidth = wizardBoxWidth(width);
	const inner = wizardInnerWidth(width);
	const head = wrap ? wrapLines(view.head, inner) : view.head;
	const body = wrap ? wrapLines(view.body, inner) : view.body;
	const room = Math.max(1, height - 4 - head.length);
	const start = Math.min(scroll, Math.max(0, body.length - room));
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
}
