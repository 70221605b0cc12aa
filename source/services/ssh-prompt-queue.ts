// An SshPrompter for the UI: each question becomes a plain-data request the dialog layer shows, one
// at a time, and the dialog answers it by id. Questions never block anything else (the connection
// that asked waits; other hosts and the UI go on). The request carries only the question: a typed
// passphrase goes straight from the dialog to answer() and is never put in the store.
import type {HostKeyQuestion, SshPrompter} from '../transports/ssh/ssh-prompter.js';

export type SshPromptRequest =
	| {id: number; kind: 'host-key'; question: HostKeyQuestion}
	| {id: number; kind: 'passphrase'; keyPath: string; attempt: number; text: string};

type Pending = {request: SshPromptRequest; settle: (value: boolean | string | null) => void};

export class SshPromptQueue implements SshPrompter {
	readonly interactive = true;
	private readonly queue: Pending[] = [];
	private readonly listeners = new Set<(current: SshPromptRequest | null) => void>();
	private nextId = 1;

	/** The question to show now (the oldest unanswered), or null. */
	current(): SshPromptRequest | null {
		return this.queue[0]?.request ?? null;
	}

	/** Called with the current question whenever it changes. */
	subscribe(listener: (current: SshPromptRequest | null) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	confirmHostKey(question: HostKeyQuestion): Promise<boolean> {
		return this.ask({id: this.nextId++, kind: 'host-key', question}).then(v => v === true);
	}

	askPassphrase(keyPath: string, attempt: number): Promise<string | null> {
		const text = `${attempt > 1 ? 'Bad passphrase, try again. ' : ''}Enter passphrase for key '${keyPath}':`;
		return this.ask({id: this.nextId++, kind: 'passphrase', keyPath, attempt, text}).then(v => (typeof v === 'string' && v !== '' ? v : null));
	}

	/** Host key: true/false. Passphrase: the string, or null to skip the key. Unknown ids are ignored. */
	answer(id: number, value: boolean | string | null): void {
		const index = this.queue.findIndex(p => p.request.id === id);
		if (index === -1) return;
		const [pending] = this.queue.splice(index, 1);
		pending.settle(value);
		if (index === 0) this.emit();
	}

	/** Refuse everything still waiting (app exit, detach). */
	cancelAll(): void {
		const all = this.queue.splice(0);
		for (const p of all) p.settle(p.request.kind === 'host-key' ? false : null);
		if (all.length) this.emit();
	}

	private ask(request: SshPromptRequest): Promise<boolean | string | null> {
		return new Promise(resolve => {
			this.queue.push({request, settle: resolve});
			if (this.queue.length === 1) this.emit();
		});
	}

	private emit(): void {
		const current = this.current();
		for (const l of [...this.listeners]) l(current);
	}
}
