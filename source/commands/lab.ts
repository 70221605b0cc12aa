// `lvs-tui lab …`: a real LVS cluster in a QEMU VM, for trying lvs-tui without a cluster and for the
// test suite. The work is in source/lab/; this file parses argv and prints.
import {spawn} from 'node:child_process';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {formatError, type AppError} from '../domain/result.js';
import {ensureKit, labAddHost, labDown, labRemoveHost, labStatus, labTraffic, labUp, type UpReport} from '../lab/lab-control.js';
import {labPaths} from '../lab/lab-paths.js';
import {shellJoin} from '../domain/shell-quote.js';
import {killVm} from '../lab/vm-runner.js';
import {clearLabState} from '../lab/lab-state.js';
import {badUsage, readCommandLine} from './command-line.js';

const help = `usage: lvs-tui lab [COMMAND]

A real LVS-NAT cluster in a QEMU VM: a director with IPVS, real servers rs1 and rs2 (HTTP + SSH),
a client, the VIP on eth0:50. Rootless; the first run downloads ~90 MB of Debian packages.

  lvs-tui lab [--read-only] [--theme NAME] [--ascii]
                                  start the lab (if needed) and open lvs-tui on it
  lvs-tui lab up [--port N] [--timeout S]
                                  build (first time) and boot the lab; print where its config is
  lvs-tui lab down                stop the lab's VM
  lvs-tui lab status              is it running; the IPVS table on the director
  lvs-tui lab traffic [N] [--idle K] [--idle-seconds S]
                                  N HTTP requests (default 40) from the client through the VIP, then
                                  K idle connections (default 3) held for S seconds (default 30)
  lvs-tui lab add-host NAME [IP]  a new real server on the private network, not in IPVS (a freshly
                                  installed node for the add-a-node wizard)
  lvs-tui lab remove-host NAME    remove a host made with add-host
  lvs-tui lab build [--rebuild]   only download and build the kit (cached in ~/.cache/lvs-tui/lab)

Environment: XDG_CACHE_HOME (cache location), LVS_TUI_LAB_STATE_DIR (one lab's state folder).`;

function say(line: string): void {
	process.stdout.write(line + '\n');
}

function complain(error: AppError): number {
	process.stderr.write(`lvs-tui lab: ${formatError(error)}\n`);
	return 1;
}

function usageError(message: string): number {
	return badUsage('lvs-tui lab', message, help);
}

/** A lab subcommand's whole-number options (--port 2222) and its positional words, or why not. */
function labArgs(argv: string[], numeric: string[], flags: string[] = []): {options: Record<string, number>; words: string[]} | string {
	const config = Object.fromEntries([...numeric.map(n => [n, {type: 'string'}] as const), ...flags.map(f => [f, {type: 'boolean'}] as const)]);
	const parsed = readCommandLine({args: argv, options: config, allowPositionals: true});
	if (typeof parsed === 'string') return parsed;
	const options: Record<string, number> = {};
	for (const [name, value] of Object.entries(parsed.values)) {
		if (typeof value === 'boolean') options[name] = value ? 1 : 0;
		else if (typeof value === 'string' && /^\d+$/.test(value)) options[name] = Number(value);
		else return `--${name} needs a whole number, not '${String(value)}'`;
	}
	return {options, words: parsed.positionals};
}

