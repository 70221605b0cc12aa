// A PaneScreen for hosts that cannot hand out their emulator (a socket client after reattach):
// a local emulator rebuilt from the host's snapshot and kept current with its output events. It
// never answers terminal queries — the host's own emulator already did.
import type {PaneHost} from '../services/pane-host.js';
import {Emulator} from './emulator.js';
import type {PaneScreen, ScreenModes} from './pane-screen.js';

export class MirrorScreen implements PaneScreen {
	private readonly emulator: Emulator;
	private readonly unsubscribe: () => void;

	constructor(host: PaneHost, paneId: string, scrollback = 1000) {
		const snapshot = host.snapshot(paneId);
		this.emulator = new Emulator({cols: snapshot.cols, rows: snapshot.rows, scrollback});
		this.emulator.write(snapshot.serialized);
		this.unsubscribe = host.subscribe(event => {
			if (event.type === 'output' && event.paneId === paneId) this.emulator.write(event.data);
		});
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
		return this.emulator.onChange(listener);
	}

	resize(cols: number, rows: number): void {
		this.emulator.resize(cols, rows);
	}

	dispose(): void {
		this.unsubscribe();
		this.emulator.dispose();
	}
}
