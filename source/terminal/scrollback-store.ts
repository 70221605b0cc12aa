// Scrollback kept compactly: each logical line (rows joined where the emulator wrapped them) as
// its characters plus attribute runs, instead of xterm's fixed 12 bytes per cell of every row
// (~1.4 KB a 120-column row whatever it holds). The emulator moves lines here once output is
// quiet; they are wrapped again at whatever width the pane has when they are read, so a resize
// reflows them without touching them.
import {sgr} from './sgr.js';
import type {CellView, LineView} from './row-encoder.js';
import {FLAG_BLINK, FLAG_BOLD, FLAG_DIM, FLAG_INVERSE, FLAG_INVISIBLE, FLAG_ITALIC, FLAG_OVERLINE, FLAG_STRIKE, FLAG_UNDERLINE} from './sgr.js';

/** Numbers per attribute run: first cell, fgMode | flags, fg, bgMode, bg. */
const RUN = 5;

export interface StoredLine {
	/** Plain lines (every cell one UTF-16 unit wide one column): the cells' characters, one per cell. */
	readonly text: string;
	/** Other lines: each cell's characters ('' for the second half of a wide character)... */
	readonly cells: string[] | null;
	/** ...and its width (2 for a wide character, 0 for its second half). */
	readonly widths: number[] | null;
	/** Attribute runs (RUN numbers each) in cell order; null when every cell has default attributes. */
	readonly runs: number[] | null;
	/**
	 * Cells from here on are blanks erased with a colour (EL/ECH with a background): shown up to
	 * the row's edge, never wrapped onto another row (xterm's reflow does the same). Undefined: none.
	 */
	readonly fillFrom?: number;
}

export function cellCount(line: StoredLine): number {
	return line.cells ? line.cells.length : line.text.length;
}

/** Rows `line` takes at `cols` columns: a wide character that would straddle the edge starts the next row, as xterm wraps it. */
export function rowStarts(line: StoredLine, cols: number): number[] {
	const n = line.fillFrom ?? cellCount(line);
	const starts = [0];
	if (!line.widths) {
		for (let s = cols; s < n; s += cols) starts.push(s);
		return starts;
	}
	let used = 0;
	for (let i = 0; i < n; i++) {
		const w = line.widths[i]!;
		if (w === 0) continue;
		if (used + w > cols) {
			starts.push(i);
			used = 0;
		}
		used += w;
	}
	return starts;
}

function rowsOf(line: StoredLine, cols: number): number {
	if (!line.widths) return Math.max(1, Math.ceil((line.fillFrom ?? line.text.length) / cols));
	return rowStarts(line, cols).length;
}

/** Builds a StoredLine from cells read off the emulator, in order. */
export class LineBuilder {
	/** Characters of a plain line so far, joined once at build() (a string grown by += is a rope of pieces). */
	private parts: string[] = [];
	private cells: string[] | null = null;
	private widths: number[] | null = null;
	private runs: number[] | null = null;
	private count = 0;
	private fgf = 0;
	private fg = 0;
	private bgm = 0;
	private bg = 0;

	add(chars: string, width: number, fgModeFlags: number, fg: number, bgMode: number, bg: number): void {
		if (fgModeFlags !== this.fgf || fg !== this.fg || bgMode !== this.bgm || bg !== this.bg) {
			// The first run starts at the default; a line that never leaves it keeps runs null.
			this.runs ??= this.count > 0 ? [0, 0, 0, 0, 0] : [];
			this.runs.push(this.count, fgModeFlags, fg, bgMode, bg);
			this.fgf = fgModeFlags;
			this.fg = fg;
			this.bgm = bgMode;
			this.bg = bg;
		}
		const plain = width === 1 && chars.length === 1;
		if (!plain && !this.cells) {
			this.cells = this.parts;
			this.widths = new Array<number>(this.count).fill(1);
		}
		if (this.cells) {
			this.cells.push(chars);
			this.widths!.push(width);
		} else this.parts.push(chars);
		this.count++;
	}

	get length(): number {
		return this.count;
	}

	/** Drop cells from the end (trailing blanks). */
	truncate(count: number): void {
		if (count >= this.count) return;
		this.count = count;
		this.parts.length = count;
		if (this.widths) this.widths.length = count;
		if (this.runs) {
			while (this.runs.length > 0 && this.runs[this.runs.length - RUN]! >= count) this.runs.length -= RUN;
			if (this.runs.length === 0 || (this.runs.length === RUN && this.runs[1] === 0 && this.runs[2] === 0 && this.runs[3] === 0 && this.runs[4] === 0)) this.runs = null;
		}
	}

	build(fillFrom?: number): StoredLine {
		const line = {text: this.cells ? '' : this.parts.join(''), cells: this.cells, widths: this.widths, runs: this.runs};
		return fillFrom !== undefined && fillFrom < this.count ? {...line, fillFrom} : line;
	}
}

