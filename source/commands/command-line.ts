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

/** The options of every command that changes hosts: --dry-run prints the plan, --yes skips asking. */
export const CHANGE_OPTIONS = {
	'dry-run': {type: 'boolean'},
	yes: {type: 'boolean', short: 'y'},
} as const;

/** The machine dhcp-host, kickstart and node add are about: --name, --mac, --ip. */
export const MACHINE_OPTIONS = {
	name: {type: 'string'},
	mac: {type: 'string'},
	ip: {type: 'string'},
} as const;

export type ParsedCommandLine<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

function withNewline(text: string): string {
	return text.endsWith('\n') ? text : text + '\n';
}

/** The option parseArgs names in its message ('-c, --config <value>' → '--config'). */
function optionIn(message: string): string | undefined {
	return /Option '(?:-\w, )?(-{1,2}[^' ]+)/.exec(message)?.[1];
}

/** parseArgs' message said the way every lvs-tui command says it: short, naming the option. */
function plainMessage(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const code = (error as {code?: unknown}).code;
	const quoted = /'([^']*)'/.exec(message)?.[1];
	if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted !== undefined) return `unknown option '${quoted}'`;
	if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && quoted !== undefined) return `unexpected argument '${quoted}'`;
	const option = optionIn(message);
	if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
		if (message.includes('does not take an argument')) return `${option} takes no value`;
		if (message.includes('ambiguous')) return `${option} needs a value (for one that starts with '-', write ${option}=VALUE)`;
		return `${option} needs a value`;
	}
	return message.split('\n')[0]!;
}

/**
 * The parsed options, or the one-line reason they are unusable: `unknown option '--x'`,
 * `--config needs a value` (an empty `--config=` too), `--json takes no value`,
 * `unexpected argument 'x'`. Prints nothing: for parsers whose callers print (session-ui).
 */
export function readCommandLine<T extends ParseArgsConfig>(config: T): ParsedCommandLine<T> | string {
	let parsed: ParsedCommandLine<T>;
	try {
		parsed = parseArgs(config);
	} catch (error) {
		return plainMessage(error);
	}
	for (const [name, value] of Object.entries(parsed.values as Record<string, unknown>)) {
		const values = Array.isArray(value) ? value : [value];
		if (values.some(v => v === '')) return `--${name} needs a value`;
	}
	return parsed;
}

/**
 * A problem with what the user asked for (options, names, values), before any host is touched:
 * "COMMAND: problem" on stderr, then the usage when given; exit status 2.
 */
export function badUsage(command: string, problem: string, usage?: string): number {
	process.stderr.write(`${command}: ${problem}\n${usage === undefined ? '' : `\n${withNewline(usage)}`}`);
	return 2;
}

/**
 * What a parse came to, for the command to act on: the arguments, or the exit code when there is
 * nothing more to do — a problem is refused with the usage (2), --help prints the usage (0).
 */
export function settleCommandLine<A>(command: string, usage: string, parsed: A | string, wantsHelp: (args: A) => boolean = a => Boolean((a as {help?: unknown}).help)): A | number {
	if (typeof parsed === 'string') return badUsage(command, parsed, usage);
	if (wantsHelp(parsed)) {
		process.stdout.write(withNewline(usage));
		return 0;
	}
	return parsed;
}

/** The parsed options, or the exit code when there is nothing more to do (bad option: 2, --help: 0). */
export function parseCommandLine<T extends ParseArgsConfig>(command: string, usage: string, config: T): ParsedCommandLine<T> | number {
	return settleCommandLine(command, usage, readCommandLine(config), p => Boolean((p.values as {help?: unknown}).help));
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
