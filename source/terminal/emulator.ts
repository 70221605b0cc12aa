// A pane's VT emulator: @xterm/headless with unicode 11 widths and the serialize addon. It turns
// program output into rows the compositor paints, tracks the modes the input path needs, and
// hands terminal query replies (DA, DSR, ...) back so they reach the program.
//
// Scrollback lives in two parts: xterm holds the newest rows (all of them while output streams,
// so a flood costs nothing extra: xterm recycles its rows), and once output has been quiet for a
// moment, or before a resize, the rows above the screen move into a compact store (~40 bytes plus
// the text a line, against ~1.4 KB for a 120-column xterm row). The view (scrollBy) and
// serialize() read the store and xterm as one list, capped at `scrollback` rows.
import xterm from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';
import serialize from '@xterm/addon-serialize';
import type {IBufferCell, IDisposable, Terminal as XTerminal} from '@xterm/headless';
import {encodeRow, rowText, type CellView, type LineView} from './row-encoder.js';
import {ScrollbackStore, StoredCell} from './scrollback-store.js';
import {captureRows} from './scrollback-capture.js';
import {collectSoon} from '../runtime-memory.js';
import type {MouseEncoding, PaneScreen, ScreenModes} from './pane-screen.js';

const {Terminal} = xterm;
const {Unicode11Addon} = unicode11;
const {SerializeAddon} = serialize;

export interface EmulatorOptions {
	cols: number;
	rows: number;
	scrollback: number;
}

type Listener<T> = (value: T) => void;

/** Output quiet this long moves xterm's scrollback rows into the store. */
const COMPACT_QUIET_MS = 250;
/** Fewer scrollback rows than this in xterm are not worth a move (they cost < 300 KB). */
const COMPACT_MIN_ROWS = 200;
/**
 * Newest scrollback rows that stay in xterm: when the pane grows taller xterm pulls them back onto
 * the screen, as it always did (~140 KB a pane at 120 columns).
 */
const KEEP_ROWS = 100;

/**
 * xterm's normal buffer, reached past its public API to drop rows already moved into the store:
 * the same trim xterm does itself for CSI 3 J. Null when this xterm version is built differently,
 * and then nothing is moved (all scrollback stays in xterm, as before).
 */
interface InternalBuffer {
	lines: {trimStart(count: number): void; set(index: number, value: undefined): void; readonly length: number};
	ybase: number;
	ydisp: number;
	savedY: number;
}

function internalNormalBuffer(term: XTerminal): InternalBuffer | null {
	const normal = (term as unknown as {_core?: {buffers?: {normal?: Partial<InternalBuffer>}}})._core?.buffers?.normal;
	if (!normal || typeof normal.lines?.trimStart !== 'function' || typeof normal.lines.set !== 'function') return null;
	if (typeof normal.ybase !== 'number' || typeof normal.ydisp !== 'number' || typeof normal.savedY !== 'number') return null;
	return normal as InternalBuffer;
}

export class Emulator implements PaneScreen {
	private readonly term: XTerminal;
	private readonly serializer: InstanceType<typeof SerializeAddon>;
	private readonly cell: IBufferCell;
	private readonly changeListeners = new Set<() => void>();
	private readonly replyListeners = new Set<Listener<string>>();
	private readonly bellListeners = new Set<() => void>();
	private cursorHidden = false;
	private mouseEncoding: MouseEncoding = 'default';
	private disposed = false;
	/** Older scrollback, moved out of xterm (see the top of the file). */
	private readonly store: ScrollbackStore;
	private readonly storedCell = new StoredCell();
	private readonly maxScrollback: number;
	/** Rows the view is scrolled back from the live screen (0 = live). */
	private back = 0;
	/** While scrolled back: counts rows that scroll in, so the view stays on the same lines. */
	private followScroll: IDisposable | null = null;
	private compactTimer: NodeJS.Timeout | null = null;
	private lastOutput = 0;
	/** Rows moved into the store so far (tests and the bench read it). */
	movedRows = 0;

