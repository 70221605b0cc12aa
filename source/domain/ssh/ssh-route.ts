// Which SSH hops lead to a host: the lvs-tui host config on top, ~/.ssh/config underneath (like
// `ssh -p PORT -l USER -i KEY -J JUMP alias` on a command line), jump hosts resolved the same way,
// chained, and loops refused with the path that loops.
import {appError, fail, ok, type Result} from '../result.js';
import type {HostConfig} from '../config/cluster-config.js';
import {parseJumpSpec, resolveSshConfig, type SshConfigFile} from './ssh-config.js';

export interface SshHop {
	/** What the user calls it: the config host name, or the ProxyJump element. */
	label: string;
	/** Address or DNS name to connect to (after ~/.ssh/config HostName). */
	hostName: string;
	port: number;
	user: string;
	/** Identity files as written (may start with ~/); lvs-tui's own first. */
	identityFiles: string[];
	/** Only the identity files, not the agent's other keys (IdentitiesOnly yes). */
	identitiesOnly: boolean;
	/** Set when this hop is a host of the cluster config: its pooled connection can be reused to jump. */
	clusterHost?: string;
}

export interface RouteContext {
	/** Hosts from the cluster config, by name. */
	hosts: readonly HostConfig[];
	sshConfig: SshConfigFile | null;
	/** User name when neither config sets one (the local login name, like ssh). */
	localUser: string;
	/** The cluster config file, for file:line in messages. */
	configFile?: string | null;
}

const MAX_HOPS = 16;

/** Hops from here to the named cluster host; the last hop is the host itself. */
export function resolveRoute(name: string, context: RouteContext): Result<SshHop[]> {
	return clusterHostRoute(name, context, []);
}

function loopError(path: string[], where: {file?: string; line?: number}) {
	return fail(appError('ssh.proxyjump-loop', `ProxyJump loop: ${path.join(' -> ')}; a host cannot be reached through itself`, {where}));
}

function clusterHostRoute(name: string, context: RouteContext, visiting: string[]): Result<SshHop[]> {
	const host = context.hosts.find(h => h.name === name);
	if (!host) {
		return fail(appError('ssh.unknown-host', `no host named "${name}" in the config`));
	}
	const key = `host:${name}`;
	const where = {file: context.configFile ?? undefined, line: host.line};
	if (visiting.includes(key)) return loopError([...visiting.map(v => v.replace(/^\w+:/, '')), name], where);
	if (visiting.length >= MAX_HOPS) return fail(appError('ssh.too-many-hops', `more than ${MAX_HOPS} jump hosts on the way to ${name}`));
	const alias = host.host ?? host.name;
	const sc = resolveSshConfig(context.sshConfig, alias);
	const hop: SshHop = {
		label: host.name,
		hostName: sc.hostName ?? alias,
		port: host.port ?? sc.port ?? 22,
		user: host.user ?? sc.user ?? context.localUser,
		identityFiles: host.identityFile ? [host.identityFile, ...sc.identityFiles.filter(f => f !== host.identityFile)] : sc.identityFiles,
		identitiesOnly: sc.identitiesOnly ?? false,
		clusterHost: host.name,
	};
	const path = [...visiting, key];
	if (host.jump) {
		const before = clusterHostRoute(host.jump, context, path);
		if (!before.ok) return before;
		return ok([...before.value, hop]);
	}
	if (sc.proxyJump) {
		const before = proxyJumpRoute(sc.proxyJump, context, path, {file: context.sshConfig?.file, line: sc.lines.proxyJump});
		if (!before.ok) return before;
		return ok([...before.value, hop]);
	}
	return ok([hop]);
}

/** `ProxyJump a,b`: a (with its own ProxyJump), then b through a. */
function proxyJumpRoute(value: string, context: RouteContext, visiting: string[], where: {file?: string; line?: number}): Result<SshHop[]> {
	const hops: SshHop[] = [];
	const elements = value.split(',');
	for (let i = 0; i < elements.length; i++) {
		const spec = parseJumpSpec(elements[i]);
		if (!spec) return fail(appError('ssh.config', `bad ProxyJump element "${elements[i]}" (expected [user@]host[:port])`, {where}));
		// `ProxyJump director` naming a host of the cluster config: the same host, so the pool can
		// reuse its connection (and its lvs-tui settings apply).
		const cluster = i === 0 && !spec.user && !spec.port ? context.hosts.find(h => h.name === spec.host || h.host === spec.host) : undefined;
		if (cluster) {
			const before = clusterHostRoute(cluster.name, context, visiting);
			if (!before.ok) return before;
			hops.push(...before.value);
			visiting = [...visiting, `host:${cluster.name}`];
			continue;
		}
		const key = `alias:${spec.host}`;
		if (visiting.includes(key)) return loopError([...visiting.map(v => v.replace(/^\w+:/, '')), spec.host], where);
		if (visiting.length + hops.length >= MAX_HOPS) return fail(appError('ssh.too-many-hops', `more than ${MAX_HOPS} jump hosts in ProxyJump ${value}`, {where}));
		const sc = resolveSshConfig(context.sshConfig, spec.host);
		const hop: SshHop = {
			label: elements[i],
			hostName: sc.hostName ?? spec.host,
			port: spec.port ?? sc.port ?? 22,
			user: spec.user ?? sc.user ?? context.localUser,
			identityFiles: sc.identityFiles,
			identitiesOnly: sc.identitiesOnly ?? false,
		};
		// Only the first element's own ProxyJump applies; later ones are reached through the previous.
		if (i === 0 && sc.proxyJump) {
			const before = proxyJumpRoute(sc.proxyJump, context, [...visiting, key], {file: context.sshConfig?.file, line: sc.lines.proxyJump});
			if (!before.ok) return before;
			hops.push(...before.value);
		}
		visiting = [...visiting, key];
		hops.push(hop);
	}
	return ok(hops);
}
