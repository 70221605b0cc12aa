// Control messages of the session protocol. The hello/welcome/refused shapes are frozen across
// versions (like the frame format) so a mismatched client gets a sentence, not garbage; everything
// after the welcome may change with PROTOCOL_VERSION.
import {readFileSync} from 'node:fs';
import type {OpenPaneRequest, PaneInfo, PaneSnapshot} from '../services/pane-host.js';
import type {Question} from './relay-prompter.js';

/** Bump whenever a message after the handshake changes meaning. */
export const PROTOCOL_VERSION = 2;

export const APP_VERSION: string = (() => {
	try {
		const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version?: string};
		return pkg.version ?? 'unknown';
	} catch {
		return 'unknown';
	}
})();

/** Before the handshake a peer may send only a small hello; after it, big snapshots are allowed. */
export const MAX_HELLO_FRAME = 64 * 1024;
export const MAX_CLIENT_FRAME = 4 * 1024 * 1024;
export const MAX_SERVER_FRAME = 256 * 1024 * 1024;
/**
 * Scrollback lines sent with snapshots to an attaching client: what its mirror emulators keep
 * (MirrorScreen's default). The server's panes keep their full scrollback regardless.
 */
export const CLIENT_SCROLLBACK = 1000;
/** A client that has not said hello by then is dropped (killed mid-handshake, or not lvs-tui). */
export const HANDSHAKE_TIMEOUT_MS = 5000;

/**
 * attach: become the controlling client (refused if one is attached).
 * takeover: detach the controlling client and attach (`-d -r`).
 * watch: read-only second client.
 * info: get SessionInfo and close (`ls`). kill: end the session (`kill`).
 */
export type ClientIntent = 'attach' | 'takeover' | 'watch' | 'info' | 'kill';

export interface Hello {
	t: 'hello';
	magic: 'lvs-tui';
	protocol: number;
	version: string;
	/** Hex of the session key file: proves the client could read the owner-only file. */
	key: string;
	intent: ClientIntent;
	cols?: number;
	rows?: number;
}

export interface SessionInfo {
	name: string;
	pid: number;
	panes: number;
	attached: boolean;
	watchers: number;
	/** ISO time the server started. */
	started: string;
	version: string;
	protocol: number;
}

export interface Welcome {
	t: 'welcome';
	protocol: number;
	version: string;
	session: SessionInfo;
	role: 'control' | 'watch' | 'info';
}

export type RefusalCode = 'version' | 'auth' | 'attached' | 'bad-hello' | 'ending';

export interface Refused {
	t: 'refused';
	code: RefusalCode;
	message: string;
	protocol: number;
	version: string;
}

// After the welcome.

export type Request =
	| {t: 'req'; id: number; op: 'open'; request: OpenPaneRequest}
	| {t: 'req'; id: number; op: 'rename'; paneId: string; title: string}
	| {t: 'req'; id: number; op: 'kill'; paneId: string}
	| {t: 'req'; id: number; op: 'restart'; paneId: string}
	| {t: 'req'; id: number; op: 'focus'; paneId: string}
	/** The answer to an SSH question the server relayed ('ask'). */
	| {t: 'req'; id: number; op: 'answer'; askId: number; value: unknown}
	/**
	 * settled (protocol 2): answer once the pane's emulator has parsed what it read, so the snapshot
	 * carries no long unparsed tail (a client following a flood by snapshots).
	 */
	| {t: 'req'; id: number; op: 'snapshot'; paneId: string; scrollback?: number; settled?: boolean}
	/**
	 * Protocol 2: stop (muted) or resume sending this pane's output to this client. While muted, a
	 * snapshot answer for the pane carries skippedChars: output it missed since the previous answer.
	 */
	| {t: 'req'; id: number; op: 'mute'; paneId: string; muted: boolean}
	| {t: 'req'; id: number; op: 'snapshots'}
	| {t: 'req'; id: number; op: 'resize'; cols: number; rows: number}
	| {t: 'req'; id: number; op: 'detach'}
	| {t: 'req'; id: number; op: 'kill-session'};

