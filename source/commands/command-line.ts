// What every CLI subcommand does first, once: parse its options (a bad one prints the message and
// the usage, exit 2; --help prints the usage, exit 0) and load the cluster config the way the UI
// does (a problem prints file:line messages, exit 2). Not a subcommand itself (cli.ts has no entry).
import {parseArgs, type ParseArgsConfig} from 'node:util';
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import {formatError} from '../domain/result.js';
import {resolveStartupConfig, type StartupOptions} from '../services/config-file.js';

/** The options every config-reading command takes: --config FILE, --read-only, --help. */
export const CONFIG_OPTIONS = {
	config: {type: 'string'},
	'read-only': {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
} as const;

export type ParsedCommandLine<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

function withNewline(text: string): string {
	return text.endsWith('\n') ? text : text + '\n';
}

/** The parsed options, or the exit code when there is nothing more to do (bad option: 2, --help: 0). */
export function parseCommandLine<T extends ParseArgsConfig>(command: string, usage: string, config: T): ParsedCommandLine<T> | number {
	let parsed: ParsedCommandLine<T>;
	try {
		parsed = parseArgs(config);
	} catch (error) {
		process.stderr.write(`${command}: ${error instanceof Error ? error.message : String(error)}\n\n${withNewline(usage)}`);
		return 2;
	}
	if ((parsed.values as {help?: unknown}).help) {
		process.stdout.write(withNewline(usage));
		return 0;
	}
	return parsed;
}

/**
 * The startup config (--config FILE, ./lvs-tui.yaml, ~/.config/lvs-tui/lvs-tui.yaml, else local
 * mode), or null after printing every problem to stderr (`prefix` goes before each).
 */
export function loadCommandConfig(options: StartupOptions, prefix = ''): ClusterConfig | null {
	const loaded = resolveStartupConfig(options);
	if (loaded.ok) return loaded.value;
	for (const e of loaded.error) process.stderr.write(`${prefix}${formatError(e)}\n`);
	return null;
}

/**
 * For the hand-written parsers (vip, status, ui): each argument as its flag (a `--flag=value`
 * split at the '=') and value(), which gives the inline value or takes the next argument.
 */
export function* commandArguments(argv: readonly string[]): Generator<{arg: string; flag: string; value(): string | undefined}> {
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
		const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
		yield {arg, flag: eq >= 0 ? arg.slice(0, eq) : arg, value: () => inline ?? argv[++i]};
	}
}
