// What a node joins, worked out from the cluster config alone: its SSH entry (copied from the
// real servers already there: user, key, jump host), the services it joins with the port and
// forwarding method the existing members use, and its pane number. Pure: no I/O.
import type {ClusterConfig, ForwardMethod, RealServerConfig, ServiceConfig} from '../config/cluster-config.js';
import {defaultForward} from '../config/defaults.js';
import {appError, fail, ok, type Result} from '../result.js';
import type {ServerTarget, ServiceTarget} from '../ipvs/ipvs-plan.js';

export interface Membership {
	/** 'VIP:PORT' or 'fwm:MARK': how the admin names the service on the command line. */
	label: string;
	service: ServiceConfig;
	target: ServiceTarget;
	server: ServerTarget;
	forward: ForwardMethod;
}

export function serviceLabel(s: ServiceConfig): string {
	return s.protocol === 'fwm' ? `fwm:${s.fwmark}` : `${s.vip}:${s.port}`;
}

/** The services the node joins: the named ones (VIP:PORT, PROTO:VIP:PORT or fwm:N), or all of them. */
export function nodeMemberships(config: ClusterConfig, ip: string, wanted: string[]): Result<Membership[]> {
	const chosen: ServiceConfig[] = [];
	for (const w of wanted) {
		const match = config.services.filter(s => serviceLabel(s) === w || `${s.protocol}:${serviceLabel(s)}` === w || s.name === w);
		if (match.length === 0) {
			const known = config.services.map(s => `${s.protocol}:${serviceLabel(s)}`).join(', ') || 'none';
			return fail(appError('node.unknown-service', `no service '${w}' in the cluster config (services: ${known})`, {where: {file: config.source ?? undefined}}));
		}
		for (const m of match) if (!chosen.includes(m)) chosen.push(m);
	}
	const services = wanted.length ? chosen : config.services;
	if (services.length === 0) return fail(appError('node.no-service', 'the cluster config has no services for the node to join: add one under services:', {where: {file: config.source ?? undefined}}));
	return ok(
		services.map(service => {
			const existing = service.realServers[0];
			const port = existing?.port ?? service.port;
			const target: ServiceTarget = {protocol: service.protocol};
			if (service.vip) target.address = service.vip;
			if (service.port !== undefined) target.port = service.port;
			if (service.fwmark !== undefined) target.fwmark = service.fwmark;
			if (service.persistent) target.persistent = service.persistent;
			const server: ServerTarget = port ? {address: ip, port} : {address: ip};
			return {label: serviceLabel(service), service, target, server, forward: existing?.forward ?? defaultForward(config.lvsType)};
		}),
	);
}

/** How to reach the new node: like the real servers already configured (user, key, jump host). */
export function nodeHostConfig(config: ClusterConfig, name: string, ip: string): RealServerConfig {
	const template = config.realServers[0];
	const host: RealServerConfig = {name, host: ip, address: ip, transport: 'ssh2'};
	if (template?.user) host.user = template.user;
	if (template?.identityFile) host.identityFile = template.identityFile;
	if (template?.port) host.port = template.port;
	if (template) {
		if (template.jump) host.jump = template.jump;
	} else if (config.lvsType === 'nat' && config.director.transport !== 'local') {
		// LVS-NAT real servers sit on the private network: reach them through the director.
		host.jump = config.director.name;
	}
	if (!host.user && config.director.user) host.user = config.director.user;
	if (!host.identityFile && config.director.identityFile) host.identityFile = config.director.identityFile;
	return host;
}

export function nextPaneNumber(config: ClusterConfig): number {
	return config.panes.reduce((max, p) => Math.max(max, p.number), -1) + 1;
}

/** TCP ports to check on the node before it takes traffic (UDP cannot be checked by connecting). */
export function healthPorts(memberships: Membership[]): {tcp: number[]; unchecked: string[]} {
	const tcp: number[] = [];
	const unchecked: string[] = [];
	for (const m of memberships) {
		if ((m.service.protocol === 'tcp' || m.service.protocol === 'fwm') && m.server.port) {
			if (!tcp.includes(m.server.port)) tcp.push(m.server.port);
		} else {
			unchecked.push(`${m.service.protocol}:${m.label}`);
		}
	}
	return {tcp, unchecked};
}