	constructor(options: EmulatorOptions) {
		this.term = new Terminal({
			cols: Math.max(1, options.cols),
			rows: Math.max(1, options.rows),
			scrollback: options.scrollback,
			allowProposedApi: true,
			// Panes look like xterm to their programs; nothing here is ever drawn by xterm itself.
			convertEol: false,
		});
		this.maxScrollback = Math.max(0, options.scrollback);
		this.store = new ScrollbackStore(this.term.cols);
		this.term.loadAddon(new Unicode11Addon());
		this.term.unicode.activeVersion = '11';
		this.serializer = new SerializeAddon();
		this.term.loadAddon(this.serializer as never);
		this.cell = this.term.buffer.active.getNullCell();
		this.term.onData(data => {
			if (data === '') return;
			for (const l of this.replyListeners) l(data);
		});
		this.term.onBinary(data => {
			for (const l of this.replyListeners) l(data);
		});
		this.term.onBell(() => {
			for (const l of this.bellListeners) l();
		});
		// Observe DECSET/DECRST for what IModes does not expose (cursor visibility, mouse encoding);
		// returning false lets xterm handle the sequence as usual.
		const observe = (set: boolean) => (params: (number | number[])[]) => {
			for (const p of params) {
				const mode = Array.isArray(p) ? p[0] : p;
				if (mode === 25) this.cursorHidden = !set;
				else if (mode === 1006) this.mouseEncoding = set ? 'sgr' : 'default';
				else if (mode === 1015) this.mouseEncoding = set ? 'urxvt' : 'default';
				else if (mode === 1005) this.mouseEncoding = set ? 'utf8' : 'default';
			}
			return false;
		};
		this.term.parser.registerCsiHandler({prefix: '?', final: 'h'}, observe(true));
		this.term.parser.registerCsiHandler({prefix: '?', final: 'l'}, observe(false));
		// RIS (ESC c) resets everything, including what we observe.
		this.term.parser.registerEscHandler({final: 'c'}, () => {
			this.cursorHidden = false;
			this.mouseEncoding = 'default';
			this.scrollbackCleared();
			this.back = 0;
			return false;
		});
		// CSI 3 J (clear, as ncurses' clear sends it) empties the scrollback: the stored part too.
		this.term.parser.registerCsiHandler({final: 'J'}, params => {
			if (params[0] === 3 && this.term.buffer.active.type === 'normal') this.scrollbackCleared();
			return false;
		});
		this.term.buffer.onBufferChange(() => {
			this.back = 0;
			this.follow();
		});
	}

	get cols(): number {
		return this.term.cols;
	}

	get rows(): number {
		return this.term.rows;
	}

	/** Parse program output; `parsed` runs once it is in the buffer (xterm parses asynchronously). */
	write(data: string | Uint8Array, parsed?: () => void): void {
		if (this.disposed) return;
		this.term.write(data, () => {
			parsed?.();
			this.outputParsed();
			for (const l of this.changeListeners) l();
		});
	}

	/**
	 * The user just typed into this pane: xterm then parses the next output (the echo) at once
	 * instead of on its next timer tick, which is most of the keystroke-to-screen latency.
	 */
	userInput(): void {
		if (!this.disposed) this.term.input('', true);
	}

	resize(cols: number, rows: number): void {
		if (this.disposed) return;
		cols = Math.max(1, cols);
		rows = Math.max(1, rows);
		if (cols === this.term.cols && rows === this.term.rows) return;
		// xterm reflows every row it holds (and allocates each one anew when it widens): move the
		// scrollback out first; stored lines are wrapped at the new width when read.
		this.compact(0);
		this.term.resize(cols, rows);
		this.store.setCols(this.term.cols);
		for (const l of this.changeListeners) l();
	}

	row(y: number): string {
		const [line, cell] = this.lineAt(y);
		return encodeRow(line, this.term.cols, cell);
	}

	text(y: number): string {
		return rowText(this.lineAt(y)[0], this.term.cols);
	}

	scrollBy(lines: number): void {
		if (this.disposed) return;
		if (this.term.buffer.active.type === 'normal') {
			this.back = Math.max(0, Math.min(this.historyRows(), this.back - Math.trunc(lines)));
			this.follow();
		}
		for (const l of this.changeListeners) l();
	}

