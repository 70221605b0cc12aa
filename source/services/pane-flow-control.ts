// Back-pressure between a pane's program and its emulator: xterm parses asynchronously, so a
// flood (`cat` of 20 MB) would otherwise queue the whole file in memory. Pause reading above the
// high mark, resume below the low mark (ARCHITECTURE.md).

export const FLOW_HIGH_WATER = 256 * 1024;
export const FLOW_LOW_WATER = 32 * 1024;

export class FlowControl {
	private pending = 0;
	private paused = false;
	/** Holders that want reading paused whatever the water marks say (see hold()). */
	private holds = 0;

	constructor(
		private readonly pause: () => void,
		private readonly resume: () => void,
		private readonly high = FLOW_HIGH_WATER,
		private readonly low = FLOW_LOW_WATER,
	) {}

	/** Bytes handed to the emulator and not yet parsed. */
	get pendingBytes(): number {
		return this.pending;
	}

	get isPaused(): boolean {
		return this.paused;
	}

	queued(bytes: number): void {
		this.pending += bytes;
		if (!this.paused && this.pending > this.high) {
			this.paused = true;
			this.pause();
		}
	}

	parsed(bytes: number): void {
		this.pending = Math.max(0, this.pending - bytes);
		this.resumeIfDue();
	}

	/**
	 * Pause reading until release(), so the emulator can catch up with everything read so far (a
	 * session snapshot that needs no unparsed tail). Holds nest.
	 */
	hold(): void {
		this.holds++;
		if (!this.paused) {
			this.paused = true;
			this.pause();
		}
	}

	release(): void {
		this.holds = Math.max(0, this.holds - 1);
		this.resumeIfDue();
	}

	private resumeIfDue(): void {
		if (this.paused && this.holds === 0 && this.pending < this.low) {
			this.paused = false;
			this.resume();
		}
	}
}