/**
 * Protocol 2: requests served by the session's feature services (server-features.ts): the pollers, and commands
 * and files on the session's hosts over the server's own connections (the attached UI opens none).
 * Answers: exec -> ExecResult; read-file -> {base64}; stat -> the stat or null; the rest -> nothing.
 */
export type FeatureRequest =
	/** This client shows a panel or a feature overlay (true) or nothing that needs polling (false). */
	| {t: 'req'; id: number; op: 'polling'; wanted: boolean}
	/** Poll now and answer once the result is in the shared state (after an action). */
	| {t: 'req'; id: number; op: 'refresh'; feature: 'ipvs' | 'interfaces'}
	| {
			t: 'req';
			id: number;
			op: 'exec';
			/** The client's own number for this command, for 'cancel'. */
			execId: number;
			host: string;
			command: string;
			timeoutMs?: number;
			maxOutputBytes?: number;
			stdinBase64?: string;
	  }
	| {t: 'req'; id: number; op: 'cancel'; execId: number}
	| {t: 'req'; id: number; op: 'read-file'; host: string; path: string}
	| {t: 'req'; id: number; op: 'write-file'; host: string; path: string; base64: string; mode?: number}
	| {t: 'req'; id: number; op: 'stat'; host: string; path: string};

export const FEATURE_OPS: ReadonlySet<string> = new Set(['polling', 'refresh', 'exec', 'cancel', 'read-file', 'write-file', 'stat']);
/** What a watch client may ask of the features: to look, never to touch a host. */
export const WATCH_FEATURE_OPS: ReadonlySet<string> = new Set(['polling', 'refresh']);

/** The server side of FeatureRequest (server-features.ts implements it). */
export interface SessionServices {
	handle(request: FeatureRequest, clientId: number): Promise<{ok: true; value?: unknown} | {ok: false; error: string}>;
	/** The client left: it no longer wants polling. */
	clientGone(clientId: number): void;
}

export type Response =
	| {t: 'res'; id: number; ok: true; value?: unknown}
	| {t: 'res'; id: number; ok: false; error: string};

export type ServerEvent =
	| {t: 'panes'; panes: PaneInfo[]}
	| {t: 'bell'; paneId: string}
	/** Top-level keys of the shared store that changed (plain data). */
	| {t: 'state'; patch: Record<string, unknown>}
	| {t: 'notice'; message: string}
	/** An SSH question for the controlling client to answer with op 'answer' (see relay-prompter.ts). */
	| ({t: 'ask'; id: number} & Question)
	/** This client was detached (taken over, or the session ended); the connection closes next. */
	| {t: 'detached'; reason: string}
	/** Protocol 2: output of a pane this client muted came after its last snapshot answer. */
	| {t: 'skipped'; paneId: string}
	/** A muted pane's output has stopped (QUIET_MS without any): its last screen is worth asking for now. */
	| {t: 'quiet'; paneId: string};

/** How long a muted pane's output must pause before the server says 'quiet'. */
export const QUIET_MS = 5;

export interface AttachSnapshot {
	panes: PaneInfo[];
	snapshots: PaneSnapshot[];
	state?: Record<string, unknown>;
	/** The pane the controlling client last focused: a reattaching client shows it (optional, protocol 1). */
	activePaneId?: string;
}

export function isHello(value: unknown): value is Hello {
	const v = value as Partial<Hello>;
	return (
		v?.t === 'hello' &&
		v.magic === 'lvs-tui' &&
		typeof v.protocol === 'number' &&
		typeof v.version === 'string' &&
		typeof v.key === 'string' &&
		['attach', 'takeover', 'watch', 'info', 'kill'].includes(v.intent as string)
	);
}

/** What a person sees when client and server were built from different lvs-tui versions. */
export function versionMismatchMessage(
	session: string,
	server: {protocol: number; version: string},
	client: {protocol: number; version: string} = {protocol: PROTOCOL_VERSION, version: APP_VERSION},
): string {
	return (
		`this lvs-tui is version ${client.version} (session protocol ${client.protocol}), but session '${session}' ` +
		`was started by lvs-tui ${server.version} and speaks protocol ${server.protocol}; attach with that version, ` +
		`or end the session with 'lvs-tui kill ${session}'`
	);
}
