// What the session server hosts: the PaneManager with its process factory and the first pane.
// Local mode (no config: this host is the director, one shell pane) until compose.ts offers a
// builder the UI and the server share; then this becomes a call to it.
import {PaneManager} from '../services/pane-manager.js';
import {LocalPty, localTitle} from '../transports/local-pty.js';
import type {PaneProcessFactory} from '../transports/pane-process.js';
import {appError, fail, ok, type Result} from '../domain/result.js';
import type {SharedState} from './session-server.js';

export interface HostedSession {
	host: PaneManager;
	state?: SharedState;
	dispose(): void;
}

export interface SessionHostOptions {
	cols: number;
	rows: number;
	scrollback: number;
	/** Commands for the first panes (`lvs-tui -S x -- cmd`); a login shell when empty. */
	commands: string[];
}

export function parseServerArgs(argv: string[]): Result<SessionHostOptions> {
	const options: SessionHostOptions = {cols: 80, rows: 24, scrollback: 10_000, commands: []};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const value = argv[i + 1];
		const number = () => {
			const n = Number(value);
			i++;
			return Number.isInteger(n) && n > 0 ? n : NaN;
		};
		if (arg === '--cols') options.cols = number();
		else if (arg === '--rows') options.rows = number();
		else if (arg === '--scrollback') options.scrollback = number();
		else if (arg === '--command' && value !== undefined) {
			options.commands.push(value);
			i++;
		} else return fail(appError('session.args', `session server: unknown option '${arg}'`));
	}
	for (const key of ['cols', 'rows', 'scrollback'] as const) {
		if (Number.isNaN(options[key])) return fail(appError('session.args', `session server: --${key} needs a positive whole number`));
	}
	return ok(options);
}

export function createSessionHost(options: SessionHostOptions): HostedSession {
	const factory: PaneProcessFactory = (target, spec) => {
		if (target.host) throw new Error(`SSH panes need a cluster config (host '${target.host}')`);
		return new LocalPty({command: target.command}, spec);
	};
	const host = new PaneManager({
		factory,
		cols: options.cols,
		rows: options.rows,
		scrollback: options.scrollback,
		defaultTitle: target => localTitle({command: target.command}),
	});
	if (options.commands.length === 0) host.open({});
	for (const command of options.commands) host.open({command});
	return {host, dispose: () => host.dispose()};
}
