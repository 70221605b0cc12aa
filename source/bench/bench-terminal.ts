// The bench's outer terminal: a real PTY of fixed size whose output is parsed by a headless xterm,
// so lvs-tui, tmux and screen are measured the same way: time until a marker is on screen.
import pty from 'node-pty';
import type {IPty} from 'node-pty';
import xterm from '@xterm/headless';

const {Terminal} = xterm;

export class BenchTerminal {
	readonly pty: IPty;
	private readonly term: InstanceType<typeof Terminal>;
	private waiters: Array<{test: () => boolean; resolve: () => void}> = [];
	private exited = false;

	constructor(file: string, args: string[], env: Record<string, string>, readonly cols = 120, readonly rows = 40) {
		this.term = new Terminal({cols, rows, scrollback: 0, allowProposedApi: true});
		this.term.onData(reply => {
			if (!this.exited) this.pty.write(reply);
		});
		this.pty = pty.spawn(file, args, {name: 'xterm-256color', cols, rows, cwd: env.HOME ?? '/', env});
		this.pty.onData(data => this.term.write(data, () => this.check()));
		this.pty.onExit(() => {
			this.exited = true;
		});
	}

	private check(): void {
		if (this.waiters.length === 0) return;
		this.waiters = this.waiters.filter(w => {
			if (!w.test()) return true;
			w.resolve();
			return false;
		});
	}

	line(y: number): string {
		const b = this.term.buffer.active;
		return (b.getLine(b.viewportY + y)?.translateToString(true) ?? '').trimEnd();
	}

	screenText(): string {
		return Array.from({length: this.rows}, (_, y) => this.line(y)).join('\n');
	}

	/** Resolves when `test` holds for the screen (checked after every parsed chunk). */
	waitFor(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
		if (test()) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.waiters = this.waiters.filter(w => w.resolve !== done);
				reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; screen:\n${this.screenText()}`));
			}, timeoutMs);
			const done = () => {
				clearTimeout(timer);
				resolve();
			};
			this.waiters.push({test, resolve: done});
		});
	}

	waitForText(pattern: RegExp, timeoutMs: number): Promise<void> {
		return this.waitFor(() => pattern.test(this.screenText()), timeoutMs, String(pattern));
	}

	write(data: string): void {
		this.pty.write(data);
	}

	kill(): void {
		if (!this.exited) {
			try {
				this.pty.kill('SIGKILL');
			} catch {
				// gone
			}
		}
		this.term.dispose();
	}
}
