// A pane's shell on a remote host: an SSH shell channel with a pty (TERM, size, window-change on
// resize) on the host's pooled connection. When the connection drops the pane keeps its emulator
// (and so its scrollback), shows "disconnected — reconnecting in Ns", and opens a fresh shell when the
// pool has reconnected; retryNow() (C-a r) skips the wait. The pane ends only when its shell ends.
import type {ClientChannel} from 'ssh2';
import {formatError} from '../../domain/result.js';
import type {PaneProcessExit, PaneProcessSpec} from '../pane-process.js';
import type {SshClient} from './ssh-connect.js';
import type {SessionSlots} from './session-slots.js';
import {ReconnectingPaneProcess} from '../reconnecting-pane-process.js';

/** What the pane needs from the pool's per-host connection (SshHostConnection provides it). */
export interface PaneConnection {
	readonly host: string;
	readonly state: ConnectionStateLike;
	getClient(): Promise<SshClient>;
	onStatus(listener: (state: ConnectionStateLike) => void): () => void;
	retain(): () => void;
	retryNow(): void;
	readonly sessions?: SessionSlots;
}

export type ConnectionStateLike =
	| {state: 'idle' | 'connecting' | 'connected' | 'closed'}
	| {state: 'waiting'; error: {message: string; code: string}; retryAt: number; wasConnected: boolean}
	| {state: 'failed'; error: {message: string; code: string; detail?: string}};

/**
 * Is the SSH connection under a channel still up? ssh2 closes channels before it reports the drop,
 * so ask its transport stream directly, the way ssh2 itself does (isWritable): for a host reached
 * through a jump host that stream is a forwarded channel, which ends without being "destroyed".
 */
function clientAlive(client: SshClient): boolean {
	const sock = (client as unknown as {_sock?: {writable?: boolean; destroyed?: boolean; _readableState?: {ended?: boolean}}})._sock;
	return !!sock && sock.writable === true && sock.destroyed !== true && sock._readableState?.ended === false;
}

function toTerminal(text: string): string {
	return text.replace(/\r?\n/g, '\r\n');
}

export class SshPaneProcess extends ReconnectingPaneProcess {
	private stream: ClientChannel | null = null;
	private opening = false;
	private paused = false;
	private everConnected = false;
	private lastNotice = '';
	private typedAhead = '';
	private readonly release: () => void;
	private readonly unsubscribe: () => void;

	constructor(
		private readonly connection: PaneConnection,
		private spec: PaneProcessSpec,
		private readonly describe: (state: ConnectionStateLike) => string,
	) {
		super();
		this.release = connection.retain();
		this.unsubscribe = connection.onStatus(state => this.onConnectionState(state));
		// Let the caller subscribe before the first events arrive.
		queueMicrotask(() => this.openShell());
	}

	write(data: string): void {
		if (this.stream) this.stream.write(data);
		// Typed ahead while the first connection opens: delivered once the shell is there. After a
		// drop, keys are not kept: they were meant for a shell that no longer exists.
		else if (!this.everConnected && this.typedAhead.length < 65536) this.typedAhead += data;
	}

	resize(cols: number, rows: number): void {
		this.spec = {...this.spec, cols, rows};
		this.stream?.setWindow(rows, cols, 0, 0);
	}

	pause(): void {
		this.paused = true;
		this.stream?.pause();
	}

	resume(): void {
		this.paused = false;
		this.stream?.resume();
	}

	kill(): void {
		if (this.ended) return;
		const stream = this.stream;
		this.finish({code: null, signal: 'SIGHUP'});
		stream?.close();
	}

	retryNow(): void {
		if (this.ended) return;
		if (this.connection.state.state === 'connected') this.openShell();
		else this.connection.retryNow();
	}

	/** One line in the pane itself, so the scrollback records what happened and when. */
	private notice(text: string): void {
		if (text === this.lastNotice) return;
		this.lastNotice = text;
		this.emitData(toTerminal(`\r\n[lvs-tui] ${text}\r\n`));
	}

