// The client end of the socket: connect, present the key, check versions, then carry requests,
// input and the server's events. Every way this can fail is a Result with a sentence for a person.
import net from 'node:net';
import {appError, fail, ok, type AppError, type Result} from '../domain/result.js';
import {encodeControl, encodePaneData, FRAME_CONTROL, FrameDecoder, type Frame} from './frame-codec.js';
import {
	APP_VERSION,
	HANDSHAKE_TIMEOUT_MS,
	MAX_SERVER_FRAME,
	PROTOCOL_VERSION,
	versionMismatchMessage,
	type ClientIntent,
	type Hello,
	type Refused,
	type Welcome,
} from './protocol.js';
import type {SessionFiles} from './session-paths.js';
import {readSessionKey, removeQuietly} from './session-key.js';

export interface ConnectOptions {
	intent: ClientIntent;
	cols?: number;
	rows?: number;
	/** Only tests change these: a client "of another version". */
	protocol?: number;
	version?: string;
	timeoutMs?: number;
}

type Pending = {resolve: (result: Result<unknown, string>) => void};

/** Largest input frame a client sends; a big paste is split so no frame nears the server's limit. */
const INPUT_CHUNK_CHARS = 256 * 1024;

export class SessionConnection {
	private readonly pending = new Map<number, Pending>();
	private nextId = 1;
	private closed = false;
	private frameListeners: Array<(frame: Frame) => void> = [];
	private closeListeners: Array<(reason: string) => void> = [];
	private detachReason?: string;
	/** Frames that arrived before anyone listened (the attach snapshot often shares the welcome's chunk). */
	private held: Frame[] | null;

	constructor(
		private readonly socket: net.Socket,
		private readonly decoder: FrameDecoder,
		readonly welcome: Welcome,
		/** Frames that arrived in the same chunk as the welcome. */
		early: Frame[],
	) {
		socket.on('data', chunk => {
			let frames: Frame[];
			try {
				frames = this.decoder.push(chunk);
			} catch (error) {
				this.shut(`the session server sent something unreadable (${(error as Error).message})`);
				return;
			}
			for (const frame of frames) this.dispatch(frame);
		});
		socket.on('close', () => this.shut(this.detachReason ?? 'the session server went away (crashed or was killed)'));
		socket.on('error', () => undefined);
		this.held = early;
	}

	get isClosed(): boolean {
		return this.closed;
	}

	onFrame(listener: (frame: Frame) => void): void {
		this.frameListeners.push(listener);
		const held = this.held;
		this.held = null;
		for (const frame of held ?? []) this.dispatch(frame);
	}

	/** Called once with why the connection ended (detached, taken over, server gone). */
	onClose(listener: (reason: string) => void): void {
		if (this.closed) listener(this.detachReason ?? 'closed');
		else this.closeListeners.push(listener);
	}

	request(message: Record<string, unknown>): Promise<Result<unknown, string>> {
		return new Promise(resolve => this.call(message, resolve));
	}

	/**
	 * Like request(), but the answer is handled synchronously, in order with the frames around it:
	 * a snapshot answer must be applied before the output frame that follows it in the same chunk.
	 */
	call(message: Record<string, unknown>, onAnswer: (result: Result<unknown, string>) => void): void {
		if (this.closed) {
			onAnswer(fail('not connected to the session'));
			return;
		}
		const id = this.nextId++;
		this.pending.set(id, {resolve: onAnswer});
		this.socket.write(encodeControl({t: 'req', id, ...message}));
	}

	sendInput(paneId: string, data: string): void {
		if (this.closed) return;
		for (let i = 0; i < data.length; i += INPUT_CHUNK_CHARS) {
			this.socket.write(encodePaneData(paneId, data.slice(i, i + INPUT_CHUNK_CHARS)));
		}
	}

	close(): void {
		this.socket.end();
		this.shut(this.detachReason ?? 'detached');
	}

	private dispatch(frame: Frame): void {
		if (frame.kind === FRAME_CONTROL) {
			const message = frame.message as {t?: string; id?: number; ok?: boolean; value?: unknown; error?: string; reason?: string};
			if (message.t === 'res' && typeof message.id === 'number') {
				const waiting = this.pending.get(message.id);
				this.pending.delete(message.id);
				waiting?.resolve(message.ok ? ok(message.value) : fail(String(message.error)));
				return;
			}
			if (message.t === 'detached') this.detachReason = String(message.reason);
		}
		if (this.held) {
			this.held.push(frame);
			return;
		}
		for (const listener of this.frameListeners) listener(frame);
	}

