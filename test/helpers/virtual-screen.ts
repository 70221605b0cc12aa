// A terminal for end-to-end tests: runs a program (normally the built CLI) under a real PTY and
// feeds its output to a headless xterm, so a test reads the screen a user would see and types
// keys the way a terminal sends them. Ink writes no frames when CI is set, so CI is dropped from
// the child's environment.
import pty from 'node-pty';
import type {IPty} from 'node-pty';
import xterm from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';
import {fileURLToPath} from 'node:url';
import {dirname, join} from 'node:path';
import {PtySlaveHold} from '../../source/transports/pty-slave-hold.js';

const {Terminal} = xterm;
const {Unicode11Addon} = unicode11;

export const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');

export interface VirtualScreenOptions {
	cols?: number;
	rows?: number;
	env?: Record<string, string | undefined>;
	cwd?: string;
}

export class VirtualScreen {
	readonly pty: IPty;
	readonly term: InstanceType<typeof Terminal>;
	private output = '';
	/** As LocalPty does, so a test never reads a screen missing the program's last lines. */
	private readonly slave: PtySlaveHold;
	private exitInfo: {exitCode: number; signal?: number} | null = null;
	private readonly exitWaiters: Array<(e: {exitCode: number; signal?: number}) => void> = [];

	constructor(file: string, args: string[], options: VirtualScreenOptions = {}) {
		const cols = options.cols ?? 80;
		const rows = options.rows ?? 24;
		this.term = new Terminal({cols, rows, allowProposedApi: true, scrollback: 0});
		this.term.loadAddon(new Unicode11Addon());
		this.term.unicode.activeVersion = '11';
		const env: Record<string, string> = {};
		// In-process UI unless a test asks for sessions: a background session server would outlive the
		// test under the user's socket dir, and parallel tests would collide on the name 'main'.
		for (const [k, v] of Object.entries({...process.env, TERM: 'xterm-256color', LANG: 'C.UTF-8', LVS_TUI_NO_SESSION: '1', ...options.env})) {
			if (v !== undefined && k !== 'CI') env[k] = v;
		}
		delete env.LVS_TUI_REQUIRE_ALL;
		this.pty = pty.spawn(file, args, {name: env.TERM ?? 'xterm-256color', cols, rows, cwd: options.cwd ?? process.cwd(), env});
		this.pty.onData(data => {
			this.output += data;
			if (this.output.length > 1_000_000) this.output = this.output.slice(-500_000);
			this.term.write(data);
		});
		// Replies the terminal gives to queries (DA, DSR) go back like a real terminal's.
		this.term.onData(data => {
			if (!this.exitInfo) this.pty.write(data);
		});
		this.slave = new PtySlaveHold(this.pty);
		this.pty.onExit(e => {
			this.slave.release();
			this.exitInfo = e;
			for (const w of this.exitWaiters) w(e);
		});
	}

	/** The built CLI (`node dist/cli.js ARGS`). */
	static cli(args: string[] = [], options: VirtualScreenOptions = {}): VirtualScreen {
		return new VirtualScreen(process.execPath, [CLI, ...args], options);
	}

	get cols(): number {
		return this.term.cols;
	}

	get rows(): number {
		return this.term.rows;
	}

	/** Everything the program wrote (raw), for assertions on escape sequences. */
	get raw(): string {
		return this.output;
	}

	/** Visible row y as text (trailing blanks trimmed). */
	line(y: number): string {
		const buffer = this.term.buffer.active;
		return buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '';
	}

	lines(): string[] {
		return Array.from({length: this.term.rows}, (_, y) => this.line(y));
	}

	text(): string {
		return this.lines().join('\n');
	}

	cursor(): {x: number; y: number} {
		const b = this.term.buffer.active;
		return {x: b.cursorX, y: b.cursorY};
	}

	/** Cell attributes at (x, y), for colour checks. */
	cell(x: number, y: number) {
		const b = this.term.buffer.active;
		const c = b.getLine(b.viewportY + y)?.getCell(x);
		if (!c) return undefined;
		return {chars: c.getChars(), fg: c.getFgColor(), bg: c.getBgColor(), fgMode: c.getFgColorMode(), bold: !!c.isBold(), inverse: !!c.isInverse(), width: c.getWidth()};
	}

	write(data: string): void {
		this.pty.write(data);
	}

	/** The prefix (C-a by default) then a key. */
	command(key: string, prefix = '\x01'): void {
		this.pty.write(prefix + key);
	}

	resize(cols: number, rows: number): void {
		this.term.resize(cols, rows);
		this.pty.resize(cols, rows);
	}

	/** Flush pending parses so the screen reflects everything received. */
	private settle(): Promise<void> {
		return new Promise(resolve => this.term.write('', resolve));
	}

	/** Wait until the screen matches (text, regexp or predicate), or throw with the screen shown. */
	async waitFor(what: string | RegExp | ((screen: VirtualScreen) => boolean), timeoutMs = 10_000): Promise<void> {
		const test = typeof what === 'function' ? what : (s: VirtualScreen) => (typeof what === 'string' ? s.text().includes(what) : what.test(s.text()));
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			await this.settle();
			if (test(this)) return;
			if (Date.now() > deadline) {
				throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(what)}; screen:\n${this.text()}`);
			}
			if (this.exitInfo && !test(this)) {
				throw new Error(`program exited (${JSON.stringify(this.exitInfo)}) while waiting for ${String(what)}; screen:\n${this.text()}`);
			}
			await new Promise(r => setTimeout(r, 20));
		}
	}

	/** Wait for the program to exit, with everything it wrote parsed onto the screen. */
	async waitForExit(timeoutMs = 10_000): Promise<{exitCode: number; signal?: number}> {
		const exit =
			this.exitInfo ??
			(await new Promise<{exitCode: number; signal?: number}>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`program did not exit in ${timeoutMs} ms; screen:\n${this.text()}`)), timeoutMs);
				this.exitWaiters.push(e => {
					clearTimeout(timer);
					resolve(e);
				});
			}));
		await this.settle();
		return exit;
	}

	get exited(): boolean {
		return this.exitInfo !== null;
	}

	kill(): void {
		if (!this.exitInfo) {
			try {
				this.pty.kill('SIGKILL');
			} catch {
				// already gone
			}
		}
		this.slave.release();
		this.term.dispose();
	}
}
