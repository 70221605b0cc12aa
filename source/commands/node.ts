// `lvs-tui node add …` and `lvs-tui node remove NAME …`: bring a freshly installed PC into the
// cluster with as little typing as possible (name, MAC, IP, weight; the rest from lvs-tui.yaml),
// step by step with progress, resumable, and take a node out again (drain first).
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import {NODE_ADD_STEPS, type NodeAddRequest} from '../domain/node/node-add-state.js';
import {parseHostsEntries} from '../domain/node/hosts-file.js';
import {proposeNextAddress} from '../domain/node/next-free-address.js';
import {nodeHostConfig} from '../domain/node/node-plan.js';
import {formatError, type AppError} from '../domain/result.js';
import {numberToIpv4} from '../domain/net/ip-address.js';
import {isKickstartProfile} from '../domain/wizards/kickstart-profiles.js';
import {adminPublicKey} from '../services/admin-public-key.js';
import {AuditLog} from '../services/audit-log.js';
import {hashRootPassword} from '../services/kickstart-password.js';
import type {NodeProgress, NodeTimings} from '../services/node-add-context.js';
import {readNodeFacts, runNodeAdd} from '../services/node-add-runner.js';
import {runNodeRemove} from '../services/node-remove-runner.js';
import {NodeSession} from '../services/node-session.js';
import {NodeStateStore} from '../services/node-state-store.js';
import {confirm, isInteractive, readAllStdin, readSecret} from '../services/wizard-prompts.js';
import type {SshPrompter} from '../transports/ssh/ssh-prompter.js';
import {commandPrompter} from '../transports/ssh/terminal-prompter.js';
import {confirmChange} from './confirm-change.js';
import {printWarning} from './command-hosts.js';
import {badUsage, CHANGE_OPTIONS, CONFIG_OPTIONS, MACHINE_OPTIONS, loadCommandConfig, parseCommandLine} from './command-line.js';

const USAGE = `usage: lvs-tui node add --name NAME [--mac MAC] [--ip IP] [--weight N] [--service VIP:PORT]…
                        [--profile rhel9|rh72] [--no-kickstart] [--root-password-stdin]
                        [--ssh-key FILE] [--install-source URL] [--accept-new-host-key]
                        [--wait-timeout S] [--wait-interval S] [--ramp 10,50,100] [--ramp-interval S]
                        [--dry-run] [--yes] [--read-only] [--config FILE]
       lvs-tui node remove NAME [--keep-dhcp] [--keep-hosts] [--drain-timeout S] [--dry-run] [--yes]
                        [--read-only] [--config FILE]

add: brings a new real server into the cluster in 7 steps, each skipped when already done:
  1 DHCP reservation on the director   2 /etc/hosts entry on the director
  3 kickstart file + the boot line      4 wait until the node answers on SSH
  5 health check of its service ports   6 IPVS at weight 0, ramped up to --weight
  7 its entry and pane in lvs-tui.yaml
  --ip defaults to the next free address after the real servers; --service defaults to every
  service in the config; --weight defaults to 1. The run is saved after every step
  ($XDG_STATE_HOME/lvs-tui/nodes/NAME.json): run the same command (or just --name NAME) to resume.
  A node that refuses your key gets it once with its password (asked on the terminal, not stored).
  Scripts: --yes applies without asking, --accept-new-host-key trusts the new node's host key,
  --root-password-stdin reads the kickstart's root password from stdin.
remove: drains the node (weight 0, waits for its connections, --drain-timeout, default 60 s),
  removes it from IPVS, from lvs-tui.yaml (entry and pane), its DHCP reservation and its
  /etc/hosts line (keep those with --keep-dhcp / --keep-hosts).
`;

function out(line: string): void {
	process.stdout.write(line + '\n');
}

function err(line: string): void {
	process.stderr.write(line + '\n');
}

function printErrors(errors: AppError[]): void {
	for (const e of errors) err(`lvs-tui node: ${formatError(e)}`);
}

function seconds(value: string | undefined, what: string, fallback: number): number | string {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isFinite(n) || n < 0) return `${what} must be a number of seconds, not '${value}'`;
	return n * 1000;
}

