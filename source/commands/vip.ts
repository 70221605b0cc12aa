// `lvs-tui vip up|down|toggle|status [VIP]`: the VIP key's code from the shell, for scripts.
// Down asks on a terminal and refuses without one unless --yes; --read-only refuses every change.
// Exit: 0 done / already so / status up, 1 failed or refused, 2 bad usage or config, 3 status down.
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import {formatError} from '../domain/result.js';
import {sameAddress} from '../domain/net/ip-address.js';
import {validateVip, type VipSpec} from '../domain/net/vip-spec.js';
import {AuditLog} from '../services/audit-log.js';
import {VipControl, type VipOutcome} from '../services/vip-control.js';
import {confirm} from '../services/wizard-prompts.js';
import {commandHosts, printWarning} from './command-hosts.js';
import {badUsage, CONFIG_OPTIONS, loadCommandConfig, readCommandLine, settleCommandLine} from './command-line.js';

export const VIP_USAGE = `usage: lvs-tui vip up|down|toggle|status [VIP] [options]

  VIP               address or label of a VIP from the config (may be left out when there is one);
                    with --dev, any address (for hosts without a config)
  --config FILE     lvs-tui.yaml (default: ./lvs-tui.yaml, then ~/.config/lvs-tui/lvs-tui.yaml;
                    none: local mode, this host is the director)
  --lvs-conf FILE   take the cluster (VIP=eth0:50 …) from a configure-lvs lvs_nat.conf
  --dev DEV         device for a VIP not in the config (e.g. eth0)
  --label LABEL     its alias label (e.g. eth0:50, at most 15 characters)
  --yes             take the VIP down without asking (needed when there is no terminal)
  --read-only       refuse every change
  --json            print the outcome as JSON

exit status: 0 done or already so (status: up), 1 failed or refused, 2 bad usage or config, 3 status: down`;

interface VipArgs {
	verb: 'up' | 'down' | 'toggle' | 'status';
	vip?: string;
	config?: string;
	lvsConf?: string;
	dev?: string;
	label?: string;
	yes: boolean;
	readOnly: boolean;
	json: boolean;
	help: boolean;
}

const VIP_OPTIONS = {
	...CONFIG_OPTIONS,
	'lvs-conf': {type: 'string'},
	dev: {type: 'string'},
	label: {type: 'string'},
	yes: {type: 'boolean', short: 'y'},
	json: {type: 'boolean'},
} as const;

export function parseVipArgs(argv: string[]): VipArgs | string {
	const parsed = readCommandLine({args: argv, options: VIP_OPTIONS, allowPositionals: true});
	if (typeof parsed === 'string') return parsed;
	const v = parsed.values;
	const args = {
		config: v.config,
		lvsConf: v['lvs-conf'],
		dev: v.dev,
		label: v.label,
		yes: v.yes === true,
		readOnly: v['read-only'] === true,
		json: v.json === true,
		help: v.help === true,
	};
	if (args.help) return {...args, verb: 'status'};
	const [verb, vip, extra] = parsed.positionals;
	if (verb !== 'up' && verb !== 'down' && verb !== 'toggle' && verb !== 'status') return verb ? `unknown action '${verb}' (up, down, toggle or status)` : 'say up, down, toggle or status';
	if (extra !== undefined) return `unexpected argument '${extra}'`;
	return {...args, verb, vip};
}

/** The VIPs the command acts on: named, the only one, or (status) all. */
export function selectVips(config: ClusterConfig, args: Pick<VipArgs, 'vip' | 'dev' | 'label' | 'verb'>): {specs: VipSpec[]} | {error: string} {
	const configured = config.vips;
	if (args.vip) {
		const match = configured.find(v => v.label === args.vip || (validateVip(v).ok && sameAddressSafe(v.address, args.vip!)));
		if (match && !args.dev) {
			const r = validateVip(match);
			return r.ok ? {specs: [r.value]} : {error: `${config.source ?? 'config'}${match.line ? `:${match.line}` : ''}: ${r.error.message}`};
		}
		if (!args.dev) {
			const known = configured.map(v => v.label ?? v.address).join(', ');
			return {error: `VIP ${args.vip} is not in the config${known ? ` (it has: ${known})` : ''}; give --dev DEV [--label LABEL] to use it anyway`};
		}
		const r = validateVip({address: args.vip, device: args.dev, label: args.label});
		return r.ok ? {specs: [r.value]} : {error: r.error.message};
	}
	if (args.dev || args.label) return {error: '--dev and --label need a VIP address'};
	if (configured.length === 0) return {error: `no VIP in ${config.source ?? 'local mode (no config)'}: name one with VIP --dev DEV [--label LABEL], or add it under vips:`};
	if (configured.length > 1 && args.verb !== 'status') return {error: `several VIPs configured: name one (${configured.map(v => v.label ?? v.address).join(', ')})`};
	const specs: VipSpec[] = [];
	for (const v of configured) {
		const r = validateVip(v);
		if (!r.ok) return {error: `${config.source ?? 'config'}${v.line ? `:${v.line}` : ''}: ${r.error.message}`};
		specs.push(r.value);
	}
	return {specs};
}

