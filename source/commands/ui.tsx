// The default command: open the multiplexer. Options: --config FILE, --screenrc FILE,
// --lvs-conf FILE, --theme NAME, --ascii, --read-only. Config problems print file:line and exit 2
// before any UI is drawn.
import {localModeConfig} from '../domain/config/defaults.js';
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import {composeApp} from '../compose.js';
import {startTerminalUi} from '../ui/terminal-runtime.js';
import {applyNoColor, builtinTheme} from '../ui/theme.js';
import {localeIsUtf8} from '../ui/borders.js';

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

export function parseUiArgs(argv: string[]): UiArgs | string {
	const args: UiArgs = {ascii: false, readOnly: false, help: false};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		const value = (): string | undefined => inline ?? argv[++i];
		switch (flag) {
			case '--config':
			case '--screenrc':
			case '--lvs-conf':
			case '--theme': {
				const v = value();
				if (!v) return `${flag} needs a value`;
				if (flag === '--config') args.config = v;
				else if (flag === '--screenrc') args.screenrc = v;
				else if (flag === '--lvs-conf') args.lvsConf = v;
				else args.theme = v;
				break;
			}
			case '--ascii':
				args.ascii = true;
				break;
			case '--read-only':
				args.readOnly = true;
				break;
			case '--help':
			case '-h':
				args.help = true;
				break;
			default:
				return `unknown option '${arg}'`;
		}
	}
	return args;
}

async function loadConfig(args: UiArgs): Promise<{config: ClusterConfig} | {errors: string[]}> {
	if (args.config || args.screenrc || args.lvsConf) {
		return {errors: ['lvs-tui: reading config files is not wired into this build yet; start without options for local mode']};
	}
	return {config: localModeConfig()};
}

export async function run(argv: string[]): Promise<number> {
	const args = parseUiArgs(argv);
	if (typeof args === 'string') {
		process.stderr.write(`lvs-tui: ${args}\n\n${UI_USAGE}\n`);
		return 2;
	}
	if (args.help) {
		process.stdout.write(UI_USAGE + '\n');
		return 0;
	}
	const loaded = await loadConfig(args);
	if ('errors' in loaded) {
		for (const e of loaded.errors) process.stderr.write(e + '\n');
		return 2;
	}
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		process.stderr.write('lvs-tui: needs a terminal (stdin and stdout must be a TTY)\n');
		return 2;
	}
	const theme = applyNoColor(builtinTheme());
	const ascii = args.ascii || !localeIsUtf8();
	const ui = startTerminalUi({stdin: process.stdin, stdout: process.stdout}, theme, hooks =>
		composeApp({config: loaded.config, readOnly: args.readOnly, ascii, ...hooks}),
	);
	return ui.exited;
}
