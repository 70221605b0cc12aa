// SSH's questions (unknown host key, key passphrase) answered in the UI's dialogs instead of a
// terminal the UI owns. A passphrase goes from the keys straight to the SSH layer: it is never in
// the store, a log or the screen.
import type {HostKeyQuestion, SshPrompter} from '../transports/ssh/ssh-prompter.js';
import type {AppController} from './app-controller.js';

export function createDialogPrompter(controller: AppController): SshPrompter {
	let seq = 0;
	const once = <T>(resolve: (value: T) => void, ids: string[]) => (value: T) => {
		for (const id of ids) controller.unregisterAction(id);
		resolve(value);
	};
	return {
		interactive: true,
		confirmHostKey(question: HostKeyQuestion): Promise<boolean> {
			const id = `ssh.host-key.${++seq}`;
			return new Promise(resolve => {
				const done = once(resolve, [`${id}.yes`, `${id}.no`]);
				controller.registerAction(`${id}.yes`, () => done(true));
				controller.registerAction(`${id}.no`, () => done(false));
				controller.confirm({
					title: `${question.host}: unknown host key`,
					body: [...question.text.split('\n').filter(l => l.trim() !== ''), `y records it in ${question.knownHostsFile}`],
					confirmKey: 'y',
					onConfirm: {action: `${id}.yes`},
					onCancel: {action: `${id}.no`},
				});
			});
		},
		askPassphrase(keyPath: string, attempt: number): Promise<string | null> {
			const id = `ssh.passphrase.${++seq}`;
			return new Promise(resolve => {
				const done = once(resolve, [`${id}.ok`, `${id}.cancel`]);
				controller.registerAction(`${id}.ok`, answer => done((answer as {text?: string} | undefined)?.text ?? null));
				controller.registerAction(`${id}.cancel`, () => done(null));
				controller.prompt({
					purpose: 'secret',
					label: `Passphrase for ${keyPath}${attempt > 1 ? ` (attempt ${attempt} of 3)` : ''}`,
					text: '',
					onSubmit: {action: `${id}.ok`},
					onCancel: {action: `${id}.cancel`},
				});
			});
		},
	};
}
