// The wizards the menu (C-a W) offers, as form definitions with their validators. Starting
// values come from the cluster config; planning happens once the form is complete.
import type {ActionId} from '../actions.js';
import type {ClusterConfig} from '../config/cluster-config.js';
import {validateSshPublicKey} from './kickstart-generate.js';
import {KICKSTART_PROFILES} from './kickstart-profiles.js';
import {validateHostPath, validateKernelVersion} from './kernel-legacy-checklist.js';
import {validateHostName, validateIpv4, validateMac} from './net-values.js';
import type {WizardDefinition} from './wizard-form.js';

export type WizardId = 'kernel' | 'kickstart' | 'dhcp';

/** One line of the C-a W menu: a form defined here, or a wizard with its own overlay opened by its action. */
export type WizardMenuItem = {title: string; summary: string} & ({definition: WizardDefinition} | {action: ActionId});

/** Wizards that live elsewhere but belong in the menu too (the add-node wizard is also C-a +). */
export const WIZARD_LAUNCHERS: ReadonlyArray<{title: string; summary: string; action: ActionId}> = [
	{title: 'Add a node', summary: 'kickstart + DHCP reservation, wait for SSH, add to IPVS with a ramped weight, open its pane (also C-a +)', action: 'node.add'},
];

/** The menu: the forms, then the launchers (only where something can run their action). */
export function wizardMenu(definitions: readonly WizardDefinition[], withLaunchers: boolean): WizardMenuItem[] {
	return [...definitions.map(definition => ({title: definition.title, summary: definition.summary, definition})), ...(withLaunchers ? WIZARD_LAUNCHERS : [])];
}

function hostNames(config: ClusterConfig): string[] {
	return [config.director.name, ...config.realServers.map(r => r.name)];
}

const forRemoval = (values: Readonly<Record<string, string>>) => values.action === 'remove';

export function wizardDefinitions(config: ClusterConfig): WizardDefinition[] {
	const dip = config.dip?.address ?? '';
	return [
		{
			id: 'kernel',
			title: 'Kernel IPVS readiness',
			summary: 'check a host for IPVS; load it, or build a kernel with it (the legacy checklist)',
			initial: {host: config.director.name},
			steps: [
				{
					title: 'Which host',
					fields: [
						{id: 'host', label: 'Host', kind: 'choice', choices: hostNames(config), hint: 'space or ←/→ to change'},
						{id: 'version', label: 'Kernel to build (if it has no IPVS)', kind: 'text', optional: true, hint: 'default: the running kernel\'s version, e.g. 2.2.19', validate: validateKernelVersion},
						{id: 'tarball', label: 'Kernel source tarball', kind: 'text', optional: true, hint: 'default: /usr/src/linux-VERSION.tar.gz (.xz for 2.6+)', validate: validateHostPath},
						{id: 'patch', label: 'ipvs patch (2.2 / early 2.4 only)', kind: 'text', optional: true, hint: 'default: /usr/src/ipvs-1.0.8-VERSION/ipvs-1.0.8-VERSION.patch', validate: validateHostPath},
					],
				},
			],
		},
		{
			id: 'kickstart',
			title: 'Kickstart file for a new real server',
			summary: 'write /kickstart/NAME.cfg on the director and show the boot line',
			initial: {profile: 'rhel9', dip, lvsType: config.lvsType, kickstartDir: config.options.kickstartDir, sshKey: ''},
			steps: [
				{
					title: 'The new real server',
					fields: [
						{id: 'name', label: 'Host name', kind: 'text', hint: 'e.g. rs3 (RFC 1123)', validate: validateHostName},
						{id: 'ip', label: 'IP address', kind: 'text', hint: 'its reserved address, e.g. 172.16.0.23', validate: validateIpv4},
						{id: 'mac', label: 'MAC address', kind: 'text', hint: 'e.g. 00:16:3e:aa:bb:03', validate: validateMac},
						{id: 'profile', label: 'Installer', kind: 'choice', choices: [...KICKSTART_PROFILES], hint: 'rhel9: RHEL/Rocky/Alma 8-10; rh72: Red Hat 7.2'},
					],
				},
				{
					title: 'Cluster and access',
					fields: [
						{id: 'lvsType', label: 'LVS type', kind: 'choice', choices: ['nat', 'dr', 'tun']},
						{id: 'dip', label: 'Director inside address (DIP)', kind: 'text', validate: validateIpv4},
						{id: 'sshKey', label: 'Admin SSH public key', kind: 'text', optional: true, hint: 'paste "ssh-ed25519 AAAA… you@host"; empty: your ~/.ssh/id_*.pub', validate: validateSshPublicKey},
					],
				},
				{
					title: 'Root password (stored only as a crypt hash)',
					fields: [
						{id: 'password', label: 'Root password', kind: 'secret'},
						{id: 'password2', label: 'Again', kind: 'secret', validate: (value, values) => (value === values.password ? null : 'the two passwords differ')},
					],
				},
			],
		},
		{
			id: 'dhcp',
			title: 'DHCP reservation',
			summary: "add a host block to the director's dhcpd.conf, validated with dhcpd -t",
			initial: {action: 'add', file: config.options.dhcpdConf, restart: 'yes'},
			steps: [
				{
					title: 'Reservation',
					fields: [
						{id: 'action', label: 'Action', kind: 'choice', choices: ['add', 'remove']},
						{id: 'name', label: 'Host name', kind: 'text', validate: validateHostName},
						{id: 'mac', label: 'MAC address', kind: 'text', hint: 'not needed to remove', optional: forRemoval, validate: (value, values) => (forRemoval(values) ? null : validateMac(value))},
						{id: 'ip', label: 'IP address', kind: 'text', hint: 'not needed to remove', optional: forRemoval, validate: (value, values) => (forRemoval(values) ? null : validateIpv4(value))},
						{id: 'restart', label: 'Restart the DHCP server afterwards', kind: 'choice', choices: ['yes', 'no'], hint: 'no: the new file is read at the next restart'},
					],
				},
			],
		},
	];
}