	scrollToBottom(): void {
		if (this.disposed) return;
		this.back = 0;
		this.follow();
		for (const l of this.changeListeners) l();
	}

	scrolledBack(): number {
		return this.term.buffer.active.type === 'normal' ? Math.min(this.back, this.historyRows()) : 0;
	}

	/** Per column of visible row y: its characters and width (tests compare screens cell by cell). */
	cells(y: number): Array<{chars: string; width: number}> {
		const [line, cell] = this.lineAt(y);
		const out: Array<{chars: string; width: number}> = [];
		for (let x = 0; x < this.term.cols; x++) {
			const c = line?.getCell(x, cell);
			out.push({chars: c?.getChars() ?? '', width: c?.getWidth() ?? 1});
		}
		return out;
	}

	/**
	 * Move xterm's scrollback rows but the newest KEEP_ROWS into the store, keeping whole logical
	 * lines together unless one is longer than COMPACT_MIN_ROWS rows. `minRows`: do nothing for
	 * fewer rows to move.
	 */
	compact(minRows = COMPACT_MIN_ROWS): void {
		if (this.disposed || this.maxScrollback === 0 || this.term.buffer.active.type !== 'normal') return;
		const normal = this.term.buffer.normal;
		const movable = normal.length - this.term.rows - KEEP_ROWS;
		if (movable <= 0 || movable < minRows) return;
		const internal = internalNormalBuffer(this.term);
		if (!internal) return;
		let limit = movable;
		while (limit > 0 && normal.getLine(limit)?.isWrapped) limit--;
		if (limit === 0) {
			// One logical line fills the scrollback: move it anyway (it goes on in xterm's first row).
			if (movable < COMPACT_MIN_ROWS) return;
			limit = movable;
		}
		const captured = captureRows(normal, 0, limit, this.cell, this.store.open ? this.store.last() : undefined);
		captured.lines.forEach((line, i) => (i === 0 && captured.extendsLast ? this.store.replaceLast(line) : this.store.append(line)));
		this.store.open = captured.open;
		// trimStart only moves the list's start: empty the slots too, or the rows stay reachable.
		for (let i = 0; i < limit; i++) internal.lines.set(i, undefined);
		internal.lines.trimStart(limit);
		internal.ybase = Math.max(internal.ybase - limit, 0);
		internal.ydisp = Math.max(internal.ydisp - limit, 0);
		internal.savedY = Math.max(internal.savedY - limit, 0);
		this.movedRows += limit;
		this.storedRows();
		// The rows xterm dropped are garbage now (~1.1-1.4 KB each outside the JS heap): free them
		// before another pane's output allocates rows of its own, or the two add up. A few rows (a
		// resize moves little once the scrollback was moved) are not worth a full GC.
		if (limit >= COMPACT_MIN_ROWS) collectSoon();
	}

	/** Scrollback rows in the store, after dropping what the cap no longer allows. */
	private storedRows(): number {
		const inXterm = Math.max(0, this.term.buffer.normal.length - this.term.rows);
		this.store.limit(this.maxScrollback - inXterm);
		return this.store.rowCount;
	}

	/** Rows of history above the live screen: the store's and xterm's. */
	private historyRows(): number {
		return this.storedRows() + Math.max(0, this.term.buffer.normal.length - this.term.rows);
	}

	/** Visible row y as a line the row encoder reads, and the cell object to read it with. */
	private lineAt(y: number): [LineView | undefined, CellView] {
		const buffer = this.term.buffer.active;
		if (this.back === 0 || buffer.type !== 'normal') return [buffer.getLine(buffer.viewportY + y), this.cell];
		const stored = this.storedRows();
		const history = stored + Math.max(0, buffer.length - this.term.rows);
		const index = history - Math.min(this.back, history) + y;
		if (index < stored) return [this.store.row(index), this.storedCell];
		return [buffer.getLine(index - stored), this.cell];
	}

	/** While scrolled back, rows scrolling in push the view back by as many (xterm did the same). */
	private follow(): void {
		if (this.back > 0 && !this.followScroll) {
			this.followScroll = this.term.onScroll(() => {
				if (this.back > 0 && this.term.buffer.active.type === 'normal') this.back++;
			});
		} else if (this.back === 0 && this.followScroll) {
			this.followScroll.dispose();
			this.followScroll = null;
		}
	}

