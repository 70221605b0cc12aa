// Reads rows off xterm's buffer into compact stored lines (scrollback-store.ts): rows the
// emulator wrapped are joined into one logical line, trailing blanks that look like the terminal's
// background are dropped, and a wide character xterm pushed to the next row does not leave its
// placeholder blank in the joined line.
import type {IBuffer, IBufferCell, IBufferLine} from '@xterm/headless';
import {flagsOf, isPlainBlank} from './row-encoder.js';
import {LineBuilder, StoredCell, cellCount, type StoredLine} from './scrollback-store.js';

const isEmpty = (c: IBufferCell | undefined) => c !== undefined && c.getCode() === 0 && c.getWidth() === 1;

/**
 * Cells of `row` that belong to its logical line (all of them for a row that wraps on), and where
 * trailing blanks erased with a colour start (xterm's reflow does not wrap those: see fillFrom).
 */
function cellsOf(row: IBufferLine, next: IBufferLine | undefined, cell: IBufferCell): {end: number; fillFrom: number} {
	const n = row.length;
	if (next?.isWrapped) {
		const end = isEmpty(row.getCell(n - 1, cell)) && next.getCell(0, cell)?.getWidth() === 2 ? n - 1 : n;
		return {end, fillFrom: end};
	}
	let end = n;
	while (end > 0) {
		const c = row.getCell(end - 1, cell);
		if (!isEmpty(c) || !isPlainBlank(c!)) break;
		end--;
	}
	let fillFrom = end;
	while (fillFrom > 0 && isEmpty(row.getCell(fillFrom - 1, cell))) fillFrom--;
	return {end, fillFrom};
}

function addCells(builder: LineBuilder, row: IBufferLine, count: number, cell: IBufferCell): void {
	for (let x = 0; x < count; x++) {
		const c = row.getCell(x, cell);
		if (!c) break;
		const width = c.getWidth();
		const chars = width === 0 ? '' : c.getChars() || ' ';
		const fgMode = c.getFgColorMode();
		const bgMode = c.getBgColorMode();
		builder.add(chars, width, fgMode | flagsOf(c), fgMode ? c.getFgColor() : 0, bgMode, bgMode ? c.getBgColor() : 0);
	}
}

function seeded(line: StoredLine): LineBuilder {
	const builder = new LineBuilder();
	const cell = new StoredCell();
	for (let i = 0; i < cellCount(line); i++) {
		cell.set(line, i);
		builder.add(cell.chars, cell.width, cell.fgModeFlags, cell.fg, cell.bgMode, cell.bg);
	}
	return builder;
}

export interface Captured {
	lines: StoredLine[];
	/** The first line continues `continued` (the store's open last line) instead of being new. */
	extendsLast: boolean;
	/** The last line goes on in row `to` (it was longer than the rows moved). */
	open: boolean;
}

/**
 * Rows [from, to) of `buffer` as logical lines. `continued` is the stored line the first row
 * continues, when the previous capture ended inside a line.
 */
export function captureRows(buffer: IBuffer, from: number, to: number, cell: IBufferCell, continued?: StoredLine): Captured {
	const lines: StoredLine[] = [];
	let extendsLast = false;
	let builder: LineBuilder | null = null;
	let fillFrom: number | undefined;
	let row = buffer.getLine(from);
	for (let y = from; y < to && row; y++) {
		const next = buffer.getLine(y + 1);
		if (!builder || !row.isWrapped) {
			if (builder) lines.push(builder.build(fillFrom));
			if (y === from && continued && row.isWrapped) {
				builder = seeded(continued);
				extendsLast = true;
			} else builder = new LineBuilder();
		}
		const cells = cellsOf(row, next, cell);
		fillFrom = builder.length + cells.fillFrom;
		addCells(builder, row, cells.end, cell);
		row = next;
	}
	if (builder) lines.push(builder.build(fillFrom));
	return {lines, extendsLast, open: buffer.getLine(to)?.isWrapped === true};
}
