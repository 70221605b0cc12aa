// A pane's VT emulator: @xterm/headless with unicode 11 widths and the serialize addon. It turns
// program output into rows the compositor paints, tracks the modes the input path needs, and
// hands terminal query replies (DA, DSR, ...) back so they reach the program.
import xterm from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';
import serialize from '@xterm/addon-serialize';
import type {IBufferCell, Terminal as XTerminal} from '@xterm/headless';
import {encodeRow, rowText} from './row-encoder.js';
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

	constructor(options: EmulatorOptions) {
		this.term = new Terminal({
			cols: Math.max(1, options.cols),
			rows: Math.max(1, options.rows),
			scrollback: options.scrollback,
			allowProposedApi: true,
			// Panes look like xterm to their programs; nothing here is ever drawn by xterm itself.
			convertEol: false,
		});
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
			return false;
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
		this.term.resize(cols, rows);
		for (const l of this.changeListeners) l();
	}

	row(y: number): string {
		const buffer = this.term.buffer.active;
		return encodeRow(buffer.getLine(buffer.viewportY + y), this.term.cols, this.cell);
	}

	text(y: number): string {
		const buffer = this.term.buffer.active;
		return rowText(buffer.getLine(buffer.viewportY + y), this.term.cols);
	}

	scrollBy(lines: number): void {
		if (this.disposed) return;
		this.term.scrollLines(Math.trunc(lines));
		for (const l of this.changeListeners) l();
	}

	scrollToBottom(): void {
		if (this.disposed) return;
		this.term.scrollToBottom();
		for (const l of this.changeListeners) l();
	}

	scrolledBack(): number {
		const buffer = this.term.buffer.active;
		return buffer.baseY - buffer.viewportY;
	}

	/** Per column of visible row y: its characters and width (tests compare screens cell by cell). */
	cells(y: number): Array<{chars: string; width: number}> {
		const buffer = this.term.buffer.active;
		const line = buffer.getLine(buffer.viewportY + y);
		const out: Array<{chars: string; width: number}> = [];
		for (let x = 0; x < this.term.cols; x++) {
			const c = line?.getCell(x, this.cell);
			out.push({chars: c?.getChars() ?? '', width: c?.getWidth() ?? 1});
		}
		return out;
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
		return this.serializer.serialize(options?.scrollback === undefined ? undefined : {scrollback: options.scrollback});
	}

	/** Lines of scrollback currently held (for tests and the pane list). */
	get scrollbackLength(): number {
		return this.term.buffer.normal.length - this.term.rows;
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
		this.changeListeners.clear();
		this.replyListeners.clear();
		this.bellListeners.clear();
		this.term.dispose();
	}
}
