// Terminal questions the wizard commands ask: a yes/no confirmation and a password read without
// echo. Both read the controlling terminal's stdin; neither ever prints what was typed.
import {createInterface} from 'node:readline';

export function isInteractive(): boolean {
	return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

export async function confirm(question: string): Promise<boolean> {
	const rl = createInterface({input: process.stdin, output: process.stderr});
	try {
		const answer = await new Promise<string>(resolve => rl.question(`${question} [y/N] `, resolve));
		return /^y(es)?$/i.test(answer.trim());
	} finally {
		rl.close();
	}
}

/** Read one line from the TTY with echo off. Resolves null on Ctrl-C / Ctrl-D. */
export function readSecret(prompt: string): Promise<string | null> {
	const stdin = process.stdin;
	process.stderr.write(prompt);
	return new Promise(resolve => {
		const chars: string[] = [];
		const wasRaw = stdin.isRaw;
		stdin.setRawMode(true);
		stdin.resume();
		stdin.setEncoding('utf8');
		const finish = (value: string | null) => {
			stdin.off('data', onData);
			stdin.setRawMode(wasRaw);
			stdin.pause();
			process.stderr.write('\n');
			resolve(value);
		};
		const onData = (data: string) => {
			for (const ch of data) {
				if (ch === '\r' || ch === '\n') return finish(chars.join(''));
				if (ch === '\u0003' || (ch === '\u0004' && chars.length === 0)) return finish(null);
				if (ch === '\u007f' || ch === '\b') chars.pop();
				else if (ch === '\u0015') chars.length = 0;
				else if (ch >= ' ' || ch > '\u007f') chars.push(ch);
			}
		};
		stdin.on('data', onData);
	});
}

/** All of stdin as text, without one trailing newline (for --root-password-stdin). */
export async function readAllStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
