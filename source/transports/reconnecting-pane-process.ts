// What the two SSH pane processes (ssh2 channel, system ssh in a PTY) share: the data, exit and
// connection-status listeners, a status that a new listener gets at once (the tab shows it on
// subscribe), and an end that happens once. How a shell is opened, lost and reopened is theirs.
import type {PaneConnectionStatus, PaneProcess, PaneProcessExit} from './pane-process.js';
import {Listeners} from './listeners.js';

export abstract class ReconnectingPaneProcess implements PaneProcess {
	private readonly dataListeners = new Listeners<string>();
	private readonly exitListeners = new Listeners<PaneProcessExit>();
	private readonly statusListeners = new Listeners<PaneConnectionStatus>();
	private status: PaneConnectionStatus = {state: 'connecting', text: 'connecting…'};
	private hasEnded = false;

	abstract write(data: string): void;
	abstract resize(cols: number, rows: number): void;
	abstract pause(): void;
	abstract resume(): void;
	abstract kill(): void;
	abstract retryNow(): void;

	onData(listener: (data: string) => void): () => void {
		return this.dataListeners.add(listener);
	}

	onExit(listener: (exit: PaneProcessExit) => void): () => void {
		return this.exitListeners.add(listener);
	}

	onStatus(listener: (status: PaneConnectionStatus) => void): () => void {
		const remove = this.statusListeners.add(listener);
		listener(this.status);
		return remove;
	}

	/** The pane has ended (its shell exited, it was killed, or it could not start). */
	protected get ended(): boolean {
		return this.hasEnded;
	}

	protected emitData(data: string): void {
		this.dataListeners.emit(data);
	}

	protected setStatus(status: PaneConnectionStatus): void {
		this.status = status;
		this.statusListeners.emit(status);
	}

	/** End the pane, once: let go of the transport (released()), then tell the exit listeners. */
	protected finish(exit: PaneProcessExit): void {
		if (this.hasEnded) return;
		this.hasEnded = true;
		this.released();
		this.exitListeners.emit(exit);
	}

	/** Drop timers, channels and connection references; called once, by finish(). */
	protected abstract released(): void;
}
