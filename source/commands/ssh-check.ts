// `lvs-tui ssh-check [HOST...]`: connect to every configured host (or those named) the way the UI
// will, and say for each whether it works and, if not, exactly why. On a terminal it asks about
// unknown host keys and passphrases (and records accepted keys), so the first UI start is quiet.
// Read-only: it runs `true` on each host and changes nothing there.
// Exit: 0 all reachable, 1 some failed, 2 bad usage or config.
import {formatError} from '../domain/result.js';
import type {HostConfig} from '../domain/config/cluster-config.js';
import {clusterHosts} from '../services/ssh-connection-pool.js';
import {commandHosts} from './command-hosts.js';
import {SshConnectionError} from '../transports/ssh/ssh-connection-error.js';
import {commandPrompter} from '../transports/ssh/terminal-prompter.js';
import {badUsage, CONFIG_OPTIONS, loadCommandConfig, readCommandLine, settleCommandLine} from './command-line.js';

export const SSH_CHECK_USAGE = `usage: lvs-tui ssh-check [HOST...] [options]

  HOST              host names from the config (default: every host reached over SSH)
  --config FILE     lvs-tui.yaml (default: ./lvs-tui.yaml, then ~/.config/lvs-tui/lvs-tui.yaml)
  --batch           never ask (unknown host keys and encrypted keys then fail with the reason)
  --timeout SEC     per host, including jump hosts (default 30 with --batch or without a terminal;
                    otherwise none beyond the 10 s connect timeout, so questions can be answered)

exit status: 0 every host reachable, 1 some failed, 2 bad usage or config`;

interface Args {
	hosts: string[];
	config?: string;
	batch: boolean;
	timeoutMs?: number;
	help: boolean;
}

// Read-only by nature (it runs `true`), so no --read-only.
const SSH_CHECK_OPTIONS = {
	config: CONFIG_OPTIONS.config,
	help: CONFIG_OPTIONS.help,
	batch: {type: 'boolean'},
	timeout: {type: 'string'},
} as const;

export function parseSshCheckArgs(argv: string[]): Args | string {
	const parsed = readCommandLine({args: argv, options: SSH_CHECK_OPTIONS, allowPositionals: true});
	if (typeof parsed === 'string') return parsed;
	const v = parsed.values;
	if (v.timeout !== undefined && (!/^\d+$/.test(v.timeout) || Number(v.timeout) === 0)) return `--timeout needs a whole number of seconds above 0, not '${v.timeout}'`;
	return {
		hosts: parsed.positionals,
		config: v.config,
		batch: v.batch === true,
		timeoutMs: v.timeout === undefined ? undefined : Number(v.timeout) * 1000,
		help: v.help === true,
	};
}

function describeRoute(host: HostConfig): string {
	const target = `${host.user ? `${host.user}@` : ''}${host.host ?? host.name}${host.port ? `:${host.port}` : ''}`;
	return host.jump ? `${target} through ${host.jump}` : target;
}

export async function run(argv: string[]): Promise<number> {
	const args = settleCommandLine('lvs-tui ssh-check', SSH_CHECK_USAGE, parseSshCheckArgs(argv));
	if (typeof args === 'number') return args;
	const config = loadCommandConfig({configPath: args.config});
	if (!config) return 2;
	const all = clusterHosts(config);
	const unknown = args.hosts.filter(h => !all.some(c => c.name === h));
	if (unknown.length) return badUsage('lvs-tui ssh-check', `no host named ${unknown.join(', ')} in the config (hosts: ${all.map(h => h.name).join(', ')})`);
	const hosts = args.hosts.length ? all.filter(h => args.hosts.includes(h.name)) : all.filter(h => h.transport !== 'local');
	if (!hosts.length) {
		process.stdout.write('every host is local (transport: local): nothing to check\n');
		return 0;
	}
	const interactive = !args.batch && process.stdin.isTTY === true;
	// A person answering a host-key question must not be cut off by the check's own timer.
	const timeoutMs = args.timeoutMs ?? (interactive ? undefined : 30_000);
	const transports = commandHosts(config, commandPrompter(interactive));
	const width = Math.max(...hosts.map(h => h.name.length));
	let failed = 0;
	try {
		// One after another: prompts stay readable and jump hosts connect before the hosts behind them.
		for (const host of hosts) {
			const transport = transports.get(host.name)!;
			const started = Date.now();
			const controller = new AbortController();
			const timer = timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(), timeoutMs);
			let line: string;
			try {
				const r = await Promise.race([
					transport.runner.exec('true', {signal: controller.signal, timeoutMs}),
					new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error(`${host.name}: no answer within ${(timeoutMs ?? 0) / 1000} s`)))),
				]);
				if (r.code === 0) line = `ok      ${describeRoute(host)} (${host.transport}, ${((Date.now() - started) / 1000).toFixed(1)} s)`;
				else {
					failed++;
					line = `FAILED  the remote shell could not run 'true' (exit ${r.code}${r.interrupted ? `, ${r.interrupted}` : ''}) ${r.stderr.trim()}`;
				}
			} catch (error) {
				failed++;
				const message = error instanceof SshConnectionError ? formatError(error.appError) : (error as Error).message;
				line = `FAILED  ${message.replace(new RegExp(`^${host.name}: `), '')}`;
			} finally {
				if (timer) clearTimeout(timer);
				if (host.transport === 'openssh') transport.close();
			}
			process.stdout.write(`${host.name.padEnd(width)}  ${line}\n`);
		}
	} finally {
		transports.close();
	}
	return failed ? 1 : 0;
}
