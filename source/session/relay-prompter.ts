// SSH questions asked inside the session server (an unknown host key, a key passphrase) have no
// terminal there: they are relayed to the controlling client, which shows its usual dialogs and
// sends the answer back. With nobody attached, a question waits for the next client to attach.
// Passphrases cross only the owner-only socket and are never logged.
import type {HostKeyQuestion, SshPrompter} from '../transports/ssh/ssh-prompter.js';

export type Question =
	| {kind: 'host-key'; question: HostKeyQuestion}
	| {kind: 'passphrase'; keyPath: string; attempt: number};

export interface PendingQuestion {
	id: number;
	question: Question;
	answer(value: unknown): void;
}

/** The server's side: questions waiting for a client, and a hook to send new ones. */
export class QuestionRelay {
	private readonly waiting = new Map<number, PendingQuestion>();
	private nextId = 1;
	/** Set by the session server: deliver a question to the controlling client now, if any. */
	deliver: (pending: PendingQuestion) => void = () => undefined;

	ask(question: Question): Promise<unknown> {
		return new Promise(resolve => {
			const pending: PendingQuestion = {
				id: this.nextId++,
				question,
				answer: value => {
					if (!this.waiting.delete(pending.id)) return;
					resolve(value);
				},
			};
			this.waiting.set(pending.id, pending);
			this.deliver(pending);
		});
	}

	/** Questions not answered yet (re-asked when a client attaches). */
	pending(): PendingQuestion[] {
		return [...this.waiting.values()];
	}

	answer(id: number, value: unknown): boolean {
		const pending = this.waiting.get(id);
		if (!pending) return false;
		pending.answer(value);
		return true;
	}

	/** The session is ending: every question is answered "no". */
	refuseAll(): void {
		for (const pending of this.pending()) pending.answer(pending.question.kind === 'host-key' ? false : null);
	}

	prompter(): SshPrompter {
		return {
			interactive: true,
			confirmHostKey: async question => (await this.ask({kind: 'host-key', question})) === true,
			askPassphrase: async (keyPath, attempt) => {
				const value = await this.ask({kind: 'passphrase', keyPath, attempt});
				return typeof value === 'string' ? value : null;
			},
		};
	}
}
