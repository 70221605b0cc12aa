// The session server: owns a PaneHost (the PaneManager: PTYs, SSH channels, emulators, scrollback)
// and shared plain-data state, and serves them to clients over a Unix socket. Clients come and go;
// the panes do not. One controlling client at a time (its size is the panes' size), any number of
// read-only watchers. A misbehaving connection is dropped alone: nothing it sends can stop the
// server or reach a pane before the handshake succeeded.
import {chmodSync, existsSync} from 'node:fs';
import net from 'node:net';
import {appError, fail, ok, type Result} from '../domain/result.js';
import type {OpenPaneRequest, PaneHost, PaneHostEvent, PaneSnapshot} from '../services/pane-host.js';
import {encodeControl, encodePaneData, FRAME_CONTROL, FrameDecoder, FrameError, type Frame} from './frame-codec.js';
import {
	APP_VERSION,
	CLIENT_SCROLLBACK,
	HANDSHAKE_TIMEOUT_MS,
	isHello,
	MAX_CLIENT_FRAME,
	MAX_HELLO_FRAME,
	PROTOCOL_VERSION,
	QUIET_MS,
	type AttachSnapshot,
	type Hello,
	type Refused,
	type RefusalCode,
	FEATURE_OPS,
	WATCH_FEATURE_OPS,
	type FeatureRequest,
	type Request,
	type SessionInfo,
	type SessionServices,
	type Welcome,
} from './protocol.js';
import type {SessionFiles} from './session-paths.js';
import {keysMatch, removeQuietly, writeSessionKey} from './session-key.js';
import {probeSocket} from './socket-probe.js';
import type {PendingQuestion, QuestionRelay} from './relay-prompter.js';

/** Plain-data state the server shares with clients (feature store slices: IPVS table, interfaces…). */
export interface SharedState {
	get(): Record<string, unknown>;
	subscribe(listener: () => void): () => void;
}

export interface SessionServerOptions {
	files: SessionFiles;
	host: PaneHost;
	state?: SharedState;
	/** Feature requests (pollers on/off, commands and files on the session's hosts): server-features.ts. */
	services?: SessionServices;
	/** Called once when the session ends (last pane gone, `kill`); the process exits after it. */
	onEnd?: (reason: string) => void;
	log?: (line: string) => void;
	handshakeTimeoutMs?: number;
	/** SSH questions from the panes' connections, relayed to the controlling client. */
	questions?: QuestionRelay;
	/** A client whose unsent output exceeds this is dropped rather than growing memory without bound. */
	maxClientBacklogBytes?: number;
}

type Role = 'pending' | 'control' | 'watch' | 'info';

const TAIL_CHARS = 1024 * 1024;
const KNOWN_OPS = new Set<string>(['open', 'rename', 'kill', 'restart', 'focus', 'answer', 'snapshot', 'snapshots', 'resize', 'detach', 'kill-session', 'mute']);
/** Requests about what this client sees, not about the session: watchers may make them too. */
const VIEW_OPS = new Set<string>(['snapshot', 'snapshots', 'detach', 'mute']);

interface Client {
	id: number;
	socket: net.Socket;
	decoder: FrameDecoder;
	role: Role;
	timer?: NodeJS.Timeout;
	corked: boolean;
	toldReadOnly: boolean;
	/**
	 * Panes whose output this client does not want (it follows a flood by snapshots): instead of
	 * the output, one 'skipped' event after each snapshot answer says more came.
	 */
	muted: Map<string, {skipped: boolean; chars: number; quiet?: NodeJS.Timeout}>;
}

export class SessionServer {
	private server?: net.Server;
	private readonly clients = new Set<Client>();
	private nextClientId = 1;
	private hadPanes = false;
	private ended = false;
	private key = '';
	private lastState: Record<string, unknown> = {};
	private statePending = false;
	private unsubscribers: Array<() => void> = [];
	/** The pane the controlling client last focused ({op:'focus'}): where a reattach resumes. */
	private activePaneId?: string;
	/** Recent output per pane: what the pane's emulator may not have parsed yet when a snapshot is taken. */
	private readonly tails = new Map<string, {chunks: string[]; chars: number}>();
	readonly started = new Date();