function progressPrinter(): (event: NodeProgress) => void {
	const total = NODE_ADD_STEPS.length;
	let lastWaitPrint = 0;
	const tty = Boolean(process.stdout.isTTY);
	let waitLine = false;
	const endWait = () => {
		if (waitLine) process.stdout.write('\n');
		waitLine = false;
	};
	return event => {
		if (event.kind === 'step') {
			const n = NODE_ADD_STEPS.findIndex(s => s.id === event.id) + 1;
			const r = event.record;
			if (r.status === 'running') return out(`[${n}/${total}] ${event.title}…`);
			endWait();
			const word = r.status === 'done' ? 'ok' : r.status === 'skipped' ? 'skipped' : 'FAILED';
			return out(`      ${word}: ${r.detail ?? ''}`);
		}
		if (event.kind === 'plan') return out(event.lines.map(l => `      ${l}`).join('\n'));
		if (event.kind === 'note') {
			endWait();
			return out(event.text.split('\n').map(l => `      ${l}`).join('\n'));
		}
		if (event.kind === 'wait') {
			const text = `      waiting ${Math.round(event.elapsedMs / 1000)} s (attempt ${event.attempt}: ${event.lastError})`;
			if (tty) {
				process.stdout.write(`\r\x1b[K${text.slice(0, (process.stdout.columns || 80) - 1)}`);
				waitLine = true;
			} else if (event.elapsedMs - lastWaitPrint >= 30_000 || event.attempt === 1) {
				lastWaitPrint = event.elapsedMs;
				out(text);
			}
			return;
		}
		if (event.kind === 'ramp') return out(`      ${event.service}: weight ${event.weight}/${event.target}, ActiveConn ${event.activeConns}, InActConn ${event.inactiveConns}`);
		if (event.kind === 'drain') return out(`      draining ${event.service}: ${Math.round(event.elapsedMs / 1000)} s, ActiveConn ${event.activeConns}, InActConn ${event.inactiveConns}`);
	};
}

/** Host-key questions: on the terminal; a script must say --accept-new-host-key to trust an unknown key. */
function choosePrompter(acceptNew: boolean): SshPrompter {
	const asking = commandPrompter(isInteractive());
	if (!acceptNew) return asking;
	return {
		confirmHostKey: async question => {
			err(`accepting the new ${question.keyTypeLabel} host key of ${question.knownHostsName} (${question.fingerprint}) into ${question.knownHostsFile} (--accept-new-host-key)`);
			return true;
		},
		askPassphrase: (path, attempt) => asking.askPassphrase(path, attempt),
	};
}


function loadConfig(path: string | undefined, readOnly: boolean | undefined): ClusterConfig | null {
	const config = loadCommandConfig({configPath: path, readOnly}, 'lvs-tui node: ');
	if (config && !config.source) {
		err('lvs-tui node: no lvs-tui.yaml found (./lvs-tui.yaml, ~/.config/lvs-tui/lvs-tui.yaml): pass --config FILE');
		return null;
	}
	return config;
}

