// `lvs-tui dhcp-host --name … --mac … --ip … [--remove] [--file PATH] [--dry-run]`: adds (or
// removes) an ISC dhcpd host reservation on the director (options.dhcpdConf) or in a local file:
// backup, dhcpd -t on the new text, rename, restart; refuses conflicts before touching anything.
import {resolve} from 'node:path';
import {formatError} from '../domain/result.js';
import {formatPlan} from '../domain/wizards/wizard-plan.js';
import {AuditLog} from '../services/audit-log.js';
import {prepareDhcpEdit, type DhcpChange} from '../services/dhcp-reservation-service.js';
import {localHost} from '../services/host-transports.js';
import {runPlan, type WizardHost} from '../services/wizard-runner.js';
import {commandHosts} from './command-hosts.js';
import {confirmChange} from './confirm-change.js';
import {badUsage, CHANGE_OPTIONS, CONFIG_OPTIONS, MACHINE_OPTIONS, loadCommandConfig, parseCommandLine} from './command-line.js';

const USAGE = `usage: lvs-tui dhcp-host --name NAME --mac MAC --ip IP [--file PATH] [--no-restart]
                         [--config FILE] [--dry-run] [--yes] [--read-only]
       lvs-tui dhcp-host --remove --name NAME [--file PATH] …

Adds a host reservation to dhcpd.conf on the director (options.dhcpdConf), or to a local file
with --file: backs the file up beside itself, validates the new text with dhcpd -t, puts it in
place and restarts the DHCP server. Refuses a name, MAC or IP already reserved, an IP outside
the declared subnets or inside a dynamic range, and a dhcpd.conf that already fails dhcpd -t.
`;

export async function run(argv: string[]): Promise<number> {
	const args = parseCommandLine('lvs-tui dhcp-host', USAGE, {
		args: argv,
		options: {
			...CONFIG_OPTIONS,
			...MACHINE_OPTIONS,
			remove: {type: 'boolean'},
			file: {type: 'string'},
			'no-restart': {type: 'boolean'},
			...CHANGE_OPTIONS,
		},
	});
	if (typeof args === 'number') return args;
	const v = args.values;
	const usage = (message: string) => badUsage('lvs-tui dhcp-host', message);
	if (!v.name) return usage('--name is required (see --help)');
	if (!v.remove && (!v.mac || !v.ip)) return usage('--mac and --ip are required to add a reservation');
	const change: DhcpChange = v.remove ? {kind: 'remove', name: v.name} : {kind: 'add', reservation: {name: v.name, mac: v.mac!, ip: v.ip!}};

	const config = loadCommandConfig({configPath: v.config, readOnly: v['read-only']});
	if (!config) return 2;
	const hosts = commandHosts(config);
	try {
		let hostName: string;
		let host: WizardHost | undefined;
		let path: string;
		if (v.file) {
			hostName = 'local';
			host = localHost();
			path = resolve(v.file);
		} else {
			hostName = config.director.name;
			host = hosts.get(hostName);
			path = config.options.dhcpdConf;
		}
		if (!host?.files) return usage(`no file access to ${hostName}`);
		const prepared = await prepareDhcpEdit({runner: host.runner, files: host.files, path, ...(v['no-restart'] ? {restart: null} : {})}, change);
		if (!prepared.ok) {
			process.stderr.write(`lvs-tui dhcp-host: ${formatError(prepared.error)}\nnothing was changed\n`);
			return 1;
		}
		const plan = prepared.value.plan;
		process.stdout.write(formatPlan(plan));
		if (v['dry-run']) return 0;
		const declined = await confirmChange('lvs-tui dhcp-host', `apply: ${prepared.value.summary} on ${hostName}?`, {yes: v.yes});
		if (declined !== null) return declined;
		const outcome = await runPlan(plan, {
			host: name => (name === hostName ? host : undefined),
			audit: new AuditLog(config.options.auditLog),
			source: 'wizard.dhcp',
			readOnly: config.options.readOnly,
			onStatus: (index, status) => {
				if (status.state === 'done' || status.state === 'failed') process.stdout.write(`${status.state === 'done' ? 'ok  ' : 'FAIL'} ${index + 1}. ${plan.steps[index].title}\n`);
			},
		});
		if (outcome.state === 'done') {
			process.stdout.write(`${prepared.value.summary}: done\n`);
			return 0;
		}
		if (outcome.state === 'failed' || outcome.state === 'refused') process.stderr.write(`lvs-tui dhcp-host: ${formatError(outcome.error)}\n`);
		const putInPlace = plan.steps.findIndex(s => s.kind === 'run' && s.command.startsWith('mv -f '));
		if (outcome.state === 'failed' && outcome.index <= putInPlace) process.stderr.write(`${path} on ${hostName} is unchanged; fix the cause and run the command again\n`);
		if (outcome.state === 'failed' && outcome.index > putInPlace) process.stderr.write(`${path} was updated but the DHCP server was not restarted: restart it by hand\n`);
		return 1;
	} finally {
		hosts.close();
	}
}