	constructor(private readonly options: SessionServerOptions) {}

	private log(line: string): void {
		this.options.log?.(line);
	}

	info(): SessionInfo {
		let control = false;
		let watchers = 0;
		for (const c of this.clients) {
			if (c.role === 'control') control = true;
			if (c.role === 'watch') watchers++;
		}
		return {
			name: this.options.files.name,
			pid: process.pid,
			panes: this.options.host.list().length,
			attached: control,
			watchers,
			started: this.started.toISOString(),
			version: APP_VERSION,
			protocol: PROTOCOL_VERSION,
		};
	}

	/** Take over the socket path (removing a stale one), write the key, listen. */
	async start(): Promise<Result<void>> {
		const {socket, key, name} = this.options.files;
		if (existsSync(socket)) {
			const probe = await probeSocket(socket);
			if (probe === 'alive') {
				return fail(appError('session.exists', `a session named '${name}' is already running`));
			}
			this.log(`removing the stale socket ${socket} left by a server that is gone`);
			removeQuietly(socket);
			removeQuietly(key);
		}
		const server = net.createServer(socket => this.accept(socket));
		this.server = server;
		const previousUmask = process.umask(0o177);
		try {
			await new Promise<void>((resolve, reject) => {
				server.once('error', reject);
				server.listen(socket, () => {
					server.off('error', reject);
					resolve();
				});
			});
		} catch (error) {
			// Another server won the race for this name: leave its socket and key alone.
			return fail(appError('session.listen', `cannot listen on ${socket}: ${(error as Error).message}`));
		} finally {
			process.umask(previousUmask);
		}
		chmodSync(socket, 0o600);
		// Only the server that owns the socket writes the key (clients read it before connecting; the
		// launcher waits for both).
		this.key = writeSessionKey(key);
		server.on('error', error => this.log(`listener error: ${error.message}`));

		const questions = this.options.questions;
		if (questions) {
			questions.deliver = pending => {
				const control = [...this.clients].find(c => c.role === 'control');
				if (control) this.askClient(control, pending);
			};
		}
		this.hadPanes = this.options.host.list().length > 0;
		this.unsubscribers.push(this.options.host.subscribe(event => this.onHostEvent(event)));
		if (this.options.state) {
			this.lastState = this.options.state.get();
			this.unsubscribers.push(this.options.state.subscribe(() => this.scheduleState()));
		}
		this.log(`session '${name}' listening on ${socket} (pid ${process.pid}, lvs-tui ${APP_VERSION}, protocol ${PROTOCOL_VERSION})`);
		return ok(undefined);
	}

	/** End the session: tell clients, kill panes, remove the socket and key. Idempotent. */
	end(reason: string, killPanes = true): void {
		if (this.ended) return;
		this.ended = true;
		this.log(`session ending: ${reason}`);
		for (const c of this.clients) {
			if (c.role === 'control' || c.role === 'watch') this.send(c, {t: 'detached', reason: `the session ended: ${reason}`});
			c.socket.end();
			setTimeout(() => c.socket.destroy(), 1000).unref();
		}
		for (const unsubscribe of this.unsubscribers) unsubscribe();
		this.unsubscribers = [];
		this.options.questions?.refuseAll();
		if (killPanes) {
			for (const pane of this.options.host.list()) {
				try {
					this.options.host.kill(pane.id);
				} catch (error) {
					this.log(`killing pane ${pane.id}: ${(error as Error).message}`);
				}
			}
		}
		this.server?.close();
		removeQuietly(this.options.files.socket);
		removeQuietly(this.options.files.key);
		this.options.onEnd?.(reason);
	}

