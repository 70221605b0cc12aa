// The default command: open the multiplexer. Options: --config FILE, --screenrc FILE,
// --lvs-conf FILE, --theme NAME, --ascii, --read-only. Config problems print file:line and exit 2
// before any UI is drawn.
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import type {Theme} from '../domain/theme/theme.js';
import {formatError} from '../domain/result.js';
import {resolveStartupConfig} from '../services/config-file.js';
import {loadTheme} from '../services/theme-loader.js';
import {composeApp} from '../compose.js';
import {startTerminalUi} from '../ui/terminal-runtime.js';
import {noColorRequested, useAsciiBorders} from '../domain/theme/terminal-capabilities.js';
import {CONFIG_OPTIONS, readCommandLine, settleCommandLine} from './command-line.js';

export interface UiArgs {
	config?: string;
	screenrc?: string;
	lvsConf?: string;
	theme?: string;
	ascii: boolean;
	readOnly: boolean;
	help: boolean;
}

export const UI_USAGE = `usage: lvs-tui [--config FILE | --screenrc FILE | --lvs-conf FILE] [--theme NAME] [--ascii] [--read-only]

  --config FILE     lvs-tui.yaml to use (default: ./lvs-tui.yaml, then ~/.config/lvs-tui/lvs-tui.yaml;
                    none found: local mode, this host is the director, one shell pane)
  --screenrc FILE   take panes and keys from a GNU screen .screenrc
  --lvs-conf FILE   take the cluster from a configure-lvs lvs_nat.conf
  --theme NAME      colour theme (default, light, high-contrast, no-color)
  --ascii           draw borders with ASCII (automatic when the locale is not UTF-8)
  --read-only       refuse every change to hosts (VIP, IPVS, wizards)`;

const UI_OPTIONS = {
	...CONFIG_OPTIONS,
	screenrc: {type: 'string'},
	'lvs-conf': {type: 'string'},
	theme: {type: 'string'},
	ascii: {type: 'boolean'},
} as const;

/** The UI's options, or why they are unusable (the message parseCommandLine would print). */
export function parseUiArgs(argv: string[]): UiArgs | string {
	const parsed = readCommandLine({args: argv, options: UI_OPTIONS});
	if (typeof parsed === 'string') return parsed;
	const v = parsed.values;
	return {
		config: v.config,
		screenrc: v.screenrc,
		lvsConf: v['lvs-conf'],
		theme: v.theme,
		ascii: v.ascii === true,
		readOnly: v['read-only'] === true,
		help: v.help === true,
	};
}

interface Startup {
	config: ClusterConfig;
	theme: Theme;
	/** Import lines that could not be carried over: shown in the status line once the UI is up. */
	warnings: string[];
}

/** Config and theme, or every problem as "file:line: message" lines. */
function loadStartup(args: UiArgs): Startup | {errors: string[]} {
	const warnings: string[] = [];
	const config = resolveStartupConfig({
		configPath: args.config,
		screenrc: args.screenrc,
		lvsConf: args.lvsConf,
		readOnly: args.readOnly,
		theme: args.theme,
		onWarning: w => warnings.push(formatError(w)),
	});
	if (!config.ok) return {errors: config.error.map(formatError)};
	const theme = loadTheme(args.theme ?? config.value.theme, {noColor: noColorRequested(process.env)});
	if (!theme.ok) return {errors: theme.error.map(formatError)};
	return {config: config.value, theme: theme.value, warnings};
}

/**
 * `lvs-tui [session options] [ui options]`: like screen, the panes live in a background session
 * (source/session/) unless --no-session or LVS_TUI_NO_SESSION=1; then they run in this process.
 */
export async function run(argv: string[]): Promise<number> {
	// Loaded lazily: session-ui imports this module's parseUiArgs/UI_USAGE.
	const {runSessionUi} = await import('../session/session-ui.js');
	const outcome = await runSessionUi(argv);
	if ('exitCode' in outcome) return outcome.exitCode;
	return runInProcess(outcome.inline);
}

/** The UI with its panes in this process (they end when it ends). */
export async function runInProcess(argv: string[]): Promise<number> {
	const args = settleCommandLine('lvs-tui', UI_USAGE, parseUiArgs(argv));
	if (typeof args === 'number') return args;
	const loaded = loadStartup(args);
	if ('errors' in loaded) {
		for (const e of loaded.errors) process.stderr.write(`lvs-tui: ${e}\n`);
		return 2;
	}
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		process.stderr.write('lvs-tui: needs a terminal (stdin and stdout must be a TTY)\n');
		return 2;
	}
	const ascii = useAsciiBorders({ascii: args.ascii, env: process.env});
	const ui = startTerminalUi({stdin: process.stdin, stdout: process.stdout}, loaded.theme, hooks =>
		composeApp({config: loaded.config, readOnly: args.readOnly, ascii, features: true, ...hooks}),
	);
	if (loaded.warnings.length > 0) {
		const more = loaded.warnings.length > 1 ? ` (+${loaded.warnings.length - 1} more; lvs-tui import shows all)` : '';
		ui.app.store.getState().showStatus(loaded.warnings[0]!.split('\n')[0] + more, 'error');
	}
	return ui.exited;
}
