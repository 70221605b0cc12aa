// One emulator row -> one string of text and SGR that repaints it exactly, cols cells wide. This is
// what the compositor compares and writes; measured at ~0.3 ms per 89x38 frame (ARCHITECTURE.md).
import {FLAG_BLINK, FLAG_BOLD, FLAG_DIM, FLAG_INVERSE, FLAG_INVISIBLE, FLAG_ITALIC, FLAG_OVERLINE, FLAG_STRIKE, FLAG_UNDERLINE, sgr} from './sgr.js';

// Zero-width starters only (combining marks, ZWSP/ZWJ/ZWNJ, word joiner, BOM); a soft hyphen is one cell wide.
const COMBINING_START = /^[\p{Mn}\p{Me}\u200B-\u200F\u2060-\u2064\uFEFF]/u;
const DEFAULT_KEY = '0:-1:0:-1:0';

/** What the encoder reads of a cell: xterm's IBufferCell, or a compactly stored one (scrollback-store.ts). */
export interface CellView {
	getWidth(): number;
	getChars(): string;
	getCode(): number;
	getFgColorMode(): number;
	getBgColorMode(): number;
	getFgColor(): number;
	getBgColor(): number;
	isBgDefault(): boolean;
	isBold(): number;
	isDim(): number;
	isItalic(): number;
	isUnderline(): number;
	isBlink(): number;
	isInverse(): number;
	isInvisible(): number;
	isStrikethrough(): number;
	isOverline(): number;
}

/** What the encoder reads of a row: xterm's IBufferLine, or a stored scrollback row. */
export interface LineView {
	readonly length: number;
	getCell(x: number, cell?: CellView): CellView | undefined;
	translateToString(trimRight?: boolean, startColumn?: number, endColumn?: number): string;
}

export function flagsOf(cell: CellView): number {
	let flags = 0;
	if (cell.isBold()) flags |= FLAG_BOLD;
	if (cell.isDim()) flags |= FLAG_DIM;
	if (cell.isItalic()) flags |= FLAG_ITALIC;
	if (cell.isUnderline()) flags |= FLAG_UNDERLINE;
	if (cell.isBlink()) flags |= FLAG_BLINK;
	if (cell.isInverse()) flags |= FLAG_INVERSE;
	if (cell.isInvisible()) flags |= FLAG_INVISIBLE;
	if (cell.isStrikethrough()) flags |= FLAG_STRIKE;
	if (cell.isOverline()) flags |= FLAG_OVERLINE;
	return flags;
}

/** A blank that looks like the terminal's own background: can be erased instead of drawn. */
export function isPlainBlank(cell: CellView): boolean {
	// getCode() avoids building a string per cell (this runs for every trailing blank of every row).
	const code = cell.getCode();
	return (code === 0 || code === 32) && cell.isBgDefault() && !cell.isInverse() && !cell.isUnderline() && !cell.isStrikethrough() && !cell.isOverline();
}

/**
 * Encode `cols` cells of `line`. Trailing plain blanks become ECH (`ESC[nX`), which erases without
 * moving the cursor and never touches cells right of the pane (the side panel). The result ends
 * with attributes reset. The second half of a wide character (width 0) is skipped.
 */
export function encodeRow(line: LineView | undefined, cols: number, cell: CellView): string {
	if (!line) return `\x1b[0m\x1b[${cols}X`;
	let end = Math.min(cols, line.length);
	while (end > 0) {
		const c = line.getCell(end - 1, cell);
		if (!c || !isPlainBlank(c)) break;
		end--;
	}
	// Start from a reset so the row is correct whatever attributes the terminal had.
	let out = '\x1b[0m';
	let key = DEFAULT_KEY;
	let width = 0;
	let previousWidth = 1;
	for (let x = 0; x < end; x++) {
		const c = line.getCell(x, cell);
		if (!c) break;
		const w = c.getWidth();
		// Width 0 is normally the second half of a wide character: skip it. A width-0 cell that
		// does not follow one (a combining mark with no base) still holds a column: draw a blank.
		if (w === 0 && previousWidth === 2) {
			previousWidth = 0;
			continue;
		}
		previousWidth = w;
		// A wide char whose second half would fall outside the pane is drawn as a blank.
		if (x + Math.max(1, w) > cols) break;
		const fgMode = c.getFgColorMode();
		const bgMode = c.getBgColorMode();
		const fg = c.getFgColor();
		const bg = c.getBgColor();
		const flags = flagsOf(c);
		const k = `${fgMode}:${fg}:${bgMode}:${bg}:${flags}`;
		if (k !== key) {
			out += sgr(fgMode, fg, bgMode, bg, flags);
			key = k;
		}
		const chars = c.getChars();
		// A combining mark with no base would join the previous cell on the real terminal.
		out += chars === '' || w === 0 ? ' ' : COMBINING_START.test(chars) ? ' ' + chars : chars;
		width += Math.max(1, w);
	}
	if (key !== DEFAULT_KEY) out += '\x1b[0m';
	if (width < cols) out += `\x1b[${cols - width}X`;
	return out;
}

/** The plain text of a row (no attributes), for tests and the pane list preview. */
export function rowText(line: LineView | undefined, cols: number): string {
	return line ? line.translateToString(false, 0, cols) : ' '.repeat(cols);
}