/** One cell of a stored line, shaped like xterm's IBufferCell for the row encoder. */
export class StoredCell implements CellView {
	chars = '';
	width = 1;
	fgModeFlags = 0;
	fg = 0;
	bgMode = 0;
	bg = 0;

	set(line: StoredLine | null, index: number): this {
		if (!line || index >= cellCount(line)) {
			this.chars = '';
			this.width = 1;
			this.fgModeFlags = this.fg = this.bgMode = this.bg = 0;
			return this;
		}
		if (line.cells) {
			this.chars = line.cells[index]!;
			this.width = line.widths![index]!;
		} else {
			this.chars = line.text[index]!;
			this.width = 1;
		}
		const runs = line.runs;
		if (!runs) {
			this.fgModeFlags = this.fg = this.bgMode = this.bg = 0;
			return this;
		}
		// Last run starting at or before index (runs are few per line: a linear scan is enough).
		let r = 0;
		while (r + RUN < runs.length && runs[r + RUN]! <= index) r += RUN;
		this.fgModeFlags = runs[r + 1]!;
		this.fg = runs[r + 2]!;
		this.bgMode = runs[r + 3]!;
		this.bg = runs[r + 4]!;
		return this;
	}

	getWidth(): number {
		return this.width;
	}
	getChars(): string {
		return this.chars;
	}
	getCode(): number {
		return this.chars === '' ? 0 : this.chars.codePointAt(0)!;
	}
	getFgColorMode(): number {
		return this.fgModeFlags & 0x3000000;
	}
	getBgColorMode(): number {
		return this.bgMode;
	}
	// -1 for the default colour, as xterm's cells answer (the row encoder compares keys with it).
	getFgColor(): number {
		return this.fgModeFlags & 0x3000000 ? this.fg : -1;
	}
	getBgColor(): number {
		return this.bgMode ? this.bg : -1;
	}
	isBgDefault(): boolean {
		return this.bgMode === 0;
	}
	private flag(f: number): number {
		return this.fgModeFlags & f;
	}
	isBold(): number {
		return this.flag(FLAG_BOLD);
	}
	isDim(): number {
		return this.flag(FLAG_DIM);
	}
	isItalic(): number {
		return this.flag(FLAG_ITALIC);
	}
	isUnderline(): number {
		return this.flag(FLAG_UNDERLINE);
	}
	isBlink(): number {
		return this.flag(FLAG_BLINK);
	}
	isInverse(): number {
		return this.flag(FLAG_INVERSE);
	}
	isInvisible(): number {
		return this.flag(FLAG_INVISIBLE);
	}
	isStrikethrough(): number {
		return this.flag(FLAG_STRIKE);
	}
	isOverline(): number {
		return this.flag(FLAG_OVERLINE);
	}
}

/** One row of a stored line at a given width, shaped like xterm's IBufferLine for the row encoder. */
class StoredRow implements LineView {
	constructor(
		private readonly line: StoredLine,
		private readonly start: number,
		private readonly end: number,
		readonly length: number,
	) {}

	getCell(x: number, cell?: CellView): CellView | undefined {
		const c = cell instanceof StoredCell ? cell : new StoredCell();
		const i = this.start + x;
		return c.set(x < this.length && i < this.end ? this.line : null, i);
	}

	translateToString(trimRight = false, startColumn = 0, endColumn = this.length): string {
		let out = '';
		const cell = new StoredCell();
		for (let x = startColumn; x < Math.min(endColumn, this.length); x++) {
			cell.set(this.start + x < this.end ? this.line : null, this.start + x);
			out += cell.width === 0 ? '' : cell.chars || ' ';
		}
		return trimRight ? out.trimEnd() : out;
	}
}

/** The older part of a pane's scrollback, oldest first, capped in rows at the current width. */
export class ScrollbackStore {
	private lines: StoredLine[] = [];
	/** Rows of each line at `cols`, parallel to `lines`. */
	private rows: number[] = [];
	/** Index of the oldest line still held (lines before it were evicted; compacted now and then). */
	private head = 0;
	private total = 0;
	/** Rows of the oldest line hidden because the cap falls inside it. */
	private skip = 0;
	private cols: number;
	/** Row index of each line's first row (from head), rebuilt when a lookup needs it. */
	private firstRow: Int32Array | null = null;
	/** The last line continues in the emulator's first row (a line longer than the emulator kept). */
	open = false;

	constructor(cols: number) {
		this.cols = Math.max(1, cols);
	}

	/** Rows shown at the current width, after the cap. */
	get rowCount(): number {
		return this.total - this.skip;
	}

	get lineCount(): number {
		return this.lines.length - this.head;
	}

	append(line: StoredLine): void {
		const r = rowsOf(line, this.cols);
		this.lines.push(line);
		this.rows.push(r);
		this.total += r;
		this.firstRow = null;
	}

	/** Replace the last line (an open line that grew). */
	replaceLast(line: StoredLine): void {
		if (this.lineCount === 0) return this.append(line);
		const i = this.lines.length - 1;
		const r = rowsOf(line, this.cols);
		this.total += r - this.rows[i]!;
		this.lines[i] = line;
		this.rows[i] = r;
		this.firstRow = null;
	}

