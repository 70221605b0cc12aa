// What the session server hosts: the panes the UI would have opened itself, built by
// createPaneHost (compose-panes.ts) from the same startup config (config file, .screenrc or lvs_nat.conf import), so a
// pane opens the same way attached or not.
import {createPaneHost} from '../compose-panes.js';
import {createHostTransports} from '../services/host-transports.js';
import {QuestionRelay} from './relay-prompter.js';
import {appError, fail, ok, type AppError, type Result} from '../domain/result.js';
import type {PaneManager} from '../services/pane-manager.js';
import {resolveStartupConfig, type StartupOptions} from '../services/config-file.js';
import type {SharedState} from './session-server.js';
import type {SessionServices} from './protocol.js';
import {ServerFeatures} from './server-features.js';

export interface HostedSession {
	host: PaneManager;
	/** SSH questions of the panes' connections, for the server to relay to its client. */
	questions: QuestionRelay;
	/** The feature data (IPVS, interfaces) the server shares with its clients. */
	state?: SharedState;
	/** Pollers on demand, and commands/files on the session's hosts for attached clients' actions. */
	services?: SessionServices;
	dispose(): void;
}

export interface SessionHostOptions {
	/** Pane area size until the first client says its own. */
	cols: number;
	rows: number;
	startup: StartupOptions;
}

/** The server's argv: --cols N --rows N plus the UI's config options, forwarded by the client. */
export function parseServerArgs(argv: string[]): Result<SessionHostOptions> {
	const options: SessionHostOptions = {cols: 80, rows: 23, startup: {}};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const value = argv[i + 1];
		const needValue = (): string | null => {
			i++;
			return value === undefined ? null : value;
		};
		switch (arg) {
			case '--cols':
			case '--rows': {
				const n = Number(needValue());
				if (!Number.isInteger(n) || n < 2 || n > 1000) return fail(appError('session.args', `session server: ${arg} needs a whole number 2-1000`));
				options[arg === '--cols' ? 'cols' : 'rows'] = n;
				break;
			}
			case '--config':
			case '--screenrc':
			case '--lvs-conf': {
				const v = needValue();
				if (v === null) return fail(appError('session.args', `session server: ${arg} needs a value`));
				if (arg === '--config') options.startup.configPath = v;
				else if (arg === '--screenrc') options.startup.screenrc = v;
				else options.startup.lvsConf = v;
				break;
			}
			case '--read-only':
				options.startup.readOnly = true;
				break;
			default:
				return fail(appError('session.args', `session server: unknown option '${arg}'`));
		}
	}
	return ok(options);
}

export function createSessionHost(options: SessionHostOptions, log?: (line: string) => void): Result<HostedSession, AppError[]> {
	const config = resolveStartupConfig(options.startup);
	if (!config.ok) return config;
	const questions = new QuestionRelay();
	const transports = createHostTransports(config.value, questions.prompter());
	const host = createPaneHost(config.value, {cols: options.cols, rows: options.rows}, transports);
	// Feature pollers and clients' actions use the panes' connections: one SSH connection per host.
	const features = new ServerFeatures({config: config.value, transports, ...(log ? {log} : {})});
	return ok({
		host,
		questions,
		state: features,
		services: features,
		dispose: () => {
			features.stop();
			host.dispose();
			transports.close();
		},
	});
}