	protected released(): void {
		this.stream = null;
		this.unsubscribe();
		this.release();
	}

	private onConnectionState(state: ConnectionStateLike): void {
		if (this.ended) return;
		const text = this.describe(state);
		switch (state.state) {
			case 'connecting':
				if (!this.stream) this.setStatus({state: 'connecting', text});
				break;
			case 'connected':
				if (!this.stream) this.openShell();
				break;
			// The reason goes into the pane before the status changes, so whoever reacts to the status
			// finds the explanation already there.
			case 'waiting':
				this.notice(`${this.connection.host}: ${state.error.message}`);
				this.setStatus({state: 'disconnected', text});
				break;
			case 'failed':
				this.notice(formatError({code: state.error.code, message: `${this.connection.host}: ${state.error.message}`, detail: state.error.detail}) + '\n[lvs-tui] C-a r retries once it is fixed');
				this.setStatus({state: 'failed', text});
				break;
			case 'idle':
			case 'closed':
				break;
		}
	}

	private openShell(): void {
		if (this.ended || this.stream || this.opening) return;
		// A new pane (or the pane manager restarting a failed one) is a person asking again: a host
		// that failed for want of a person (host key, auth) gets another attempt.
		if (this.connection.state.state === 'failed') this.connection.retryNow();
		this.opening = true;
		this.connection.getClient().then(
			client => void this.startShell(client),
			() => {
				// The pool's status (waiting / failed) tells the pane what happened and what comes next.
				this.opening = false;
			},
		);
	}

	private async startShell(client: SshClient): Promise<void> {
		const release = (await this.connection.sessions?.acquire()) ?? (() => undefined);
		const {term, cols, rows} = this.spec;
		try {
			client.shell({term, cols, rows, width: 0, height: 0}, {env: this.spec.env}, (error, stream) => {
				this.opening = false;
				if (error || this.ended) release();
				else stream.on('close', release);
				if (this.ended) {
					stream?.close();
					return;
				}
				if (error) {
					this.setStatus({state: 'failed', text: `cannot open a shell: ${error.message}`});
					this.notice(`${this.connection.host}: cannot open a shell: ${error.message} (C-a r retries)`);
					return;
				}
				this.attach(client, stream);
			});
		} catch (error) {
			release();
			this.opening = false;
			this.notice(`${this.connection.host}: cannot open a shell: ${(error as Error).message}`);
		}
	}

	private attach(client: SshClient, stream: ClientChannel): void {
		this.stream = stream;
		if (this.everConnected) this.notice(`reconnected to ${this.connection.host}`);
		this.everConnected = true;
		this.lastNotice = '';
		// The size may have changed while the channel was opening.
		stream.setWindow(this.spec.rows, this.spec.cols, 0, 0);
		if (this.paused) stream.pause();
		this.setStatus({state: 'connected', text: 'connected'});
		if (this.typedAhead) {
			stream.write(this.typedAhead);
			this.typedAhead = '';
		}
		let exit: PaneProcessExit | null = null;
		stream.setEncoding('utf8');
		stream.on('data', (data: string) => this.emitData(data));
		stream.stderr.on('data', (data: Buffer) => this.emitData(data.toString('utf8')));
		stream.on('exit', (code: number | null, signal?: string) => {
			exit = typeof code === 'number' ? {code} : {code: null, signal: signal ? (signal.startsWith('SIG') ? signal : `SIG${signal}`) : undefined};
		});
		stream.on('error', () => undefined);
		stream.on('close', () => {
			if (this.stream !== stream) return;
			this.stream = null;
			if (exit) return this.finish(exit);
			if (clientAlive(client)) {
				// The server ended the session without a status (e.g. sshd killed the session process).
				return this.finish({code: null, message: `${this.connection.host}: the session ended without an exit status`});
			}
			// Connection drop: the pool reports waiting → connected; the pane then opens a new shell.
			this.setStatus({state: 'disconnected', text: 'disconnected'});
		});
	}
}
