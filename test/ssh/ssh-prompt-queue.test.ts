import {describe, expect, it} from 'vitest';
import {SshPromptQueue, type SshPromptRequest} from '../../source/services/ssh-prompt-queue.js';
import type {HostKeyQuestion} from '../../source/transports/ssh/ssh-prompter.js';

const question = (host: string): HostKeyQuestion => ({
	host,
	knownHostsName: host,
	keyType: 'ssh-ed25519',
	keyTypeLabel: 'ED25519',
	fingerprint: 'SHA256:x',
	knownHostsFile: '/k',
	otherKnownKeys: [],
	text: `about ${host}`,
});

describe('SshPromptQueue (the UI side of the prompts)', () => {
	it('shows one question at a time, oldest first, and resolves each with its answer', async () => {
		const queue = new SshPromptQueue();
		const seen: Array<SshPromptRequest | null> = [];
		queue.subscribe(c => seen.push(c));
		const a = queue.confirmHostKey(question('rs1'));
		const b = queue.askPassphrase('/root/.ssh/id', 2);
		expect(queue.current()).toMatchObject({kind: 'host-key', question: {host: 'rs1'}});
		queue.answer(queue.current()!.id, true);
		expect(await a).toBe(true);
		expect(queue.current()).toEqual({id: 2, kind: 'passphrase', keyPath: '/root/.ssh/id', attempt: 2, text: "Bad passphrase, try again. Enter passphrase for key '/root/.ssh/id':"});
		queue.answer(2, 'secret');
		expect(await b).toBe('secret');
		expect(queue.current()).toBeNull();
		expect(seen.map(s => s?.kind ?? null)).toEqual(['host-key', 'passphrase', null]);
		// The passphrase never appears in what subscribers were given.
		expect(JSON.stringify(seen)).not.toContain('secret');
	});

	it('an empty passphrase skips the key; cancelAll refuses what is left', async () => {
		const queue = new SshPromptQueue();
		const p = queue.askPassphrase('/k', 1);
		queue.answer(queue.current()!.id, '');
		expect(await p).toBeNull();
		const h = queue.confirmHostKey(question('rs2'));
		const q = queue.askPassphrase('/k', 1);
		queue.cancelAll();
		expect(await h).toBe(false);
		expect(await q).toBeNull();
		expect(queue.current()).toBeNull();
	});
});