	private accept(socket: net.Socket): void {
		const client: Client = {
			id: this.nextClientId++,
			socket,
			decoder: new FrameDecoder(MAX_HELLO_FRAME),
			role: 'pending',
			corked: false,
			toldReadOnly: false,
			muted: new Map(),
		};
		this.clients.add(client);
		client.timer = setTimeout(
			() => this.drop(client, 'no hello in time (killed mid-handshake, or not an lvs-tui client)'),
			this.options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS,
		);
		socket.on('data', chunk => {
			let frames: Frame[];
			try {
				frames = client.decoder.push(chunk);
			} catch (error) {
				this.drop(client, error instanceof FrameError ? `protocol error: ${error.message}` : String(error));
				return;
			}
			for (const frame of frames) {
				if (!this.clients.has(client)) return;
				try {
					this.onFrame(client, frame);
				} catch (error) {
					this.drop(client, `error handling a message: ${(error as Error).message}`);
					return;
				}
			}
		});
		socket.on('error', () => undefined);
		socket.on('close', () => this.forget(client));
	}

	private muteQuiet(client: Client, paneId: string): void {
		const muted = client.muted.get(paneId);
		if (!muted || !this.clients.has(client)) return;
		muted.quiet = undefined;
		this.send(client, {t: 'quiet', paneId});
	}

	private forget(client: Client): void {
		if (!this.clients.delete(client)) return;
		clearTimeout(client.timer);
		for (const muted of client.muted.values()) clearTimeout(muted.quiet);
		this.options.services?.clientGone(client.id);
		if (client.role === 'control' || client.role === 'watch') this.log(`client ${client.id} (${client.role}) gone`);
	}

	private drop(client: Client, why: string): void {
		this.log(`dropping client ${client.id}: ${why}`);
		this.forget(client);
		client.socket.destroy();
	}

	private send(client: Client, message: unknown): void {
		this.write(client, encodeControl(message));
	}

	private write(client: Client, frame: Buffer): void {
		const socket = client.socket;
		if (socket.destroyed) return;
		if (socket.writableLength > (this.options.maxClientBacklogBytes ?? 64 * 1024 * 1024)) {
			this.drop(client, 'it is not reading its output (backlog over the limit); it can reattach');
			return;
		}
		// Many small pane chunks in one tick become one write.
		if (!client.corked) {
			client.corked = true;
			socket.cork();
			process.nextTick(() => {
				client.corked = false;
				socket.uncork();
			});
		}
		socket.write(frame);
	}

	private refuse(client: Client, code: RefusalCode, message: string): void {
		const refused: Refused = {t: 'refused', code, message, protocol: PROTOCOL_VERSION, version: APP_VERSION};
		this.log(`refusing client ${client.id}: ${message}`);
		this.send(client, refused);
		this.forget(client);
		client.socket.end();
		setTimeout(() => client.socket.destroy(), 1000).unref();
	}

	private onFrame(client: Client, frame: Frame): void {
		if (client.role === 'pending') {
			if (frame.kind !== FRAME_CONTROL || !isHello(frame.message)) {
				this.drop(client, 'the first message was not an lvs-tui hello');
				return;
			}
			this.onHello(client, frame.message);
			return;
		}
		if (frame.kind === FRAME_CONTROL) {
			this.onRequest(client, frame.message as Request);
			return;
		}
		if (client.role !== 'control') {
			if (!client.toldReadOnly) {
				client.toldReadOnly = true;
				this.send(client, {t: 'notice', message: 'watch mode is read-only: input is not sent to the pane'});
			}
			return;
		}
		this.options.host.write(frame.paneId, frame.data);
	}