function sameAddressSafe(a: string, b: string): boolean {
	return a === b || sameAddress(a, b);
}

function printOutcome(outcome: VipOutcome): void {
	for (const step of outcome.steps) {
		process.stdout.write(`$ ${step.command}\n`);
		if (step.output.trim() !== '') process.stdout.write(step.output.endsWith('\n') ? step.output : step.output + '\n');
		if (step.exitCode !== 0) process.stdout.write(`(exit ${step.exitCode ?? 'killed'})\n`);
	}
	for (const note of outcome.notes) process.stderr.write(`lvs-tui: ${note}\n`);
	(outcome.state === 'failed' ? process.stderr : process.stdout).write(`${outcome.state === 'failed' ? 'lvs-tui: ' : ''}${outcome.message}\n`);
}

export async function run(argv: string[]): Promise<number> {
	const args = settleCommandLine('lvs-tui vip', VIP_USAGE, parseVipArgs(argv));
	if (typeof args === 'number') return args;
	const config = loadCommandConfig({configPath: args.config, lvsConf: args.lvsConf, readOnly: args.readOnly});
	if (!config) return 2;
	const selected = selectVips(config, args);
	if ('error' in selected) return badUsage('lvs-tui vip', selected.error);
	const hosts = commandHosts(config);
	try {
		const control = new VipControl({
			director: hosts.get(config.director.name)!.runner,
			audit: new AuditLog(config.options.auditLog),
			readOnly: args.readOnly || config.options.readOnly,
			lvsType: config.lvsType,
		});
		if (args.verb === 'status') return await status(control, selected.specs, args.json);
		return await change(control, selected.specs[0], {...args, verb: args.verb, readOnly: args.readOnly || config.options.readOnly}, config.options.confirmVipDown);
	} finally {
		hosts.close();
	}
}

async function status(control: VipControl, specs: VipSpec[], json: boolean): Promise<number> {
	let code = 0;
	const rows: Array<Record<string, unknown>> = [];
	for (const spec of specs) {
		const r = await control.status(spec);
		if (!r.ok) {
			code = 1;
			rows.push({address: spec.address, device: spec.device, label: spec.label ?? null, state: 'error', error: formatError(r.error)});
			if (!json) process.stderr.write(`lvs-tui: ${formatError(r.error)}\n`);
			continue;
		}
		if (!r.value.up && code === 0) code = 3;
		rows.push({address: spec.address, device: spec.device, label: spec.label ?? null, state: r.value.up ? 'up' : 'down', host: control.host});
		if (!json) process.stdout.write(`${spec.address} ${spec.label ?? spec.device} ${r.value.up ? 'up' : 'down'} on ${control.host}\n`);
	}
	if (json) process.stdout.write(JSON.stringify(specs.length === 1 ? rows[0] : rows) + '\n');
	return code;
}

async function change(control: VipControl, spec: VipSpec, args: VipArgs & {verb: 'up' | 'down' | 'toggle'}, confirmDown: boolean): Promise<number> {
	let direction: 'up' | 'down' = args.verb === 'down' ? 'down' : 'up';
	let warned = false;
	if (!args.readOnly) {
		// Look first: toggle's direction, whether there is anything to confirm, keepalived's claim.
		const preview = await control.preview(args.verb, spec);
		if (preview.ok) {
			const {plan, warnings} = preview.value;
			direction = plan.direction;
			for (const w of warnings) printWarning(w);
			warned = warnings.length > 0;
			if (direction === 'down' && plan.kind === 'change' && confirmDown && !args.yes) {
				const commands = plan.steps.map(s => s.command).join('; ');
				if (!process.stdin.isTTY) {
					process.stderr.write(`lvs-tui: refusing to take VIP ${spec.address} down without --yes (no terminal to ask on); nothing changed\n`);
					return 1;
				}
				if (!(await confirm(`Take VIP ${spec.address} down on ${control.host}? (${commands})`))) {
					process.stderr.write('lvs-tui: not confirmed; nothing changed\n');
					return 1;
				}
			}
		}
	}
	const result = await control.change(direction, spec);
	if (!result.ok) {
		if (args.json) process.stdout.write(JSON.stringify({address: spec.address, direction, state: 'refused', error: formatError(result.error)}) + '\n');
		else process.stderr.write(`lvs-tui: ${formatError(result.error)}\n`);
		return 1;
	}
	const outcome = result.value;
	if (args.json) {
		const {after: _after, error, ...rest} = outcome;
		process.stdout.write(JSON.stringify({...rest, host: control.host, ...(error ? {error: formatError(error)} : {})}) + '\n');
	} else printOutcome(warned ? {...outcome, notes: outcome.notes.filter(n => !n.startsWith('warning: '))} : outcome);
	return outcome.state === 'failed' ? 1 : 0;
}
