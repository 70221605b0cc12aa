// The UI as a client of a session server: find or start the session, attach (or take over, or
// watch), and run the same terminal UI over a RemotePaneHost. C-a d and SIGHUP leave the session
// running; quitting from the UI (C-a \, confirmed) ends it. When the UI has gone, say what
// happened the way screen does ("[detached from session main]").
import {formatError} from '../domain/result.js';
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import {resolveStartupConfig} from '../services/config-file.js';
import {composeApp, type ComposedApp} from '../compose.js';
import {parseUiArgs, UI_USAGE, type UiArgs} from '../commands/ui.js';
import {startTerminalUi, type TerminalUi} from '../ui/terminal-runtime.js';
import {createDialogPrompter} from '../ui/dialog-prompter.js';
import {loadTheme} from '../services/theme-loader.js';
import {noColorRequested, useAsciiBorders} from '../domain/theme/terminal-capabilities.js';
import type {Theme} from '../domain/theme/theme.js';
import {parseSessionArgs, SESSION_USAGE, type SessionArgs} from './session-args.js';
import {defaultSocketDir, ensureSocketDir, sessionFiles} from './session-paths.js';
import {probeSocket} from './socket-probe.js';
import {launchSessionServer} from './server-launcher.js';
import {connectSession} from './session-connection.js';
import {RemotePaneHost} from './remote-pane-host.js';
import {listSessions} from './session-list.js';
import type {ClientIntent} from './protocol.js';
import {remoteFeatures} from './remote-features.js';
import {clusterHosts} from '../services/ssh-connection-pool.js';
import {applySharedFeatures, sharedConfig} from '../store/shared-features.js';
import type {RemoteFeatures} from '../compose.js';

export const DEFAULT_SESSION = 'main';

export type SessionUiOutcome = {exitCode: number} | {inline: string[]};

interface Streams {
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
	stderr: NodeJS.WritableStream;
}

/** UI options the server needs to open the same panes (config sources); the rest stay here. */
function serverArgsOf(args: UiArgs, size: {cols: number; rows: number}): string[] {
	const out = ['--cols', String(size.cols), '--rows', String(size.rows)];
	if (args.config) out.push('--config', args.config);
	if (args.screenrc) out.push('--screenrc', args.screenrc);
	if (args.lvsConf) out.push('--lvs-conf', args.lvsConf);
	if (args.readOnly) out.push('--read-only');
	return out;
}

/**
 * Entry for `lvs-tui [session options] [ui options]` and `lvs-tui attach`. Returns {inline} when
 * the user asked for --no-session: the caller runs the UI in-process with those arguments.
 */