	private onHello(client: Client, hello: Hello): void {
		clearTimeout(client.timer);
		if (!keysMatch(this.key, hello.key)) {
			this.refuse(client, 'auth', 'the session key did not match: this session belongs to another user or was restarted');
			return;
		}
		if (hello.intent === 'kill') {
			this.welcome(client, 'info');
			this.end('killed by lvs-tui kill');
			return;
		}
		if (hello.intent === 'info') {
			this.welcome(client, 'info');
			this.forget(client);
			client.socket.end();
			return;
		}
		if (hello.protocol !== PROTOCOL_VERSION) {
			this.refuse(
				client,
				'version',
				`this session runs lvs-tui ${APP_VERSION} (protocol ${PROTOCOL_VERSION}); the client is lvs-tui ${hello.version} (protocol ${hello.protocol})`,
			);
			return;
		}
		if (this.ended) {
			this.refuse(client, 'ending', 'the session is ending');
			return;
		}
		const current = [...this.clients].find(c => c.role === 'control');
		if (hello.intent === 'attach' && current) {
			const name = this.options.files.name;
			this.refuse(
				client,
				'attached',
				`session '${name}' is attached elsewhere: 'lvs-tui -d -r ${name}' takes it over, 'lvs-tui attach --watch ${name}' watches it read-only`,
			);
			return;
		}
		if (hello.intent === 'takeover' && current) {
			this.send(current, {t: 'detached', reason: 'another client took the session over (lvs-tui -d -r)'});
			this.forget(current);
			current.socket.end();
			setTimeout(() => current.socket.destroy(), 1000).unref();
		}
		const role = hello.intent === 'watch' ? 'watch' : 'control';
		client.decoder.maxFrameBytes = MAX_CLIENT_FRAME;
		if (role === 'control' && validSize(hello.cols, hello.rows)) this.options.host.resize(hello.cols!, hello.rows!);
		this.welcome(client, role);
		this.log(`client ${client.id} attached (${role})`);
		// Same tick as joining the broadcast set: nothing emitted in between can be missed or doubled.
		this.send(client, {t: 'attach', ...this.attachSnapshot()});
		// SSH questions that waited for someone to answer them.
		if (role === 'control') for (const pending of this.options.questions?.pending() ?? []) this.askClient(client, pending);
	}

	private askClient(client: Client, pending: PendingQuestion): void {
		this.send(client, {t: 'ask', id: pending.id, ...pending.question});
	}

	private welcome(client: Client, role: Welcome['role']): void {
		client.role = role;
		const welcome: Welcome = {t: 'welcome', protocol: PROTOCOL_VERSION, version: APP_VERSION, session: this.info(), role};
		this.send(client, welcome);
	}

	private attachSnapshot(): AttachSnapshot {
		const panes = this.options.host.list();
		const snapshots: PaneSnapshot[] = [];
		for (const pane of panes) {
			try {
				snapshots.push(this.snapshot(pane.id, CLIENT_SCROLLBACK));
			} catch (error) {
				this.log(`snapshot of pane ${pane.id} failed: ${(error as Error).message}`);
			}
		}
		const active = this.activePaneId && panes.some(p => p.id === this.activePaneId) ? {activePaneId: this.activePaneId} : {};
		return {panes, snapshots, state: this.options.state ? this.options.state.get() : undefined, ...active};
	}

	/**
	 * A snapshot that covers every output event sent so far. The pane's emulator parses
	 * asynchronously, so its serialized state can lag the output already sent to clients by what is
	 * still queued for parsing; that much of the recent output is appended, so a client that resets
	 * its mirror to this answer loses nothing.
	 */
	private snapshot(paneId: string, scrollback: number): PaneSnapshot {
		const host = this.options.host as PaneHost & {pendingBytes?(paneId: string): number};
		const snapshot = host.snapshot(paneId, {scrollback});
		const pending = host.pendingBytes?.(paneId) ?? 0;
		if (pending <= 0) return snapshot;
		const tail = (this.tails.get(paneId)?.chunks ?? []).join('');
		return {...snapshot, serialized: snapshot.serialized + tail.slice(Math.max(0, tail.length - pending))};
	}

	private keepTail(paneId: string, data: string): void {
		let tail = this.tails.get(paneId);
		if (!tail) this.tails.set(paneId, (tail = {chunks: [], chars: 0}));
		tail.chunks.push(data);
		tail.chars += data.length;
		// Flow control pauses a pane at ~256 KB unparsed; keep comfortably more than that.
		while (tail.chunks.length > 1 && tail.chars - tail.chunks[0]!.length >= TAIL_CHARS) tail.chars -= tail.chunks.shift()!.length;
	}

