// `lvs-tui kickstart --name rs3 --ip … --mac … --profile rhel9|rh72 [-o FILE | --to-director]`:
// writes the kickstart file for a new real server (mode 0600, atomically) and prints the boot
// line and what the director must serve. The root password is read without echo (or from stdin
// with --root-password-stdin) and only its crypt hash is ever written.
import {resolve} from 'node:path';
import {formatError} from '../domain/result.js';
import {generateKickstart, validateKickstartFields} from '../domain/wizards/kickstart-generate.js';
import {isKickstartProfile} from '../domain/wizards/kickstart-profiles.js';
import {formatPlan} from '../domain/wizards/wizard-plan.js';
import {AuditLog} from '../services/audit-log.js';
import {hashRootPassword} from '../services/kickstart-password.js';
import {readPublicKey} from '../services/kickstart-ssh-key.js';
import {prepareKickstartWrite} from '../services/kickstart-target.js';
import {localHost} from '../services/host-transports.js';
import {confirm, isInteractive, readAllStdin, readSecret} from '../services/wizard-prompts.js';
import {runPlan, type WizardHost} from '../services/wizard-runner.js';
import {commandHosts} from './command-hosts.js';
import {badUsage, CONFIG_OPTIONS, MACHINE_OPTIONS, loadCommandConfig, parseCommandLine} from './command-line.js';

const USAGE = `usage: lvs-tui kickstart --name NAME --ip IP --mac MAC --profile rhel9|rh72
                         [-o FILE | --to-director] [--root-password-stdin] [--ssh-key FILE]
                         [--dip IP] [--vip IP]… [--lvs-type nat|dr|tun] [--install-source URL]
                         [--timezone ZONE] [--config FILE] [--force] [--dry-run] [--read-only]

Writes the kickstart file that installs a real server of this cluster (mode 0600) and prints
the boot line. Default output: ./NAME.cfg. --to-director writes it to the director's
options.kickstartDir (default /kickstart) over SFTP.
  --profile rhel9   RHEL/Rocky/Alma 8, 9, 10 (SHA-512 $6$ root password)
  --profile rh72    the seed's Red Hat 7.2 dialect (MD5 $1$, auth --enablemd5)
  --ssh-key FILE    public key for root's authorized_keys (default ~/.ssh/id_ed25519.pub or id_rsa.pub)
`;

