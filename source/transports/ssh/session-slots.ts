// sshd allows only MaxSessions (default 10) session channels per connection — shells, exec and
// SFTP together — and refuses the rest with "open failed". Every channel on a pooled connection
// takes a slot here first, so twenty pollers and wizards at once queue instead of failing. When a
// server refuses earlier than expected (a lower MaxSessions), the limit is learned from it.

export const DEFAULT_MAX_SESSIONS = 10;

/** How sshd words a refused session channel (exec, shell or SFTP) when MaxSessions is reached. */
export function isSessionRefusal(message: string): boolean {
	return /open failed|administratively prohibited|too many/i.test(message);
}

/** Tries at a refused channel before giving up: each refusal lowers the learned limit. */
export const MAX_REFUSED_ATTEMPTS = 5;

export type ReleaseSlot = () => void;

export class SessionSlots {
	private inUse = 0;
	private readonly waiters: Array<() => void> = [];

	constructor(private capacity = DEFAULT_MAX_SESSIONS) {}

	get used(): number {
		return this.inUse;
	}

	get limit(): number {
		return this.capacity;
	}

	/**
	 * A slot, or null when the signal aborts or the deadline (epoch ms) passes first. The release
	 * function is idempotent.
	 */
	acquire(options: {signal?: AbortSignal; deadline?: number} = {}): Promise<ReleaseSlot | null> {
		return new Promise(resolve => {
			let settled = false;
			let timer: NodeJS.Timeout | undefined;
			const grant = () => {
				if (settled) return false;
				settled = true;
				cleanup();
				this.inUse++;
				let released = false;
				resolve(() => {
					if (released) return;
					released = true;
					this.inUse--;
					this.wake();
				});
				return true;
			};
			const giveUp = () => {
				if (settled) return;
				settled = true;
				cleanup();
				const i = this.waiters.indexOf(waiter);
				if (i !== -1) this.waiters.splice(i, 1);
				resolve(null);
			};
			const waiter = () => {
				grant();
			};
			const cleanup = () => {
				if (timer) clearTimeout(timer);
				options.signal?.removeEventListener('abort', giveUp);
			};
			if (options.signal?.aborted) return giveUp();
			if (this.inUse < this.capacity) {
				grant();
				return;
			}
			this.waiters.push(waiter);
			options.signal?.addEventListener('abort', giveUp, {once: true});
			if (options.deadline !== undefined) timer = setTimeout(giveUp, Math.max(0, options.deadline - Date.now()));
		});
	}

	/** The server refused a channel while `used` were open (counting the refused one): it allows fewer. */
	refused(): void {
		this.capacity = Math.max(1, this.inUse - 1);
	}

	private wake(): void {
		while (this.inUse < this.capacity && this.waiters.length) this.waiters.shift()!();
	}
}