	private onRequest(client: Client, request: Request): void {
		if (request?.t !== 'req' || typeof request.id !== 'number') {
			this.drop(client, 'a message after the handshake was not a request');
			return;
		}
		const reply = (result: Result<unknown, string>) =>
			this.send(client, result.ok ? {t: 'res', id: request.id, ok: true, value: result.value} : {t: 'res', id: request.id, ok: false, error: result.error});
		const host = this.options.host;
		if (FEATURE_OPS.has(request.op)) {
			this.onFeatureRequest(client, request as unknown as FeatureRequest, reply);
			return;
		}
		if (!KNOWN_OPS.has(request.op)) {
			reply(fail(`unknown request '${String(request.op)}'`));
			return;
		}
		if (!VIEW_OPS.has(request.op) && client.role !== 'control') {
			reply(fail('watch mode is read-only'));
			return;
		}
		try {
			switch (request.op) {
				case 'open': {
					const checked = checkOpenRequest(request.request);
					if (typeof checked === 'string') reply(fail(checked));
					else reply(ok(host.open(checked)));
					return;
				}
				case 'rename':
					host.rename(String(request.paneId), String(request.title));
					reply(ok(undefined));
					return;
				case 'kill':
					host.kill(String(request.paneId));
					reply(ok(undefined));
					return;
				case 'restart':
					host.restart(String(request.paneId));
					reply(ok(undefined));
					return;
				case 'answer':
					this.options.questions?.answer(Number(request.askId), request.value);
					reply(ok(undefined));
					return;
				case 'focus':
					host.focus?.(String(request.paneId));
					this.activePaneId = String(request.paneId);
					reply(ok(undefined));
					return;
				case 'snapshot': {
					const paneId = String(request.paneId);
					const scrollback = typeof request.scrollback === 'number' ? request.scrollback : CLIENT_SCROLLBACK;
					// settled: a client resyncing after skipped output wants a screen without a long
					// unparsed tail to parse; the answer waits until the pane's emulator caught up.
					const settle = (host as PaneHost & {settle?(paneId: string, done: () => void): void}).settle;
					const answer = () => {
						// Output after this answer is news again for a client that muted the pane; how much
						// it missed since the last answer tells it whether the flood is still on.
						const muted = client.muted.get(paneId);
						if (!muted) {
							reply(ok(this.snapshot(paneId, scrollback)));
							return;
						}
						const skippedChars = muted.chars;
						muted.skipped = false;
						muted.chars = 0;
						reply(ok({...this.snapshot(paneId, scrollback), skippedChars}));
					};
					if (request.settled === true && settle) settle.call(host, paneId, answer);
					else answer();
					return;
				}
				case 'mute':
					clearTimeout(client.muted.get(String(request.paneId))?.quiet);
					if (request.muted === true) client.muted.set(String(request.paneId), {skipped: false, chars: 0});
					else client.muted.delete(String(request.paneId));
					reply(ok(undefined));
					return;
				case 'snapshots':
					reply(ok(this.attachSnapshot()));
					return;
				case 'resize':
					if (!validSize(request.cols, request.rows)) {
						reply(fail(`bad size ${request.cols}x${request.rows}`));
						return;
					}
					host.resize(request.cols, request.rows);
					reply(ok(undefined));
					return;
				case 'detach':
					reply(ok(undefined));
					this.send(client, {t: 'detached', reason: 'detached'});
					this.forget(client);
					client.socket.end();
					return;
				case 'kill-session':
					reply(ok(undefined));
					this.end('killed from a client');
					return;
				default:
					reply(fail(`unknown request '${(request as {op?: unknown}).op}'`));
			}
		} catch (error) {
			reply(fail((error as Error).message));
		}
	}