	private shut(reason: string): void {
		if (this.closed) return;
		this.closed = true;
		this.socket.destroy();
		for (const waiting of this.pending.values()) waiting.resolve(fail(reason));
		this.pending.clear();
		for (const listener of this.closeListeners) listener(reason);
		this.closeListeners = [];
	}
}

export function connectSession(files: SessionFiles, options: ConnectOptions): Promise<Result<SessionConnection>> {
	const name = files.name;
	const key = readSessionKey(files.key);
	const client = {protocol: options.protocol ?? PROTOCOL_VERSION, version: options.version ?? APP_VERSION};
	return new Promise(resolve => {
		const socket = net.createConnection(files.socket);
		const decoder = new FrameDecoder(MAX_SERVER_FRAME);
		let settled = false;
		const settle = (result: Result<SessionConnection>) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			socket.removeListener('data', onData);
			if (!result.ok) socket.destroy();
			resolve(result);
		};
		const failWith = (error: AppError) => settle(fail(error));
		const timer = setTimeout(
			() => failWith(appError('session.timeout', `session '${name}' did not answer the handshake in time; its server may be stuck (see ${files.log})`)),
			options.timeoutMs ?? HANDSHAKE_TIMEOUT_MS,
		);
		socket.once('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'ENOENT') {
				failWith(appError('session.none', `there is no session named '${name}' ('lvs-tui ls' lists them)`));
			} else if (error.code === 'ECONNREFUSED') {
				// Nobody listens: the server died without cleaning up. Remove its leftovers so they never
				// block a new session of the same name.
				removeQuietly(files.socket);
				removeQuietly(files.key);
				failWith(
					appError('session.stale', `session '${name}' is gone: its server crashed or was killed (last words in ${files.log}); removed its stale socket`),
				);
			} else if (error.code === 'EACCES' || error.code === 'EPERM') {
				failWith(appError('session.denied', `permission denied on ${files.socket}: the session belongs to another user`));
			} else {
				failWith(appError('session.connect', `cannot connect to session '${name}': ${error.message}`));
			}
		});
		socket.once('close', () =>
			failWith(appError('session.closed', `session '${name}' closed the connection during the handshake (see ${files.log})`)),
		);
		const onData = (chunk: Buffer) => {
			let frames: Frame[];
			try {
				frames = decoder.push(chunk);
			} catch (error) {
				failWith(appError('session.protocol', `session '${name}' answered with something that is not the lvs-tui protocol (${(error as Error).message})`));
				return;
			}
			if (frames.length === 0) return;
			const [first, ...rest] = frames;
			const message = (first!.kind === FRAME_CONTROL ? first!.message : {}) as {t?: string};
			if (message.t === 'refused') {
				const refused = message as unknown as Refused;
				if (refused.code === 'version') {
					failWith(appError('session.version', versionMismatchMessage(name, refused, client)));
				} else {
					failWith(appError(`session.${refused.code}`, refused.message));
				}
				return;
			}
			if (message.t !== 'welcome') {
				failWith(appError('session.protocol', `session '${name}' did not answer with a welcome`));
				return;
			}
			const welcome = message as unknown as Welcome;
			const wantsPanes = options.intent === 'attach' || options.intent === 'takeover' || options.intent === 'watch';
			if (wantsPanes && welcome.protocol !== (options.protocol ?? PROTOCOL_VERSION)) {
				failWith(appError('session.version', versionMismatchMessage(name, welcome, client)));
				return;
			}
			socket.removeAllListeners('error');
			socket.removeAllListeners('close');
			settle(ok(new SessionConnection(socket, decoder, welcome, rest)));
		};
		socket.on('data', onData);
		socket.once('connect', () => {
			if (!key.ok) {
				failWith(key.error);
				return;
			}
			const hello: Hello = {
				t: 'hello',
				magic: 'lvs-tui',
				protocol: options.protocol ?? PROTOCOL_VERSION,
				version: options.version ?? APP_VERSION,
				key: key.value,
				intent: options.intent,
				cols: options.cols,
				rows: options.rows,
			};
			socket.write(encodeControl(hello));
		});
	});
}
