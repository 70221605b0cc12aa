// `lvs-tui doctor [HOST…] [--json] [--config FILE] [--fix [--yes]] [--dry-run]`: kernel IPVS
// readiness and the cluster's forwarding/routing checks as a table; exit 1 when a check fails.
import {formatError} from '../domain/result.js';
import {hasFailures, type DoctorCheck} from '../domain/wizards/doctor-checks.js';
import {formatDoctorTable} from '../domain/wizards/doctor-table.js';
import {validateHostPath, validateKernelVersion} from '../domain/wizards/kernel-legacy-checklist.js';
import {formatPlan} from '../domain/wizards/wizard-plan.js';
import {AuditLog} from '../services/audit-log.js';
import {doctorContext, runDoctor, type DoctorTarget} from '../services/doctor-service.js';
import type {HostTransports} from '../services/host-transports.js';
import {confirm, isInteractive} from '../services/wizard-prompts.js';
import {runPlan} from '../services/wizard-runner.js';
import {commandHosts} from './command-hosts.js';
import {badUsage, CHANGE_OPTIONS, CONFIG_OPTIONS, loadCommandConfig, parseCommandLine} from './command-line.js';

const USAGE = `usage: lvs-tui doctor [HOST…] [--json] [--config FILE] [--fix [--yes]] [--dry-run] [--read-only]

Checks the director and each real server: kernel release, IPVS present/loadable/configured,
schedulers, ipvsadm, ip_forward, NAT masquerade, the real servers' default route (LVS-NAT) or
ARP/VIP on lo (LVS-DR). Exit status 1 when a check fails.
  --json      the checks (and fix plans) as JSON
  --fix       offer each failed check's fix, asking before each (--yes: without asking)
  --dry-run   with --fix: print the fix plans, change nothing
For a kernel without IPVS the fix is the build checklist (typed in the host's pane one step at
a time; the UI's kernel wizard, C-a W, sends them). Shape it with:
  --kernel-version V   the kernel to build (default: the running one's version)
  --kernel-source PATH its source tarball on the host
  --ipvs-patch PATH    the ipvs patch (2.2 and 2.4 before 2.4.23 only)
`;

export async function run(argv: string[]): Promise<number> {
	const args = parseCommandLine('lvs-tui doctor', USAGE, {
		args: argv,
		allowPositionals: true,
		options: {
			...CONFIG_OPTIONS,
			json: {type: 'boolean'},
			fix: {type: 'boolean'},
			...CHANGE_OPTIONS,
			'kernel-version': {type: 'string'},
			'kernel-source': {type: 'string'},
			'ipvs-patch': {type: 'string'},
		},
	});
	if (typeof args === 'number') return args;
	const config = loadCommandConfig({configPath: args.values.config, readOnly: args.values['read-only']});
	if (!config) return 2;
	const hosts = commandHosts(config);
	try {
		const all = [{name: config.director.name, role: 'director' as const}, ...config.realServers.map(r => ({name: r.name, role: 'realserver' as const}))];
		const wanted = args.positionals.length ? args.positionals : all.map(h => h.name);
		const targets: DoctorTarget[] = [];
		for (const name of wanted) {
			const entry = all.find(h => h.name === name);
			const access = hosts.get(name);
			if (!entry || !access) return badUsage('lvs-tui doctor', `unknown host '${name}' (configured: ${all.map(h => h.name).join(', ')})`);
			targets.push({name, role: entry.role, runner: access.runner});
		}
		const v = args.values;
		for (const [flag, value, check] of [['--kernel-version', v['kernel-version'], validateKernelVersion], ['--kernel-source', v['kernel-source'], validateHostPath], ['--ipvs-patch', v['ipvs-patch'], validateHostPath]] as const) {
			const problem = value === undefined ? null : check(value);
			if (problem) return badUsage('lvs-tui doctor', `${flag}: ${problem}`);
		}
		const legacy = {...(v['kernel-version'] ? {version: v['kernel-version']} : {}), ...(v['kernel-source'] ? {tarball: v['kernel-source']} : {}), ...(v['ipvs-patch'] ? {patch: v['ipvs-patch']} : {})};
		const reports = await runDoctor(targets, {...doctorContext(config), legacy});
		const checks: DoctorCheck[] = reports.flatMap(r => r.checks);
		if (args.values.json) process.stdout.write(JSON.stringify({hosts: reports.map(({host, role, checks}) => ({host, role, checks}))}, null, 2) + '\n');
		else process.stdout.write(formatDoctorTable(checks, process.stdout.columns || 100));
		if (args.values.fix) return await offerFixes(checks, hosts, config.options, Boolean(args.values.yes), Boolean(args.values['dry-run']));
		return hasFailures(checks) ? 1 : 0;
	} finally {
		hosts.close();
	}
}

async function offerFixes(checks: DoctorCheck[], hosts: HostTransports, options: {readOnly: boolean; auditLog?: string}, yes: boolean, dryRun: boolean): Promise<number> {
	let failed = false;
	const fixed = new Set<DoctorCheck>();
	for (const check of checks.filter(c => c.status !== 'ok' && c.fix)) {
		const plan = check.fix!;
		process.stdout.write('\n' + formatPlan(plan));
		if (dryRun) continue;
		if (plan.steps.some(s => s.kind === 'pane')) {
			process.stdout.write('# these steps are typed in the host\'s pane one by one (lvs-tui: C-a W, kernel IPVS wizard)\n');
			failed = true;
			continue;
		}
		if (options.readOnly) {
			process.stderr.write('read-only mode: not applied\n');
			failed = true;
			continue;
		}
		if (!yes) {
			if (!isInteractive()) {
				process.stderr.write('not applied: confirm on a terminal or pass --yes\n');
				failed = true;
				continue;
			}
			if (!(await confirm(`apply "${plan.title}"?`))) continue;
		}
		const outcome = await runPlan(plan, {host: name => hosts.get(name), audit: new AuditLog(options.auditLog), source: 'wizard.doctor', readOnly: options.readOnly});
		if (outcome.state === 'done') {
			process.stdout.write('done\n');
			fixed.add(check);
		}
		else if (outcome.state === 'failed' || outcome.state === 'refused') {
			process.stderr.write(formatError(outcome.error) + '\n');
			failed = true;
		}
	}
	return failed || hasFailures(checks.filter(c => !fixed.has(c))) ? 1 : 0;
}
