// What `lab up` hands to lvs-tui: an lvs-tui.yaml for the lab's cluster (keys mirror ClusterConfig,
// camelCase) and a known_hosts listing the lab's host keys. The lab made those keys itself, so it
// can vouch for them: no trust-on-first-use prompt against the lab.
import {stringify} from 'yaml';
import {labTopology as t} from './lab-topology.js';
import type {LabHostRecord} from './lab-state.js';

export interface LabConfigInput {
	port: number;
	identityFile: string;
	knownHostsFile: string;
	hosts: readonly LabHostRecord[];
}

/** The config as plain data (the loader validates it like any user's file). */
export function labConfigData(input: LabConfigInput): Record<string, unknown> {
	const base = input.hosts.filter(h => !h.spare);
	const weights = new Map<string, number>(t.realServers.map(r => [r.name, r.weight]));
	return {
		director: {
			name: 'director',
			host: '127.0.0.1',
			port: input.port,
			user: 'root',
			identityFile: input.identityFile,
			transport: 'ssh2',
		},
		lvsType: 'nat',
		realServers: base.map(h => ({
			name: h.name,
			address: h.address,
			host: h.address,
			user: 'root',
			identityFile: input.identityFile,
			jump: 'director',
			transport: 'ssh2',
			mac: h.mac,
		})),
		vips: [{address: t.vip, device: t.publicDevice, label: t.vipLabel, prefix: 32}],
		dip: {address: t.dip, device: t.privateDevice, network: t.privateNetwork},
		directorGateway: t.gateway,
		services: [{
			name: 'http',
			protocol: 'tcp',
			vip: t.vip,
			port: t.vipPort,
			scheduler: t.scheduler,
			realServers: base.map(h => ({server: h.name, port: t.vipPort, weight: weights.get(h.name) ?? 1, forward: 'masq'})),
		}],
		panes: [
			{number: 0, title: 'director', host: 'director'},
			...base.map((h, i) => ({number: i + 1, title: h.name, host: h.name})),
		],
		options: {
			knownHostsFile: input.knownHostsFile,
			dhcpdConf: '/etc/dhcp/dhcpd.conf',
			kickstartDir: '/kickstart',
		},
	};
}

export function labConfigYaml(input: LabConfigInput): string {
	const header = [
		'# lvs-tui.yaml for the lvs-tui lab (written by `lvs-tui lab up`; rewritten on every boot).',
		`# Director VM on 127.0.0.1:${input.port}; rs1/rs2 are reached through it as a jump host.`,
		'',
	].join('\n');
	return header + stringify(labConfigData(input), {lineWidth: 0});
}

/** known_hosts lines: the director on its forwarded port, each real server on its private address. */
export function labKnownHosts(port: number, directorKey: string, hostKeys: ReadonlyArray<{address: string; publicLine: string}>): string {
	return [
		`[127.0.0.1]:${port} ${directorKey}`,
		...hostKeys.map(h => `${h.address} ${h.publicLine}`),
	].join('\n') + '\n';
}
