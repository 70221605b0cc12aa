// Paints the active pane straight to the terminal: only rows that changed since the last frame,
// at absolute positions, inside a synchronized-output block, at most one frame per frameMs and
// at once when output pauses. Ink never re-renders for pane output (ARCHITECTURE.md: 0.28 ms per
// frame this way against 10-23 ms through React).
import type {PaneScreen} from './pane-screen.js';
import {OUTER_DEFAULT, outerModeChanges, outerModesOf} from './outer-modes.js';
import type {OuterModes} from './outer-modes.js';

export const SYNC_BEGIN = '\x1b[?2026h';
export const SYNC_END = '\x1b[?2026l';

export interface CompositorOptions {
	/** Minimum time between frames while output streams. */
	frameMs?: number;
	now?: () => number;
}

export class Compositor {
	private screen: PaneScreen | null = null;
	private detachScreen: (() => void) | null = null;
	private painted: Array<string | undefined> = [];
	private cursorState = '';
	private outer: OuterModes = OUTER_DEFAULT;
	private area = {cols: 80, rows: 22};
	private enabled = true;
	private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
	private lastFrame = -Infinity;
	private readonly frameMs: number;
	private readonly now: () => number;
	/** Frames written (for tests and the bench). */
	frames = 0;

	constructor(
		private readonly write: (data: string) => void,
		options: CompositorOptions = {},
	) {
		this.frameMs = options.frameMs ?? 16;
		this.now = options.now ?? (() => performance.now());
	}

	/** Show this pane (or nothing). Repaints everything. */
	attach(screen: PaneScreen | null): void {
		if (screen === this.screen) return;
		this.detachScreen?.();
		this.screen = screen;
		this.detachScreen = screen ? screen.onChange(() => this.schedule()) : null;
		this.invalidate();
		this.schedule();
	}

	/** The pane rectangle, top-left at the terminal's (0,0). */
	setArea(cols: number, rows: number): void {
		if (cols === this.area.cols && rows === this.area.rows) return;
		this.area = {cols, rows};
		this.invalidate();
		this.schedule();
	}

	/** Off while an overlay covers the pane: Ink owns those cells then. */
	setEnabled(enabled: boolean): void {
		if (enabled === this.enabled) return;
		this.enabled = enabled;
		this.invalidate();
		if (enabled) this.schedule();
	}

	get isEnabled(): boolean {
		return this.enabled;
	}

	/** Forget what is on screen (after Ink redrew or a resize): the next frame paints every row. */
	invalidate(): void {
		this.painted = [];
		this.cursorState = '';
	}

	/**
	 * The bytes of one frame for what changed, and mark it painted. Used by the frame clock and
	 * appended by the Ink output wrapper after each chrome frame. '' when nothing changed.
	 */
	frame(): string {
		const screen = this.screen;
		let out = '';
		if (!this.enabled || !screen) {
			if (this.outer !== OUTER_DEFAULT) {
				out += outerModeChanges(this.outer, OUTER_DEFAULT);
				this.outer = OUTER_DEFAULT;
			}
			return out;
		}
		const rows = Math.min(this.area.rows, screen.rows);
		const extra = this.area.cols - screen.cols;
		for (let y = 0; y < rows; y++) {
			let row = screen.row(y);
			if (extra > 0) row += `\x1b[${extra}X`;
			if (row !== this.painted[y]) {
				out += `\x1b[${y + 1};1H` + row;
				this.painted[y] = row;
			}
		}
		// Rows of the area the pane does not cover yet (mid-resize): blank them once.
		for (let y = rows; y < this.area.rows; y++) {
			const blank = `\x1b[0m\x1b[${this.area.cols}X`;
			if (this.painted[y] !== blank) {
				out += `\x1b[${y + 1};1H` + blank;
				this.painted[y] = blank;
			}
		}
		const modes = screen.modes();
		const outer = outerModesOf(modes);
		const change = outerModeChanges(this.outer, outer);
		if (change) {
			out += change;
			this.outer = outer;
		}
		const c = screen.cursor();
		// Scrolled back into history, the program's cursor is not on the rows shown.
		const visible = modes.cursorVisible && screen.scrolledBack() === 0 && c.y < this.area.rows && c.x < this.area.cols;
		const cursor = `\x1b[${c.y + 1};${c.x + 1}H` + (visible ? '\x1b[?25h' : '\x1b[?25l');
		if (out || cursor !== this.cursorState) {
			out += cursor;
			this.cursorState = cursor;
		}
		return out;
	}

	/** Paint now (outside the frame clock). */
	paint(): void {
		this.cancel();
		const out = this.frame();
		this.lastFrame = this.now();
		if (out) {
			this.frames++;
			this.write(SYNC_BEGIN + out + SYNC_END);
		}
	}

	/** Mode changes to undo on exit (mouse, keypad, focus back to normal). */
	resetOuterModes(): string {
		const out = outerModeChanges(this.outer, OUTER_DEFAULT);
		this.outer = OUTER_DEFAULT;
		return out;
	}

	dispose(): void {
		this.cancel();
		this.detachScreen?.();
		this.detachScreen = null;
		this.screen = null;
	}

	private cancel(): void {
		if (this.timer) {
			clearTimeout(this.timer as NodeJS.Timeout);
			clearImmediate(this.timer as NodeJS.Immediate);
			this.timer = null;
		}
	}

	private schedule(): void {
		if (this.timer || !this.enabled) return;
		const wait = this.lastFrame + this.frameMs - this.now();
		const run = () => {
			this.timer = null;
			this.paint();
		};
		this.timer = wait <= 0 ? setImmediate(run) : setTimeout(run, wait);
	}
}