async function add(argv: string[]): Promise<number> {
	const args = parseCommandLine('lvs-tui node add', USAGE, {
		args: argv,
		options: {
			...CONFIG_OPTIONS,
			...MACHINE_OPTIONS,
			weight: {type: 'string'},
			service: {type: 'string', multiple: true},
			profile: {type: 'string'},
			'no-kickstart': {type: 'boolean'},
			'root-password-stdin': {type: 'boolean'},
			'ssh-key': {type: 'string'},
			'install-source': {type: 'string'},
			'accept-new-host-key': {type: 'boolean'},
			'wait-timeout': {type: 'string'},
			'wait-interval': {type: 'string'},
			ramp: {type: 'string'},
			'ramp-interval': {type: 'string'},
			...CHANGE_OPTIONS,
		},
	});
	if (typeof args === 'number') return args;
	const v = args.values;
	const usage = (message: string) => badUsage('lvs-tui node add', message);
	if (!v.name) return usage('--name is required (see --help)');
	const profile = v.profile ?? 'rhel9';
	if (!isKickstartProfile(profile)) return usage(`--profile must be rhel9 or rh72, not '${profile}'`);
	const weight = v.weight === undefined ? 1 : Number(v.weight);
	if (!Number.isInteger(weight) || weight < 0 || weight > 65535) return usage(`--weight must be a whole number 0-65535, not '${v.weight}'`);
	const percents = (v.ramp ?? '10,50,100').split(',').map(Number);
	if (percents.some(p => !Number.isFinite(p) || p <= 0 || p > 100)) return usage(`--ramp takes percentages 1-100 separated by commas, e.g. 10,50,100, not '${v.ramp}'`);
	const timingValues = {
		waitTimeoutMs: seconds(v['wait-timeout'], '--wait-timeout', 30 * 60_000),
		waitIntervalMs: seconds(v['wait-interval'], '--wait-interval', 5_000),
		rampIntervalMs: seconds(v['ramp-interval'], '--ramp-interval', 30_000),
	};
	for (const value of Object.values(timingValues)) if (typeof value === 'string') return usage(value);
	const timings: Partial<NodeTimings> = {...(timingValues as Record<string, number>), rampPercents: percents};
	const publicKey = adminPublicKey(v['ssh-key']);
	if (publicKey.error) return usage(publicKey.error);

	const config = loadConfig(v.config, v['read-only']);
	if (!config) return 2;
	const store = new NodeStateStore();
	const saved = store.load(v.name);
	if (!saved.ok) {
		printErrors([saved.error]);
		return 1;
	}
	const resume = saved.value;
	if (!resume && !v.mac) return usage('--mac is required for a new node (the MAC of the PC to install: on its sticker, in its BIOS, or the DHCP server log)');

	if (resume && ((v.weight !== undefined && weight !== resume.request.weight) || (v.service && v.service.join() !== resume.request.services.join()))) {
		err(`lvs-tui node add: resuming the saved run for ${v.name}: it keeps its weight ${resume.request.weight} and services ${resume.request.services.join(', ') || 'all'} (change them afterwards, or remove the node and add it again)`);
	}
	const request: NodeAddRequest = resume
		? {...resume.request, mac: v.mac ?? resume.request.mac, ip: v.ip ?? resume.request.ip}
		: {name: v.name, mac: v.mac!, ip: v.ip ?? '', weight, services: v.service ?? [], profile};
	const session = new NodeSession({config, node: request.ip ? nodeHostConfig(config, request.name, request.ip) : undefined, prompter: choosePrompter(Boolean(v['accept-new-host-key'])), connectTimeoutMs: 10_000, warn: printWarning});
	const controller = new AbortController();
	const onSigint = () => {
		if (controller.signal.aborted) process.exit(130);
		err('\ncancelling (the steps done so far are saved; press Ctrl-C again to quit at once)…');
		controller.abort();
	};
	process.on('SIGINT', onSigint);
	try {
		if (!request.ip) {
			const facts = await readNodeFacts(config, session);
			if (!facts.ok) {
				printErrors(facts.error);
				return 1;
			}
			const f = facts.value;
			const network = config.dip?.network;
			if (!network) return usage('--ip is needed: the config has no dip.network to pick a free address from');
			const proposed = proposeNextAddress({
				network,
				realServers: config.realServers.map(r => r.address),
				used: [config.dip!.address, ...config.vips.map(x => x.address), ...(f.dhcp?.conf.hosts.flatMap(h => h.fixedAddresses) ?? []), ...(f.hosts ? parseHostsEntries(f.hosts.text).map(e => e.address) : []), ...(f.ipvs?.services.flatMap(s => s.realServers.map(r => r.address.host)) ?? [])],
				dynamicRanges: (f.dhcp?.conf.ranges ?? []).map(r => [numberToIpv4(r.low), numberToIpv4(r.high)] as [string, string]),
			});
			if (!proposed) return usage(`no free address left in ${network}: pass --ip`);
			out(`proposed IP for ${request.name}: ${proposed} (the next free address in ${network}; pass --ip to choose another)`);
			if (!v.yes && !v['dry-run']) {
				if (!isInteractive()) return usage('confirm the proposed IP on a terminal, or pass --ip or --yes');
				if (!(await confirm(`use ${proposed} for ${request.name}?`))) return 1;
			}
			request.ip = proposed;
			session.close();
			return await runAdd({config, request, store, v, timings, publicKey: publicKey.key, controller, resumed: false});
		}
		session.close();
		return await runAdd({config, request, store, v, timings, publicKey: publicKey.key, controller, resumed: resume !== null});
	} finally {
		process.off('SIGINT', onSigint);
		session.close();
	}
}

interface AddRun {
	config: ClusterConfig;
	request: NodeAddRequest;
	store: NodeStateStore;
	v: Record<string, unknown>;
	timings: Partial<NodeTimings>;
	publicKey?: string;
	controller: AbortController;
	resumed: boolean;
}

