// SshPrompter for command-line use (`lvs-tui vip …`, wizards run from a shell): asks on the
// controlling terminal like ssh does. Host keys need "yes" (or the fingerprint itself) typed out;
// passphrases are read with echo off, never stored. Without a terminal nothing is trusted.
import {closeSync, openSync} from 'node:fs';
import tty from 'node:tty';
import {refusingPrompter, type HostKeyQuestion, type SshPrompter} from './ssh-prompter.js';

interface TerminalStreams {
	input: tty.ReadStream;
	output: tty.WriteStream;
	close(): void;
}

function openTerminal(path: string): TerminalStreams | null {
	let fd: number;
	try {
		fd = openSync(path, 'r+');
	} catch {
		return null;
	}
	const input = new tty.ReadStream(fd);
	const output = new tty.WriteStream(fd);
	return {
		input,
		output,
		close() {
			input.setRawMode(false);
			input.pause();
			input.destroy();
			try {
				closeSync(fd);
			} catch {
				// closed with the stream
			}
		},
	};
}

/** Read one line in raw mode; echo it or not. null on ^C / ^D / end of input. */
function readLine(term: TerminalStreams, echo: boolean): Promise<string | null> {
	return new Promise(resolve => {
		let line = '';
		term.input.setRawMode(true);
		const finish = (value: string | null) => {
			term.input.off('data', onData);
			term.input.setRawMode(false);
			term.output.write('\r\n');
			resolve(value);
		};
		const onData = (chunk: Buffer) => {
			for (const byte of chunk) {
				if (byte === 0x0d || byte === 0x0a) return finish(line);
				if (byte === 0x03 || (byte === 0x04 && line === '')) return finish(null);
				if (byte === 0x7f || byte === 0x08) {
					if (line.length) {
						line = line.slice(0, -1);
						if (echo) term.output.write('\b \b');
					}
					continue;
				}
				if (byte === 0x15) {
					// ^U: erase the line
					if (echo) term.output.write('\b \b'.repeat(line.length));
					line = '';
					continue;
				}
				if (byte < 0x20) continue;
				line += String.fromCharCode(byte);
				if (echo) term.output.write(String.fromCharCode(byte));
			}
		};
		term.input.on('data', onData);
		term.input.resume();
	});
}

export class TerminalPrompter implements SshPrompter {
	constructor(private readonly terminalPath = '/dev/tty') {}

	async confirmHostKey(question: HostKeyQuestion): Promise<boolean> {
		const term = openTerminal(this.terminalPath);
		if (!term) return false;
		try {
			term.output.write(question.text.replace(/\n/g, '\r\n') + ' ');
			for (;;) {
				const answer = await readLine(term, true);
				if (answer === null) return false;
				const a = answer.trim();
				if (a.toLowerCase() === 'yes' || a === question.fingerprint) return true;
				if (a.toLowerCase() === 'no') return false;
				term.output.write("Please type 'yes', 'no' or the fingerprint: ");
			}
		} finally {
			term.close();
		}
	}

	async askPassphrase(keyPath: string, attempt: number): Promise<string | null> {
		const term = openTerminal(this.terminalPath);
		if (!term) return null;
		try {
			if (attempt > 1) term.output.write('Bad passphrase, try again. ');
			term.output.write(`Enter passphrase for key '${keyPath}': `);
			const answer = await readLine(term, false);
			return answer === null || answer === '' ? null : answer;
		} finally {
			term.close();
		}
	}
}

/** The CLI commands' choice: ask on the terminal when there is one, trust nothing new otherwise. */
export function commandPrompter(interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY)): SshPrompter {
	return interactive ? new TerminalPrompter() : refusingPrompter;
}