	/** Called before xterm drops its scrollback (CSI 3 J, RIS): drop the stored part too. */
	private scrollbackCleared(): void {
		this.store.clear();
		// Many rows about to become garbage while output may go on (clear; cat big): free them before
		// the output allocates as many again.
		if (this.term.buffer.normal.length - this.term.rows >= COMPACT_MIN_ROWS) collectSoon(0, true);
	}

	private outputParsed(): void {
		this.lastOutput = performance.now();
		if (this.compactTimer || this.maxScrollback === 0) return;
		if (this.term.buffer.normal.length - this.term.rows - KEEP_ROWS < COMPACT_MIN_ROWS) return;
		this.compactTimer = setTimeout(() => this.compactWhenQuiet(), COMPACT_QUIET_MS);
		this.compactTimer.unref();
	}

	private compactWhenQuiet(): void {
		this.compactTimer = null;
		if (this.disposed) return;
		const quiet = performance.now() - this.lastOutput;
		if (quiet < COMPACT_QUIET_MS) {
			this.compactTimer = setTimeout(() => this.compactWhenQuiet(), COMPACT_QUIET_MS - quiet);
			this.compactTimer.unref();
			return;
		}
		this.compact();
	}

	cursor(): {x: number; y: number} {
		const buffer = this.term.buffer.active;
		return {x: Math.min(buffer.cursorX, this.term.cols - 1), y: buffer.cursorY};
	}

	modes(): ScreenModes {
		const m = this.term.modes;
		return {
			applicationCursorKeys: m.applicationCursorKeysMode,
			applicationKeypad: m.applicationKeypadMode,
			bracketedPaste: m.bracketedPasteMode,
			mouseTracking: m.mouseTrackingMode,
			mouseEncoding: this.mouseEncoding,
			sendFocus: m.sendFocusMode,
			cursorVisible: !this.cursorHidden,
			altScreen: this.term.buffer.active.type === 'alternate',
		};
	}

	/** Screen, scrollback and modes as escape sequences: replayed into a fresh emulator it reproduces this one. */
	serialize(options?: {scrollback?: number}): string {
		// scrollback caps the lines sent to a reattaching client (issue 7); omitted: all of them.
		const cap = options?.scrollback;
		const inXterm = Math.max(0, this.term.buffer.normal.length - this.term.rows);
		const fromStore = cap === undefined ? Infinity : Math.max(0, cap - inXterm);
		const latest = this.serializer.serialize(cap === undefined ? undefined : {scrollback: cap});
		if (this.storedRows() === 0 || fromStore === 0) return latest;
		const older = this.store.serialize(fromStore);
		// The serialized rest expects an empty screen with the cursor at home: scroll the stored
		// lines (on the screen after their CRLFs) up into the scrollback, then home.
		const up = Math.min(older.rows, this.term.rows - 1);
		return older.text + `\x1b[${this.term.rows};1H` + '\n'.repeat(up) + '\x1b[H' + latest;
	}

	/** Lines of scrollback currently held (for tests and the pane list). */
	get scrollbackLength(): number {
		return this.historyRows();
	}

	onChange(listener: () => void): () => void {
		this.changeListeners.add(listener);
		return () => this.changeListeners.delete(listener);
	}

	/** Bytes the emulator would send to the program (query replies): the pane forwards them to its process. */
	onReply(listener: Listener<string>): () => void {
		this.replyListeners.add(listener);
		return () => this.replyListeners.delete(listener);
	}

	onBell(listener: () => void): () => void {
		this.bellListeners.add(listener);
		return () => this.bellListeners.delete(listener);
	}

	dispose(): void {
		if (this.disposed) return;
		this.disposed = true;
		if (this.compactTimer) clearTimeout(this.compactTimer);
		this.followScroll?.dispose();
		this.store.clear();
		this.changeListeners.clear();
		this.replyListeners.clear();
		this.bellListeners.clear();
		this.term.dispose();
	}
}
