// The Ink root: the pane area (left blank for the compositor, or showing the top overlay), the
// side panel slot, and the status line on the last row. As tall as the terminal: InkStdout keeps
// Ink from clearing the screen or scrolling for that (see ink-stdout.ts).
import React from 'react';
import {Box} from 'ink';
import {useApp, useAppState} from './app-context.js';
import {computeLayout} from '../store/layout.js';
import {StatusLine} from './status-line.js';
import {SidePanelSlot} from './side-panel-slot.js';
import {HelpOverlay} from './overlays/help-overlay.js';
import {PaneListOverlay} from './overlays/pane-list-overlay.js';
import {PromptOverlay} from './overlays/prompt-overlay.js';
import {ConfirmOverlay} from './overlays/confirm-overlay.js';
import type {Overlay} from '../store/app-store.js';

/** Narrower than this, an open overlay hides the side panel and uses the full width. */
export const OVERLAY_MIN_COLS = 76;

function OverlayView({overlay, width, height}: {overlay: Overlay; width: number; height: number}) {
	const {panels} = useApp();
	switch (overlay.kind) {
		case 'help':
			return <HelpOverlay width={width} height={height} />;
		case 'pane-list':
			return <PaneListOverlay width={width} height={height} selected={overlay.selected} />;
		case 'prompt':
			return <PromptOverlay width={width} height={height} label={overlay.label} text={overlay.text} body={overlay.body} secret={overlay.purpose === 'secret'} />;
		case 'confirm':
			return <ConfirmOverlay width={width} height={height} spec={overlay} />;
		case 'feature': {
			const feature = panels.overlays.get(overlay.id);
			if (!feature) return null;
			const Component = feature.Component;
			return <Component width={width} height={height} payload={overlay.payload} />;
		}
	}
}

export function App() {
	const {panels} = useApp();
	const size = useAppState(s => s.size);
	const sidePanelMode = useAppState(s => s.sidePanelMode);
	const overlays = useAppState(s => s.overlays);
	const layout = computeLayout({size, sidePanelMode}, panels.hasPanels);
	const top = overlays[overlays.length - 1];
	// A side panel switched on at 80 columns leaves the pane 46: too narrow for the IPVS table,
	// wizards or help, which were cut mid-word beside it. Such an overlay takes the whole width.
	const overlayWide = top !== undefined && layout.sidePanelVisible && layout.paneCols < OVERLAY_MIN_COLS;
	const paneCols = overlayWide ? size.cols : layout.paneCols;
	return (
		<Box flexDirection="column" width={size.cols} height={Math.max(1, size.rows)}>
			<Box flexDirection="row" width={size.cols} height={layout.paneRows}>
				<Box width={paneCols} height={layout.paneRows}>
					{top ? <OverlayView overlay={top} width={paneCols} height={layout.paneRows} /> : null}
				</Box>
				{layout.sidePanelVisible && !overlayWide ? <SidePanelSlot width={layout.sidePanelWidth} height={layout.paneRows} /> : null}
			</Box>
			<StatusLine width={size.cols} />
		</Box>
	);
}
