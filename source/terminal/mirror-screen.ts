// A PaneScreen for hosts that cannot hand out their emulator (a socket client after reattach):
// a local emulator rebuilt from the host's snapshot and kept current with its output. It never
// answers terminal queries — the host's own emulator already did.
//
// reset() rebuilds it from a newer snapshot in a fresh emulator and swaps that in only once the
// snapshot is parsed, so the compositor never paints a half-replayed screen; output written
// meanwhile goes to the new emulator, after the snapshot.
import type {PaneHost, PaneSnapshot} from '../services/pane-host.js';
import {Emulator} from './emulator.js';
import type {PaneScreen, ScreenModes} from './pane-screen.js';

/**
 * Snapshots up to this size reset the emulator in place (ESC c + the snapshot, one write); bigger
 * ones (with scrollback) are built in a fresh emulator and swapped in when parsed.
 */
const IN_PLACE_RESET_CHARS = 32 * 1024;

/** An emulator and how many characters written to it are not parsed yet. */
interface Fed {
	emulator: Emulator;
	unparsed: number;
}

export class MirrorScreen implements PaneScreen {
	private readonly scrollback: number;
	private current: Fed;
	/** The emulator a reset() is building; output goes here until it is swapped in. */
	private next: Fed | null = null;
	private readonly changeListeners = new Set<() => void>();
	private offChange: () => void;
	private unsubscribe: () => void = () => undefined;
	private disposed = false;

	/** Follow `paneId` of `host`: its snapshot now, then its output events. */
	constructor(host: PaneHost, paneId: string, scrollback?: number);
	/** Start from `snapshot`; the owner feeds output with write() (RemotePaneHost does). */
	constructor(snapshot: PaneSnapshot, scrollback?: number);
	constructor(source: PaneHost | PaneSnapshot, paneIdOrScrollback?: string | number, scrollbackArg?: number) {
		const host = 'subscribe' in source ? source : null;
		const paneId = typeof paneIdOrScrollback === 'string' ? paneIdOrScrollback : '';
		this.scrollback = (typeof paneIdOrScrollback === 'number' ? paneIdOrScrollback : scrollbackArg) ?? 1000;
		const snapshot = host ? host.snapshot(paneId) : (source as PaneSnapshot);
		this.current = this.build(snapshot);
		this.offChange = this.emulator.onChange(() => this.changed());
		if (host) {
			this.unsubscribe = host.subscribe(event => {
				if (event.type === 'output' && event.paneId === paneId) this.write(event.data);
			});
		}
	}

	private get emulator(): Emulator {
		return this.current.emulator;
	}

	/** Output that follows what the screen shows (or the snapshot a reset is building). */
	write(data: string): void {
		if (this.disposed) return;
		const fed = this.next ?? this.current;
		fed.unparsed += data.length;
		fed.emulator.write(data, () => {
			fed.unparsed -= data.length;
		});
	}

	/** Characters written and not yet parsed: how far this mirror is behind its host. */
	get pendingChars(): number {
		return (this.next ?? this.current).unparsed;
	}

	/** Call `done` once everything written so far is parsed. */
	afterParsed(done: () => void): void {
		if (this.disposed) return;
		(this.next ?? this.current).emulator.write('', done);
	}

	/** A reset() is waiting for its snapshot to be parsed. */
	get resetting(): boolean {
		return this.next !== null;
	}

	/** The user typed into this pane: parse its echo at once instead of on xterm's next timer tick. */
	userInput(): void {
		(this.next ?? this.current).emulator.userInput();
	}

	/**
	 * Show `snapshot` (newer than anything written so far) instead of the current contents. The old
	 * screen stays up until the new one is parsed whole; a scrolled-back view keeps its offset.
	 */
	reset(snapshot: PaneSnapshot): void {
		if (this.disposed) return;
		if (!this.next && snapshot.cols === this.cols && snapshot.rows === this.rows && snapshot.serialized.length <= IN_PLACE_RESET_CHARS) {
			// A screen's worth (a flood followed by snapshots, many a second): reset in place. xterm
			// parses one small write in one go, so no half-drawn screen is ever seen, and no new
			// emulator is built and collected each time.
			this.write('\x1bc' + snapshot.serialized);
			return;
		}
		this.next?.emulator.dispose();
		const next = this.build(snapshot, () => {
			if (this.next !== next || this.disposed) return;
			const back = this.emulator.scrolledBack();
			this.offChange();
			this.emulator.dispose();
			this.current = next;
			this.next = null;
			this.offChange = next.emulator.onChange(() => this.changed());
			if (back > 0) next.emulator.scrollBy(-back);
			this.changed();
		});
		this.next = next;
	}

	get cols(): number {
		return this.emulator.cols;
	}

	get rows(): number {
		return this.emulator.rows;
	}

	row(y: number): string {
		return this.emulator.row(y);
	}

	text(y: number): string {
		return this.emulator.text(y);
	}

	cursor(): {x: number; y: number} {
		return this.emulator.cursor();
	}

	modes(): ScreenModes {
		return this.emulator.modes();
	}

	scrollBy(lines: number): void {
		this.emulator.scrollBy(lines);
	}

	scrollToBottom(): void {
		this.emulator.scrollToBottom();
	}

	scrolledBack(): number {
		return this.emulator.scrolledBack();
	}

	onChange(listener: () => void): () => void {
		this.changeListeners.add(listener);
		return () => this.changeListeners.delete(listener);
	}

	resize(cols: number, rows: number): void {
		this.next?.emulator.resize(cols, rows);
		this.emulator.resize(cols, rows);
	}

	dispose(): void {
		if (this.disposed) return;
		this.disposed = true;
		this.unsubscribe();
		this.offChange();
		this.next?.emulator.dispose();
		this.next = null;
		this.emulator.dispose();
	}

	private build(snapshot: PaneSnapshot, parsed?: () => void): Fed {
		const emulator = new Emulator({cols: snapshot.cols, rows: snapshot.rows, scrollback: this.scrollback});
		const fed: Fed = {emulator, unparsed: snapshot.serialized.length};
		emulator.write(snapshot.serialized, () => {
			fed.unparsed -= snapshot.serialized.length;
			parsed?.();
		});
		return fed;
	}

	private changed(): void {
		for (const listener of this.changeListeners) listener();
	}
}