export async function runSessionUi(argv: string[], streams: Streams = {stdin: process.stdin, stdout: process.stdout, stderr: process.stderr}): Promise<SessionUiOutcome> {
	const say = (line: string) => streams.stderr.write(`lvs-tui: ${line}\n`);
	const parsed = parseSessionArgs(argv);
	if (!parsed.ok) {
		say(formatError(parsed.error));
		return {exitCode: 2};
	}
	const session = parsed.value;
	// --no-session, or LVS_TUI_NO_SESSION=1 (scripts and tests that want the panes to die with the UI).
	if (session.mode === 'inline') return {inline: session.rest};
	if (process.env.LVS_TUI_NO_SESSION === '1' && session.mode === 'auto' && session.name === undefined) return {inline: session.rest};
	const uiArgs = parseUiArgs(session.rest);
	if (typeof uiArgs === 'string') {
		streams.stderr.write(`lvs-tui: ${uiArgs}\n\n${UI_USAGE}\n${SESSION_USAGE}\n`);
		return {exitCode: 2};
	}
	if (uiArgs.help) {
		streams.stdout.write(`${UI_USAGE}\n\n${SESSION_USAGE}\n`);
		return {exitCode: 0};
	}
	// The client needs the config too (keys, labels); checking it here also keeps a bad config from
	// starting a server that would only fail in its log.
	const config = resolveStartupConfig({configPath: uiArgs.config, screenrc: uiArgs.screenrc, lvsConf: uiArgs.lvsConf, readOnly: uiArgs.readOnly, theme: uiArgs.theme});
	if (!config.ok) {
		for (const error of config.error) say(formatError(error));
		return {exitCode: 2};
	}
	const theme = loadTheme(uiArgs.theme ?? config.value.theme, {noColor: noColorRequested(process.env)});
	if (!theme.ok) {
		for (const error of theme.error) say(formatError(error));
		return {exitCode: 2};
	}
	const dir = ensureSocketDir(defaultSocketDir());
	if (!dir.ok) {
		say(formatError(dir.error));
		return {exitCode: 1};
	}
	const tty = streams.stdin.isTTY && streams.stdout.isTTY;
	const size = {cols: Math.max(20, streams.stdout.columns || 80), rows: Math.max(5, streams.stdout.rows || 24)};
	// Without a terminal, still say whether the session exists (scripts), but never start one.
	if (!tty && session.mode === 'auto') {
		say('needs a terminal (stdin and stdout must be a TTY)');
		return {exitCode: 2};
	}
	const target = await chooseSession(dir.value, session, uiArgs, size, say);
	if ('exitCode' in target) return target;
	if (!tty) {
		say('needs a terminal (stdin and stdout must be a TTY)');
		return {exitCode: 2};
	}

	const connected = await connectSession(sessionFiles(dir.value, target.name), {intent: target.intent, cols: size.cols, rows: size.rows - 1});
	if (!connected.ok) {
		say(formatError(connected.error));
		return {exitCode: 1};
	}
	const readOnly = target.intent === 'watch';
	const host = new RemotePaneHost(connected.value, readOnly);
	const attached = await Promise.race([host.ready, new Promise<null>(resolve => host.onEnd(() => resolve(null)))]);
	if (!attached) {
		say(`session '${target.name}' closed the connection while attaching`);
		return {exitCode: 1};
	}
	// Like `screen -R`: a running session is reattached as it is; config options given now only
	// shape this client (keys, theme), so say so instead of letting it look ignored.
	const note =
		target.existing && (uiArgs.config || uiArgs.screenrc || uiArgs.lvsConf)
			? `reattached to '${target.name}' (its own config; -S NAME for another)`
			: undefined;
	// Features go through the server's connections: this client opens none.
	const shared = host.sharedState();
	// Like `screen -r`, the UI works on the session's cluster (hosts, VIPs, services, keys), whatever
	// config this client found; its own --read-only and --theme still apply.
	const fromSession = sharedConfig(shared);
	const sessionConfig = fromSession ? {...fromSession, options: {...fromSession.options, readOnly: fromSession.options.readOnly || config.value.options.readOnly}} : config.value;
	const sessionTheme = uiArgs.theme || !fromSession || fromSession.theme === config.value.theme ? theme : loadTheme(fromSession.theme, {noColor: noColorRequested(process.env)});
	const warnings = Array.isArray(shared.sshWarnings) ? shared.sshWarnings.filter((w): w is string => typeof w === 'string') : [];
	const remote = remoteFeatures(connected.value, clusterHosts(sessionConfig).map(h => h.name), warnings);
	return {exitCode: await runAttached(host, remote, target.name, sessionConfig, sessionTheme.ok ? sessionTheme.value : theme.value, uiArgs, readOnly, streams, note, attached.activePaneId)};
}

type Target = {name: string; intent: ClientIntent; existing?: boolean} | {exitCode: number};

async function chooseSession(dir: string, session: SessionArgs, uiArgs: UiArgs, size: {cols: number; rows: number}, say: (line: string) => void): Promise<Target> {
	if (session.mode === 'auto') {
		const name = session.name ?? DEFAULT_SESSION;
		const files = sessionFiles(dir, name);
		if ((await probeSocket(files.socket)) === 'alive') return {name, intent: 'attach', existing: true};
		const launched = await launchSessionServer({dir, name, serverArgs: serverArgsOf(uiArgs, {cols: size.cols, rows: size.rows - 1})});
		if (!launched.ok) {
			say(formatError(launched.error));
			return {exitCode: 1};
		}
		if (launched.value.removedStale) say(launched.value.removedStale);
		return {name, intent: 'attach'};
	}
	const intent: ClientIntent = session.mode === 'watch' ? 'watch' : session.mode === 'takeover' ? 'takeover' : 'attach';
	if (session.name) {
		const files = sessionFiles(dir, session.name);
		const state = await probeSocket(files.socket);
		if (state === 'missing') {
			say(`there is no session named '${session.name}' ('lvs-tui ls' lists them)`);
			return {exitCode: 1};
		}
		// A stale socket is reported (and removed) by the connect that follows.
		return {name: session.name, intent};
	}
	const listing = await listSessions(dir);
	for (const problem of listing.problems) say(problem);
	const sessions = listing.sessions;
	if (sessions.length === 0) {
		say("there is no session to attach to ('lvs-tui' starts one)");
		return {exitCode: 1};
	}
	const pick = sessions.length === 1 ? sessions[0] : sessions.find(s => s.name === DEFAULT_SESSION);
	if (!pick) {
		say(`there are several sessions; name one: ${sessions.map(s => `${s.name} (${s.attached ? 'attached' : 'detached'})`).join(', ')}`);
		return {exitCode: 1};
	}
	return {name: pick.name, intent};
}

