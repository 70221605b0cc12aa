// The listener lists every PaneProcess keeps (data, exit, connection status): add returns the
// unsubscribe function the PaneProcess interface promises; emit calls each in the order added.
export class Listeners<T> {
	private readonly set = new Set<(value: T) => void>();

	add(listener: (value: T) => void): () => void {
		this.set.add(listener);
		return () => {
			this.set.delete(listener);
		};
	}

	/** Iterates the set itself (no copy per chunk: data is emitted for every PTY read); one removed meanwhile is skipped. */
	emit(value: T): void {
		for (const listener of this.set) listener(value);
	}
}
