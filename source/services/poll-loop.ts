// The timing every poller shares: rounds one after another (never overlapping: the next is
// scheduled when one ends), a refresh on demand that joins a poll already under way instead of
// starting a second, and a stop that takes effect once the round in flight ends. What a round
// reads and how long to wait after it belong to the poller.
export interface PollLoopOptions<T> {
	/** A full poll: what refreshNow() runs. */
	poll(): Promise<T>;
	/** One timed round (usually `refreshNow()`); resolves to the ms to wait before the next. */
	round(refreshNow: () => Promise<T>): Promise<number>;
}

export class PollLoop<T> {
	private timer: NodeJS.Timeout | undefined;
	private running: Promise<T> | null = null;
	private stopped = true;

	constructor(private readonly options: PollLoopOptions<T>) {}

	start(): void {
		if (!this.stopped) return;
		this.stopped = false;
		void this.cycle();
	}

	stop(): void {
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
	}

	/** Poll now, or join the poll under way. */
	refreshNow(): Promise<T> {
		this.running ??= this.options.poll().finally(() => {
			this.running = null;
		});
		return this.running;
	}

	/** Resolves when no poll is under way. */
	async idle(): Promise<void> {
		await this.running;
	}

	/** A next round is scheduled (false after stop(), once the round in flight ended). */
	get scheduled(): boolean {
		return this.timer !== undefined;
	}

	private async cycle(): Promise<void> {
		this.timer = undefined;
		const delayMs = await this.options.round(() => this.refreshNow());
		if (this.stopped) return;
		this.timer = setTimeout(() => void this.cycle(), delayMs);
		this.timer.unref?.();
	}
}