async function runAttached(
	host: RemotePaneHost,
	remote: RemoteFeatures,
	name: string,
	config: ClusterConfig,
	theme: Theme,
	uiArgs: UiArgs,
	readOnly: boolean,
	streams: Streams,
	note?: string,
	activePaneId?: string,
): Promise<number> {
	const ascii = useAsciiBorders({ascii: uiArgs.ascii, env: process.env});
	let endReason: string | null = null;
	let detaching = false;
	let ending = false;
	let ui: TerminalUi | null = null;
	const wire = (app: ComposedApp) => {
		const state = app.store.getState();
		// Resume on the pane the last client was looking at (before the binder shows the first one).
		if (activePaneId && host.list().some(p => p.id === activePaneId)) {
			state.setPanes(host.list());
			state.setActivePane(activePaneId);
		}
		// The server's feature data (tables, history, interfaces) into this client's slices; the
		// view (cursor, sort, filter, prompts) stays this client's own.
		const apply = (patch: Record<string, unknown>) => {
			const current = app.store.getState();
			const {readOnly: nowReadOnly} = applySharedFeatures(current, patch);
			if (nowReadOnly && !current.readOnly) app.store.setState({readOnly: true} as never);
		};
		apply(host.sharedState());
		host.onSharedState(apply);
		host.onNotice(message => app.store.getState().showStatus(message));
		// SSH questions from the server's connections appear in this UI's dialogs.
		host.setPrompter(createDialogPrompter(app.controller));
		// C-a c switched to a placeholder; switch to the pane it became.
		host.onOpened((_placeholderId, pane) => app.store.getState().setActivePane(pane.id));
		app.controller.registerAction('session.detach', () => {
			detaching = true;
			ui?.quit(0);
		});
		// Quitting from an attached UI ends the session (the confirm dialog says the panes close);
		// detaching is C-a d.
		app.controller.registerAction('app.quit.confirmed', () => {
			if (readOnly) {
				detaching = true;
				ui?.quit(0);
				return;
			}
			ending = true;
			void host.killSession().finally(() => ui?.quit(0));
		});
		if (readOnly) state.showStatus(`watching session '${name}' read-only: C-a d leaves`);
		else if (note) state.showStatus(note);
	};
	ui = startTerminalUi({stdin: streams.stdin, stdout: streams.stdout}, theme, hooks =>
		composeApp({config, readOnly: uiArgs.readOnly || readOnly || host.sharedState().readOnly === true, ascii, host, remote, features: true, ...hooks}),
		wire,
	);
	host.onEnd(reason => {
		endReason = reason;
		ui?.quit(0);
	});
	const code = await ui.exited;
	// Quit confirmed, or the last pane closed (the UI quits on an empty pane list before the server's
	// goodbye arrives): the session is over either way.
	if (ending || (host.list().length === 0 && endReason === null)) {
		streams.stdout.write(`[session ${name} ended]\n`);
		return 0;
	}
	if (endReason === null) {
		// C-a d, SIGHUP or SIGTERM: leave the session running.
		await Promise.race([host.detach(), new Promise(resolve => setTimeout(resolve, 2000).unref())]);
		streams.stdout.write(`[detached from session ${name}]\n`);
		return 0;
	}
	const reason: string = endReason;
	if (detaching || reason === 'detached') {
		streams.stdout.write(`[detached from session ${name}]\n`);
		return 0;
	}
	if (/took the session over/.test(reason)) {
		streams.stdout.write(`[detached from session ${name}: ${reason}]\n`);
		return 0;
	}
	if (/session ended/.test(reason)) {
		streams.stdout.write(`[session ${name} ended: ${reason.replace(/^the session ended: /, '')}]\n`);
		return 0;
	}
	// The server went away without a word: it crashed or was killed.
	streams.stderr.write(`lvs-tui: session '${name}': ${reason}\n`);
	return code === 0 ? 1 : code;
}