function printUp(report: UpReport): void {
	const s = report.state;
	if (report.reused) say(`The lab is already running (pid ${s.pid}); reusing it.`);
	else {
		if (report.kit?.built) say(`Built the kit in ${report.kit.seconds.toFixed(1)} s (${report.kit.downloadedPackages} packages downloaded).`);
		say(`The lab is up: SSH answered after ${report.bannerSeconds?.toFixed(1)} s, cluster ready after ${report.loginSeconds?.toFixed(1)} s.`);
	}
	say('');
	say(`  config       ${s.configPath}`);
	say(`  key          ${s.identityFile}`);
	say(`  known_hosts  ${s.knownHostsFile}`);
	say(`  director     root@127.0.0.1 port ${s.port} (kernel ${s.kernelVersion}, pid ${s.pid})`);
	say(`  real servers ${s.hosts.map(h => `${h.name} ${h.address}${h.spare ? ' (spare)' : ''}`).join(', ')} via the director`);
	say('');
	say(`  lvs-tui --config ${s.configPath}`);
	say(`  ssh -i ${shellJoin([s.identityFile])} -p ${s.port} -o UserKnownHostsFile=${shellJoin([s.knownHostsFile])} root@127.0.0.1`);
	say('  lvs-tui lab traffic        # move the counters; lvs-tui lab down to stop');
}

