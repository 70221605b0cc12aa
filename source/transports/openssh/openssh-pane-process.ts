// A pane running the system `ssh` in a local PTY (transport: openssh), for setups that need GSSAPI,
// smartcards or other OpenSSH-only options. ssh asks its own questions (host key, passphrase) in the
// pane. Exit 255 is ssh's "connection failed or lost": the pane keeps its scrollback, shows
// "disconnected — reconnecting in Ns" and starts ssh again with capped backoff; retryNow() skips the
// wait. Any other exit is the remote shell ending, and ends the pane.
import {constants} from 'node:os';
import pty from 'node-pty';
import type {IPty} from 'node-pty';
import type {PaneProcessExit, PaneProcessSpec} from '../pane-process.js';
import {ReconnectingPaneProcess} from '../reconnecting-pane-process.js';

const SSH_FAILED = 255;

/** node-pty reports the signal as a number. */
function signalName(signal: number): string {
	return Object.entries(constants.signals).find(([, n]) => n === signal)?.[0] ?? `signal ${signal}`;
}

export interface OpenSshPaneOptions {
	host: string;
	/** ssh options and destination, from openSshArgs(). */
	args: string[];
	sshPath?: string;
	backoffInitialMs?: number;
	backoffMaxMs?: number;
}

export class OpenSshPaneProcess extends ReconnectingPaneProcess {
	private pty: IPty | null = null;
	private failures = 0;
	private retryTimer: NodeJS.Timeout | undefined;
	private tickTimer: NodeJS.Timeout | undefined;
	private retryAt = 0;

	constructor(
		private readonly options: OpenSshPaneOptions,
		private spec: PaneProcessSpec,
	) {
		super();
		queueMicrotask(() => this.spawn());
	}

	write(data: string): void {
		this.pty?.write(data);
	}

	resize(cols: number, rows: number): void {
		this.spec = {...this.spec, cols, rows};
		try {
			this.pty?.resize(Math.max(1, cols), Math.max(1, rows));
		} catch {
			// The pty closed under us; the next one gets the new size.
		}
	}

	pause(): void {
		this.pty?.pause();
	}

	resume(): void {
		this.pty?.resume();
	}

	kill(): void {
		if (this.ended) return;
		const p = this.pty;
		this.finish({code: null, signal: 'SIGHUP'});
		try {
			p?.kill('SIGHUP');
		} catch {
			// already gone
		}
	}

	retryNow(): void {
		if (this.ended || this.pty) return;
		this.clearTimers();
		this.spawn();
	}

	private clearTimers(): void {
		if (this.retryTimer) clearTimeout(this.retryTimer);
		if (this.tickTimer) clearInterval(this.tickTimer);
		this.retryTimer = this.tickTimer = undefined;
	}

	protected released(): void {
		this.clearTimers();
		this.pty = null;
	}

	private spawn(): void {
		if (this.ended) return;
		const env: Record<string, string> = {};
		for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
		delete env.CI;
		env.TERM = this.spec.term;
		Object.assign(env, this.spec.env ?? {});
		let child: IPty;
		try {
			child = pty.spawn(this.options.sshPath ?? 'ssh', this.options.args, {
				name: this.spec.term,
				cols: Math.max(1, this.spec.cols),
				rows: Math.max(1, this.spec.rows),
				cwd: this.spec.cwd ?? process.env.HOME ?? '/',
				env,
			});
		} catch (error) {
			const message = `cannot start ssh: ${(error as Error).message}`;
			this.setStatus({state: 'failed', text: message});
			this.finish({code: null, message});
			return;
		}
		this.pty = child;
		const started = Date.now();
		this.setStatus({state: 'connected', text: 'connected'});
		child.onData(data => this.emitData(data));
		child.onExit(({exitCode, signal}) => {
			if (this.pty !== child) return;
			this.pty = null;
			if (exitCode !== SSH_FAILED) {
				this.finish(signal ? {code: null, signal: signalName(signal)} : {code: exitCode});
				return;
			}
			// A session that lasted a while was established, then lost: start the backoff again.
			if (Date.now() - started > 30_000) this.failures = 0;
			this.scheduleRetry();
		});
	}

	private scheduleRetry(): void {
		this.failures++;
		const delay = Math.min((this.options.backoffInitialMs ?? 1000) * 2 ** (this.failures - 1), this.options.backoffMaxMs ?? 30_000);
		this.retryAt = Date.now() + delay;
		const announce = () => {
			const seconds = Math.max(0, Math.ceil((this.retryAt - Date.now()) / 1000));
			this.setStatus({state: 'disconnected', text: `disconnected — reconnecting in ${seconds}s`});
		};
		announce();
		this.emitData(`\r\n[lvs-tui] ssh to ${this.options.host} ended (status 255); reconnecting (C-a r: now)\r\n`);
		this.retryTimer = setTimeout(() => {
			this.clearTimers();
			this.spawn();
		}, delay);
		this.tickTimer = setInterval(announce, 1000);
	}
}
