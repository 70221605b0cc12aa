// Where things go on the screen, from plain state: the single source the compositor (pane
// rectangle) and the Ink chrome (side panel width) agree on.
import type {AppState} from './app-store.js';

/** Below this width an 'auto' side panel hides itself (80 columns minus a panel leaves too little). */
export const SIDE_PANEL_MIN_TERMINAL_COLS = 110;
export const SIDE_PANEL_WIDTH = 34;
/** Rows the chrome takes: the status line on the terminal's last row, as in screen and tmux. */
export const CHROME_ROWS = 1;

export interface Layout {
	/** Pane area: top-left is the terminal's (0,0). */
	paneCols: number;
	paneRows: number;
	sidePanelWidth: number;
	sidePanelVisible: boolean;
}

export function sidePanelVisible(state: Pick<AppState, 'sidePanelMode' | 'size'>, hasPanels: boolean): boolean {
	if (!hasPanels) return false;
	if (state.sidePanelMode === 'off') return false;
	if (state.sidePanelMode === 'on') return state.size.cols >= SIDE_PANEL_WIDTH + 20;
	return state.size.cols >= SIDE_PANEL_MIN_TERMINAL_COLS;
}

export function computeLayout(state: Pick<AppState, 'sidePanelMode' | 'size'>, hasPanels: boolean): Layout {
	const visible = sidePanelVisible(state, hasPanels);
	const sidePanelWidth = visible ? SIDE_PANEL_WIDTH : 0;
	return {
		paneCols: Math.max(1, state.size.cols - sidePanelWidth),
		paneRows: Math.max(1, state.size.rows - CHROME_ROWS),
		sidePanelWidth,
		sidePanelVisible: visible,
	};
}