async function up(argv: string[], openUi: boolean, uiArgs: string[] = []): Promise<number> {
	const args = labArgs(argv, ['port', 'timeout']);
	if (typeof args === 'string') return usageError(args);
	const {options, words} = args;
	if (words.length) return usageError(`unexpected argument '${words[0]}'`);
	let booting: {pid: number; pidFile: string} | null = null;
	// Ctrl-C while the VM boots must not leave a QEMU behind.
	const onSignal = () => {
		if (booting) {
			const {pid, pidFile} = booting;
			void killVm(pid, pidFile).then(() => {
				clearLabState(labPaths().state);
				process.exit(130);
			});
		} else process.exit(130);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	let result;
	try {
		result = await labUp({
			port: options.port,
			bootTimeoutMs: options.timeout ? options.timeout * 1000 : undefined,
			log: line => say(line),
			onStarted: (pid, pidFile) => {
				booting = {pid, pidFile};
			},
		});
	} finally {
		booting = null;
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
	}
	if (!result.ok) return complain(result.error);
	if (!openUi) {
		printUp(result.value);
		return 0;
	}
	const s = result.value.state;
	say(result.value.reused ? `The lab is already running (pid ${s.pid}); reusing it.` : `The lab is up (cluster ready after ${s.bootSeconds} s).`);
	say(`Opening lvs-tui on ${s.configPath} (the lab keeps running; \`lvs-tui lab down\` stops it).`);
	return openLvsTui(s.configPath, uiArgs);
}

/** Run this package's own CLI on the lab's config, in the same terminal. */
function openLvsTui(configPath: string, uiArgs: string[]): Promise<number> {
	const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli.js');
	// The UI owns the terminal now; signals are its business, and this process just waits for it.
	const ignore = () => {};
	process.on('SIGINT', ignore);
	return new Promise<number>(resolvePromise => {
		const child = spawn(process.execPath, [cli, '--config', configPath, ...uiArgs], {stdio: 'inherit'});
		child.on('error', e => {
			process.stderr.write(`lvs-tui lab: cannot start lvs-tui: ${e.message}\n`);
			resolvePromise(1);
		});
		child.on('exit', code => resolvePromise(code ?? 1));
	}).finally(() => process.off('SIGINT', ignore));
}

async function down(): Promise<number> {
	const result = await labDown();
	if (!result.ok) return complain(result.error);
	say(result.value.wasRunning ? `The lab is down (VM pid ${result.value.pid} stopped).` : 'The lab was not running.');
	return 0;
}

async function status(): Promise<number> {
	const report = await labStatus();
	if (!report) {
		say('The lab is not running (start it with `lvs-tui lab up`).');
		return 3;
	}
	const s = report.state;
	say(`The lab is running: VM pid ${s.pid}, SSH on 127.0.0.1:${s.port}, kernel ${s.kernelVersion}, up since ${s.startedAt}.`);
	say(`  config ${s.configPath}`);
	say(`  hosts  ${s.hosts.map(h => `${h.name} ${h.address}${h.spare ? ' (spare)' : ''}`).join(', ')}`);
	if (!report.sshOk) {
		say(`  SSH to the director failed: ${report.error}`);
		return 1;
	}
	say('');
	say(report.ipvs.trimEnd());
	return 0;
}

async function traffic(argv: string[]): Promise<number> {
	const args = labArgs(argv, ['idle', 'idle-seconds']);
	if (typeof args === 'string') return usageError(args);
	const {options, words} = args;
	if (words.length > 1 || (words[0] !== undefined && !/^\d+$/.test(words[0]))) return usageError('traffic takes one number: how many requests');
	const n = words[0] === undefined ? 40 : Number(words[0]);
	if (n > 10_000) return usageError('at most 10000 requests at a time');
	const idle = options.idle ?? 3;
	const seconds = options['idle-seconds'] ?? 30;
	if (idle > 50 || seconds > 600) return usageError('at most 50 idle connections for at most 600 s');
	const result = await labTraffic({requests: n, idle, idleSeconds: seconds});
	if (!result.ok) return complain(result.error);
	const r = result.value;
	say(`${r.requests} requests from the client namespace to the VIP:`);
	for (const [server, count] of Object.entries(r.answers).sort()) say(`  ${server.padEnd(6)} ${String(count).padStart(5)}`);
	if (r.failed) say(`  failed ${String(r.failed).padStart(5)}`);
	if (r.idleConnections) say(`${r.idleConnections} idle connections open for ${r.idleSeconds} s (ActiveConn in \`ipvsadm -Ln\`).`);
	return r.failed ? 1 : 0;
}

async function addHost(argv: string[]): Promise<number> {
	if (argv.length < 1 || argv.length > 2) return usageError('add-host takes NAME and optionally an IP address');
	const result = await labAddHost(argv[0], argv[1]);
	if (!result.ok) return complain(result.error);
	const h = result.value;
	say(`${h.name} is up at ${h.address} (MAC ${h.mac}): HTTP on port 80, SSH as root through the director. It is not in IPVS yet.`);
	return 0;
}

async function removeHost(argv: string[]): Promise<number> {
	if (argv.length !== 1) return usageError('remove-host takes NAME');
	const result = await labRemoveHost(argv[0]);
	if (!result.ok) return complain(result.error);
	say(`${result.value.name} removed.`);
	return 0;
}

async function build(argv: string[]): Promise<number> {
	const args = labArgs(argv, [], ['rebuild']);
	if (typeof args === 'string') return usageError(args);
	const {options, words} = args;
	if (words.length) return usageError(`unexpected argument '${words[0]}'`);
	const result = await ensureKit(labPaths(), line => say(line), {forceRebuild: options.rebuild === 1});
	if (!result.ok) return complain(result.error);
	const k = result.value;
	say(k.built
		? `Built the kit for kernel ${k.kit.marker.kernelVersion} in ${k.seconds.toFixed(1)} s (${k.downloadedPackages} packages downloaded): ${k.kit.dir}`
		: `The kit for kernel ${k.kit.marker.kernelVersion} is already built: ${k.kit.dir}`);
	return 0;
}

export async function run(argv: string[]): Promise<number> {
	const [sub, ...rest] = argv;
	// `lvs-tui lab up --help` and the like: the one usage covers every lab command.
	if (sub !== undefined && !sub.startsWith('-') && (rest.includes('--help') || rest.includes('-h'))) {
		say(help);
		return 0;
	}
	switch (sub) {
		case undefined:
			return up([], true);
		case '--read-only':
		case '--theme':
		case '--ascii':
			// `lvs-tui lab --read-only`: options for the UI it opens.
			return up([], true, argv);
		case '--help':
		case '-h':
		case 'help':
			say(help);
			return 0;
		case 'up':
			return up(rest, false);
		case 'down':
			return down();
		case 'status':
			return status();
		case 'traffic':
			return traffic(rest);
		case 'add-host':
			return addHost(rest);
		case 'remove-host':
			return removeHost(rest);
		case 'build':
			return build(rest);
		default:
			return usageError(`unknown lab command '${sub}'`);
	}
}