async function runAdd(run: AddRun): Promise<number> {
	const {config, request, store, v} = run;
	const dryRun = Boolean(v['dry-run']);
	const summary = `${run.resumed ? 'resume adding' : 'add'} ${request.name}: MAC ${request.mac}, IP ${request.ip}, weight ${request.weight}, services ${request.services.join(', ') || 'all'}`;
	const declined = await confirmChange('lvs-tui node add', `${summary}\ngo ahead on ${config.director.name} and ${config.source}?`, {yes: Boolean(v.yes), dryRun});
	if (declined !== null) return declined;
	const session = new NodeSession({config, node: nodeHostConfig(config, request.name, request.ip), prompter: choosePrompter(Boolean(v['accept-new-host-key'])), connectTimeoutMs: 10_000, warn: printWarning});
	try {
		const outcome = await runNodeAdd({
			config,
			request,
			session,
			audit: new AuditLog(config.options.auditLog),
			store,
			dryRun,
			timings: run.timings,
			signal: run.controller.signal,
			onProgress: progressPrinter(),
			kickstart: {
				skip: Boolean(v['no-kickstart']),
				sshPublicKey: run.publicKey,
				installSource: v['install-source'] as string | undefined,
				nodePassword: async (node, user) => {
					if (!isInteractive()) return null;
					return readSecret(`${node} refused your key. Password for ${user}@${node} (used once to add your public key, not stored; Enter to skip): `);
				},
				rootPasswordHash: async profile => {
					let password: string | null = null;
					if (v['root-password-stdin']) password = await readAllStdin();
					else if (isInteractive()) {
						password = await readSecret(`root password for ${request.name}'s kickstart: `);
						if (password !== null && (await readSecret('again: ')) !== password) {
							err('the two passwords differ');
							return null;
						}
					}
					if (!password) return null;
					const hash = hashRootPassword(profile, password);
					password = null;
					return hash;
				},
			},
		});
		switch (outcome.state) {
			case 'refused':
				printErrors(outcome.errors);
				err('nothing was changed');
				return 1;
			case 'failed':
				printErrors([outcome.error]);
				if (outcome.error.code === 'node.ssh-host-key' && !v['accept-new-host-key'] && !isInteractive()) err('(to trust a new node\'s key from a script, pass --accept-new-host-key)');
				err(`the run is saved in ${store.path(request.name)}: fix the cause and run \`lvs-tui node add --name ${request.name}\` to resume`);
				return 1;
			case 'dry-run':
				out('dry run: nothing was changed');
				return 0;
			case 'done':
				out(`${request.name} is in the cluster: ${request.ip}, weight ${request.weight}`);
				return 0;
		}
	} finally {
		session.close();
	}
}

async function remove(argv: string[]): Promise<number> {
	const args = parseCommandLine('lvs-tui node remove', USAGE, {
		args: argv,
		allowPositionals: true,
		options: {
			...CONFIG_OPTIONS,
			name: {type: 'string'},
			'keep-dhcp': {type: 'boolean'},
			'keep-hosts': {type: 'boolean'},
			'drain-timeout': {type: 'string'},
			...CHANGE_OPTIONS,
		},
	});
	if (typeof args === 'number') return args;
	const v = args.values;
	const name = v.name ?? args.positionals[0];
	if (!name || args.positionals.length > 1) return badUsage('lvs-tui node remove', 'give one node name (see --help)');
	const drain = seconds(v['drain-timeout'], '--drain-timeout', 60_000);
	if (typeof drain === 'string') return badUsage('lvs-tui node remove', drain);
	const config = loadConfig(v.config, v['read-only']);
	if (!config) return 2;
	const extra = [v['keep-dhcp'] ? null : 'its DHCP reservation', v['keep-hosts'] ? null : 'its /etc/hosts entry'].filter(Boolean).join(' and ');
	const declined = await confirmChange('lvs-tui node remove', `drain and remove ${name} from IPVS and ${config.source}${extra ? `, and remove ${extra}` : ''}?`, {yes: v.yes, dryRun: v['dry-run']});
	if (declined !== null) return declined;
	const session = new NodeSession({config, prompter: commandPrompter(isInteractive()), warn: printWarning});
	const printer = progressPrinter();
	try {
		const outcome = await runNodeRemove({
			config,
			name,
			session,
			audit: new AuditLog(config.options.auditLog),
			store: new NodeStateStore(),
			keepDhcp: v['keep-dhcp'],
			keepHosts: v['keep-hosts'],
			drainTimeoutMs: drain,
			dryRun: v['dry-run'],
			onProgress: printer,
		});
		if (outcome.state === 'refused') {
			printErrors(outcome.errors);
			return 1;
		}
		for (const line of outcome.summary) out(line);
		if (outcome.state === 'failed') {
			printErrors([outcome.error]);
			err(`run \`lvs-tui node remove ${name}\` again to finish`);
			return 1;
		}
		out(outcome.state === 'dry-run' ? 'dry run: nothing was changed' : `${name} is out of the cluster`);
		return 0;
	} finally {
		session.close();
	}
}

export async function run(argv: string[]): Promise<number> {
	const [sub, ...rest] = argv;
	if (sub === 'add') return add(rest);
	if (sub === 'remove' || sub === 'rm') return remove(rest);
	if (sub === '--help' || sub === '-h' || sub === undefined) {
		(sub ? out : err)(USAGE);
		return sub ? 0 : 2;
	}
	return badUsage('lvs-tui node', `unknown subcommand '${sub}' (add or remove)`, USAGE);
}