	last(): StoredLine | undefined {
		return this.lineCount > 0 ? this.lines[this.lines.length - 1] : undefined;
	}

	/** Keep at most `maxRows` rows: whole lines go, a line the cap cuts keeps its newer rows. */
	limit(maxRows: number): void {
		maxRows = Math.max(0, maxRows);
		while (this.lineCount > 0 && this.total - this.rows[this.head]! >= maxRows) {
			this.total -= this.rows[this.head]!;
			this.head++;
			this.firstRow = null;
		}
		if (this.lineCount === 0) {
			this.clear();
			return;
		}
		this.skip = Math.max(0, this.total - maxRows);
		// Forget evicted slots once they are most of the array (amortised O(1) per line).
		if (this.head > 1024 && this.head * 2 > this.lines.length) {
			this.lines = this.lines.slice(this.head);
			this.rows = this.rows.slice(this.head);
			this.head = 0;
			this.firstRow = null;
		}
	}

	setCols(cols: number): void {
		cols = Math.max(1, cols);
		if (cols === this.cols) return;
		this.cols = cols;
		let total = 0;
		for (let i = this.head; i < this.lines.length; i++) {
			const r = rowsOf(this.lines[i]!, cols);
			this.rows[i] = r;
			total += r;
		}
		this.total = total;
		this.skip = Math.min(this.skip, total);
		this.firstRow = null;
	}

	clear(): void {
		this.lines = [];
		this.rows = [];
		this.head = 0;
		this.total = 0;
		this.skip = 0;
		this.firstRow = null;
		this.open = false;
	}

	/** Visible row `index` (0 = oldest shown) as a line the row encoder can read, `cols` wide. */
	row(index: number): LineView | undefined {
		if (index < 0 || index >= this.rowCount) return undefined;
		const absolute = index + this.skip;
		const first = this.index();
		// Last line whose first row is at or before `absolute`.
		let lo = 0;
		let hi = first.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (first[mid]! <= absolute) lo = mid;
			else hi = mid - 1;
		}
		const line = this.lines[this.head + lo]!;
		const starts = rowStarts(line, this.cols);
		const r = absolute - first[lo]!;
		const start = starts[r] ?? cellCount(line);
		const end = starts[r + 1] ?? cellCount(line);
		return new StoredRow(line, start, end, this.cols);
	}

	/**
	 * The newest lines, at most `maxRows` rows of them, as text and SGR that replayed into a fresh
	 * terminal of this width reproduce them (each ends with CRLF and attributes reset).
	 */
	serialize(maxRows = Infinity): {text: string; rows: number} {
		let from = this.lines.length;
		let rows = 0;
		while (from > this.head) {
			const r = this.rows[from - 1]! - (from - 1 === this.head ? this.skip : 0);
			if (rows + r > maxRows) break;
			rows += r;
			from--;
		}
		const parts: string[] = [];
		const cell = new StoredCell();
		for (let i = from; i < this.lines.length; i++) {
			const line = this.lines[i]!;
			let start = 0;
			if (i === this.head && this.skip > 0) start = rowStarts(line, this.cols)[this.skip] ?? cellCount(line);
			parts.push(serializeLine(line, start, this.cols, cell));
		}
		return {text: parts.join(''), rows};
	}

	private index(): Int32Array {
		if (this.firstRow) return this.firstRow;
		const n = this.lineCount;
		const first = new Int32Array(n);
		let row = 0;
		for (let i = 0; i < n; i++) {
			first[i] = row;
			row += this.rows[this.head + i]!;
		}
		this.firstRow = first;
		return first;
	}
}

function serializeLine(line: StoredLine, start: number, cols: number, cell: StoredCell): string {
	const DEFAULT = '0:0:0:0';
	let out = '';
	let attrs = DEFAULT;
	const setAttrs = () => {
		const k = `${cell.fgModeFlags}:${cell.fg}:${cell.bgMode}:${cell.bg}`;
		if (k === attrs) return;
		out += sgr(cell.getFgColorMode(), cell.fg, cell.bgMode, cell.bg, cell.fgModeFlags & 0xffffff);
		attrs = k;
	};
	const content = line.fillFrom ?? cellCount(line);
	let column = 0;
	for (let i = start; i < content; i++) {
		cell.set(line, i);
		if (cell.width === 0) continue;
		setAttrs();
		out += cell.chars || ' ';
		column = (column + cell.width) % cols || cols;
	}
	// Erased coloured blanks: erase them the same way (ECH with the colour), up to the row's edge.
	if (content < cellCount(line) && column < cols) {
		cell.set(line, content);
		setAttrs();
		out += `\x1b[${Math.min(cellCount(line) - content, cols - column)}X`;
	}
	if (attrs !== DEFAULT) out += '\x1b[0m';
	return out + '\r\n';
}