export async function run(argv: string[]): Promise<number> {
	const args = parseCommandLine('lvs-tui kickstart', USAGE, {
		args: argv,
		options: {
			...CONFIG_OPTIONS,
			...MACHINE_OPTIONS,
			profile: {type: 'string'},
			output: {type: 'string', short: 'o'},
			'to-director': {type: 'boolean'},
			'root-password-stdin': {type: 'boolean'},
			'ssh-key': {type: 'string'},
			dip: {type: 'string'},
			vip: {type: 'string', multiple: true},
			'lvs-type': {type: 'string'},
			'install-source': {type: 'string'},
			timezone: {type: 'string'},
			force: {type: 'boolean'},
			'dry-run': {type: 'boolean'},
		},
	});
	if (typeof args === 'number') return args;
	const v = args.values;
	const usage = (message: string) => badUsage('lvs-tui kickstart', message);
	if (!v.name || !v.ip || !v.mac || !v.profile) return usage('--name, --ip, --mac and --profile are required (see --help)');
	if (!isKickstartProfile(v.profile)) return usage(`--profile must be rhel9 or rh72, not '${v.profile}'`);
	if (v.output && v['to-director']) return usage('choose -o FILE or --to-director, not both');
	const lvsType = v['lvs-type'];
	if (lvsType && !['nat', 'dr', 'tun'].includes(lvsType)) return usage(`--lvs-type must be nat, dr or tun, not '${lvsType}'`);

	const config = loadCommandConfig({configPath: v.config, readOnly: v['read-only']});
	if (!config) return 2;
	const dip = v.dip ?? config.dip?.address;
	if (!dip) return usage('the DIP is needed (the install server and NAT gateway): pass --dip or set dip.address in the config');

	let sshPublicKey: string | undefined;
	try {
		sshPublicKey = readPublicKey(v['ssh-key']);
	} catch (error) {
		return usage(`cannot read the SSH public key ${v['ssh-key']}: ${error instanceof Error ? error.message : String(error)}`);
	}

	// Validate everything but the password first, so a typo is reported before the password prompt.
	const base = {
		profile: v.profile,
		name: v.name,
		ip: v.ip,
		mac: v.mac,
		lvsType: (lvsType ?? config.lvsType) as 'nat' | 'dr' | 'tun',
		dip,
		vips: v.vip ?? config.vips.map(x => x.address),
		sshPublicKey,
		installSource: v['install-source'],
		kickstartDir: config.options.kickstartDir,
		network: config.dip?.network,
		timezone: v.timezone,
		clusterLabel: config.source ?? undefined,
	};
	const fields = validateKickstartFields(base);
	if (!fields.ok) return usage(formatError(fields.error));

	let password: string | null;
	if (v['root-password-stdin']) {
		password = await readAllStdin();
	} else if (isInteractive()) {
		password = await readSecret(`root password for ${v.name}: `);
		if (password !== null) {
			const again = await readSecret('again: ');
			if (again !== password) return usage('the two passwords differ; nothing was written');
		}
	} else {
		return usage('no terminal to ask for the root password: pass --root-password-stdin and pipe it in');
	}
	if (password === null) return usage('cancelled; nothing was written');
	if (password === '') return usage('an empty root password is refused');
	const rootPasswordHash = hashRootPassword(v.profile, password);
	password = null;
	const generated = generateKickstart({...base, rootPasswordHash});
	if (!generated.ok) return usage(formatError(generated.error));
	const output = generated.value;

	let hostName: string;
	let host: WizardHost | undefined;
	let path: string;
	const hosts = commandHosts(config);
	try {
		if (v['to-director']) {
			hostName = config.director.name;
			host = hosts.get(hostName);
			path = output.path;
		} else {
			hostName = 'local';
			host = localHost();
			path = resolve(v.output ?? output.fileName);
		}
		if (!host) return usage(`no connection to ${hostName}`);
		const prepared = await prepareKickstartWrite(hostName, host, path, output.content);
		if (!prepared.ok) {
			process.stderr.write(`lvs-tui kickstart: ${formatError(prepared.error)}\nnothing was written\n`);
			return 1;
		}
		if (v['dry-run']) {
			process.stdout.write(formatPlan(prepared.value.plan));
		} else {
			if (prepared.value.replaces && !v.force) {
				if (!isInteractive() || !(await confirm(`${path} exists on ${hostName}; replace it?`))) return usage(`${path} exists on ${hostName}; pass --force to replace it`);
			}
			const outcome = await runPlan(prepared.value.plan, {host: () => host, audit: new AuditLog(config.options.auditLog), source: 'wizard.kickstart', readOnly: config.options.readOnly});
			if (outcome.state !== 'done') {
				if (outcome.state === 'failed' || outcome.state === 'refused') process.stderr.write(`lvs-tui kickstart: ${formatError(outcome.error)}\n`);
				return 1;
			}
			process.stdout.write(`wrote ${path} on ${hostName} (mode 0600, profile ${v.profile})\n`);
		}
	} finally {
		hosts.close();
	}
	process.stdout.write(`\nboot the installer with:\n${output.bootLines.map(l => `  ${l}`).join('\n')}\n`);
	if (hostName === 'local' && !v['dry-run']) process.stdout.write(`(the boot line assumes the file is served from ${output.path} on ${dip})\n`);
	process.stdout.write(`\nthe director must serve it:\n${output.serving.map(l => `  ${l}`).join('\n')}\n`);
	if (!sshPublicKey) process.stdout.write('\nno SSH public key found: root will need the password to log in (pass --ssh-key FILE)\n');
	return 0;
}
