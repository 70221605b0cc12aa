// The stdout Ink writes to. Ink draws its frame relative to where it left the cursor; the
// compositor moves the cursor to the pane's cursor between Ink frames. So each Ink write is
// re-anchored at the row Ink believes it is on, and followed by a full repaint of the pane (Ink's
// frame blanked those cells) — one synchronized write, no flicker.
//
// The frame is as tall as the terminal (the status line is its last row, as in screen). Ink clears
// the whole screen and scrollback for a frame as tall as stdout.rows, and ends every frame with a
// newline that would scroll the terminal; so Ink is told of one row more than there is, and that
// final newline is dropped here (its next eraseLines then stops at the top row, harmlessly).
import {EventEmitter} from 'node:events';
import {SYNC_BEGIN, SYNC_END} from '../terminal/compositor.js';

export interface TerminalSink {
	write(data: string): unknown;
	columns?: number;
	rows?: number;
}

export class InkStdout extends EventEmitter {
	readonly isTTY = true;
	/** 1-based row of Ink's logical cursor (where its next eraseLines starts). */
	private inkRow = 1;
	private lastFrame: {anchor: number; body: string} | null = null;

	constructor(
		private readonly sink: TerminalSink,
		private readonly size: () => {cols: number; rows: number},
		/** The pane repaint to append after Ink's bytes. */
		private readonly afterInk: () => string,
	) {
		super();
	}

	get columns(): number {
		return this.size().cols;
	}

	get rows(): number {
		return this.size().rows + 1;
	}

	write(data: string | Uint8Array, ...rest: unknown[]): boolean {
		const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
		let body = text.split(SYNC_BEGIN).join('').split(SYNC_END).join('');
		if (body.endsWith('\n')) body = body.slice(0, -1);
		if (body) {
			const anchor = `\x1b[${this.inkRow};1H`;
			if (body.includes('\n')) this.lastFrame = {anchor: this.inkRow, body};
			this.inkRow = trackRow(this.inkRow, body, this.size().rows);
			this.sink.write(SYNC_BEGIN + anchor + body + this.afterInk() + SYNC_END);
		}
		const callback = rest.find(r => typeof r === 'function') as (() => void) | undefined;
		callback?.();
		return true;
	}

	/**
	 * Write Ink's last frame again (C-a l after the screen was cleared): Ink itself skips a frame
	 * identical to the last one, so it cannot be asked to repaint.
	 */
	replayLastFrame(): void {
		const frame = this.lastFrame;
		if (!frame) return;
		this.inkRow = trackRow(frame.anchor, frame.body, this.size().rows);
		this.sink.write(SYNC_BEGIN + `\x1b[${frame.anchor};1H` + frame.body + this.afterInk() + SYNC_END);
	}

	/** After a resize: the screen was cleared, Ink's next frame starts at the top. */
	resetAnchor(): void {
		this.inkRow = 1;
	}
}

/** Where the cursor ends after `data`, for the subset of sequences Ink's log-update uses. */
export function trackRow(row: number, data: string, rows: number): number {
	const re = /\x1b\[(\d*)([ABHJ])|\n/g;
	let m: RegExpExecArray | null;
	while ((m = re.exec(data))) {
		if (m[0] === '\n') row = Math.min(rows, row + 1);
		else if (m[2] === 'A') row = Math.max(1, row - Number(m[1] || 1));
		else if (m[2] === 'B') row = Math.min(rows, row + Number(m[1] || 1));
		else if (m[2] === 'H') row = 1;
	}
	return row;
}