	/** Feature requests: a watch client may only ask for polling; touching a host needs control. */
	private onFeatureRequest(client: Client, request: FeatureRequest, reply: (result: Result<unknown, string>) => void): void {
		const services = this.options.services;
		if (!services) {
			reply(fail(`this session server does not serve '${request.op}'`));
			return;
		}
		if (client.role !== 'control' && !WATCH_FEATURE_OPS.has(request.op)) {
			reply(fail('watch mode is read-only: it cannot run commands or change files on a host'));
			return;
		}
		services.handle(request, client.id).then(
			answer => {
				if (this.clients.has(client)) reply(answer.ok ? ok(answer.value) : fail(answer.error));
			},
			error => {
				if (this.clients.has(client)) reply(fail(error instanceof Error ? error.message : String(error)));
			},
		);
	}

	private onHostEvent(event: PaneHostEvent): void {
		if (this.ended) return;
		let frame: Buffer | undefined;
		if (event.type === 'output') this.keepTail(event.paneId, event.data);
		else if (event.type === 'bell') frame = encodeControl({t: 'bell', paneId: event.paneId});
		else frame = encodeControl({t: 'panes', panes: event.panes});
		for (const c of this.clients) {
			if (c.role !== 'control' && c.role !== 'watch') continue;
			if (event.type === 'output') {
				const muted = c.muted.get(event.paneId);
				if (muted) {
					if (!muted.skipped) this.send(c, {t: 'skipped', paneId: event.paneId});
					muted.skipped = true;
					muted.chars += event.data.length;
					// The end of a flood: say so at once, so the client need not wait out its frame
					// interval for the last screen (a short flood's time is mostly that wait).
					if (muted.quiet) muted.quiet.refresh();
					else muted.quiet = setTimeout(() => this.muteQuiet(c, event.paneId), QUIET_MS);
					continue;
				}
				// Encoded once, for the first client that wants it.
				frame ??= encodePaneData(event.paneId, event.data);
			}
			this.write(c, frame!);
		}
		if (event.type === 'panes') {
			const live = new Set(event.panes.map(p => p.id));
			for (const id of this.tails.keys()) if (!live.has(id)) this.tails.delete(id);
			if (event.panes.length > 0) this.hadPanes = true;
			else if (this.hadPanes) this.end('its last pane closed', false);
		}
	}

	private scheduleState(): void {
		if (this.statePending) return;
		this.statePending = true;
		setImmediate(() => {
			this.statePending = false;
			if (this.ended || !this.options.state) return;
			const next = this.options.state.get();
			const patch: Record<string, unknown> = {};
			let changed = false;
			for (const [key, value] of Object.entries(next)) {
				if (typeof value === 'function') continue;
				if (this.lastState[key] !== value) {
					patch[key] = value;
					changed = true;
				}
			}
			this.lastState = next;
			if (!changed) return;
			const frame = encodeControl({t: 'state', patch});
			for (const c of this.clients) {
				if (c.role === 'control' || c.role === 'watch') this.write(c, frame);
			}
		});
	}
}

/** Only the fields a PaneHost knows, each of the right type: the request came over a socket. */
function checkOpenRequest(value: unknown): OpenPaneRequest | string {
	if (value === undefined || value === null) return {};
	if (typeof value !== 'object') return 'an open request must be an object';
	const v = value as Record<string, unknown>;
	const request: OpenPaneRequest = {};
	for (const key of ['title', 'command', 'host'] as const) {
		if (v[key] === undefined) continue;
		if (typeof v[key] !== 'string') return `open: ${key} must be text`;
		request[key] = v[key] as string;
	}
	if (v.number !== undefined) {
		if (!Number.isInteger(v.number) || (v.number as number) < 0) return 'open: number must be a whole number';
		request.number = v.number as number;
	}
	return request;
}

function validSize(cols: unknown, rows: unknown): boolean {
	return Number.isInteger(cols) && Number.isInteger(rows) && (cols as number) >= 2 && (rows as number) >= 2 && (cols as number) <= 1000 && (rows as number) <= 1000;
}
