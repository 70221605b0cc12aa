import {describe, expect, it} from 'vitest';
import pty from 'node-pty';
import {fileURLToPath} from 'node:url';
import {waitFor} from './ssh-support.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

// The CLI prompter on a real terminal: node-pty gives the script a controlling tty (/dev/tty).
describe('TerminalPrompter on a real PTY', () => {
	it('needs a typed yes for a host key and reads the passphrase without echoing it', async () => {
		const env: Record<string, string> = {};
		for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
		const child = pty.spawn(`${root}node_modules/.bin/vite-node`, ['test/ssh/terminal-prompter.script.ts'], {cols: 120, rows: 30, cwd: root, env});
		let output = '';
		let exited = false;
		child.onData(d => (output += d));
		child.onExit(() => (exited = true));
		try {
			await waitFor(() => output.includes('(yes/no)?'), 'the host key question', 20_000);
			child.write('y\r');
			await waitFor(() => output.includes("Please type 'yes', 'no' or the fingerprint:"), 'the re-ask');
			child.write('yes\r');
			await waitFor(() => output.includes('ACCEPTED=true'), 'the answer');
			await waitFor(() => output.includes("Enter passphrase for key '/root/.ssh/id_ed25519': "), 'the passphrase prompt');
			const mark = output.length;
			child.write('s3cret-pass\x7fs\r');
			await waitFor(() => output.includes('PASSLEN=11'), 'the passphrase length');
			expect(output.slice(mark)).not.toContain('s3cret');
			await waitFor(() => exited, 'the script to end');
		} finally {
			if (!exited) child.kill();
		}
	});
});
