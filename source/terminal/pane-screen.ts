// What the UI needs from a pane's terminal to draw it and to translate keys for it: rows, cursor
// and modes. The pane manager's emulator implements it in-process; a socket client implements it
// with a mirror emulator fed from snapshot + output events (see mirror-screen.ts).

export type MouseTracking = 'none' | 'x10' | 'vt200' | 'drag' | 'any';
export type MouseEncoding = 'default' | 'utf8' | 'sgr' | 'urxvt';

export interface ScreenModes {
	/** DECCKM: arrows must be sent as ESC O A instead of ESC [ A. */
	applicationCursorKeys: boolean;
	/** DECKPAM: the keypad sends ESC O sequences. */
	applicationKeypad: boolean;
	bracketedPaste: boolean;
	mouseTracking: MouseTracking;
	mouseEncoding: MouseEncoding;
	sendFocus: boolean;
	cursorVisible: boolean;
	altScreen: boolean;
}

export interface PaneScreen {
	readonly cols: number;
	readonly rows: number;
	/** Visible row y (0-based) encoded with SGR, exactly `cols` cells wide (see row-encoder.ts). */
	row(y: number): string;
	/** Plain text of visible row y. */
	text(y: number): string;
	cursor(): {x: number; y: number};
	modes(): ScreenModes;
	/** Move the view into the scrollback (negative: back in time) and back; 0 lines means live. */
	scrollBy(lines: number): void;
	scrollToBottom(): void;
	/** How many lines the view is scrolled back from the live screen. */
	scrolledBack(): number;
	/** Called after new output has been parsed (possibly many times per frame: coalesce). */
	onChange(listener: () => void): () => void;
}

export const DEFAULT_MODES: ScreenModes = {
	applicationCursorKeys: false,
	applicationKeypad: false,
	bracketedPaste: false,
	mouseTracking: 'none',
	mouseEncoding: 'default',
	sendFocus: false,
	cursorVisible: true,
	altScreen: false,
};
