// Takes a node out of the cluster, gently: weight 0 in every IPVS service it is in, wait until its
// active connections end (or the drain timeout), remove it from IPVS, then drop its config entry and
// pane, and (unless kept) its DHCP reservation and /etc/hosts entry on the director. Each part is
// idempotent, so a remove that stopped half way can simply be run again.
import {readFile} from 'node:fs/promises';
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import {parseClusterConfig} from '../domain/config/config-loader.js';
import {removeNodeFromConfig} from '../domain/node/cluster-config-edit.js';
import {removeHostsName} from '../domain/node/hosts-file.js';
import {backupPath} from '../domain/backup-name.js';
import {lineDiff} from '../domain/node/text-diff.js';
import {planRemoveServer, planSetWeight, type ServerTarget, type ServiceTarget} from '../domain/ipvs/ipvs-plan.js';
import type {IpvsForward, IpvsService} from '../domain/ipvs/ipvs-model.js';
import {appError, formatError, type AppError} from '../domain/result.js';
import {shellJoin} from '../domain/shell-quote.js';
import {parseDhcpdConf} from '../domain/wizards/dhcpd-conf.js';
import type {AuditLog} from './audit-log.js';
import {prepareDhcpEdit} from './dhcp-reservation-service.js';
import type {NodeProgress} from './node-add-context.js';
import {pause, readIpvsConnections, readIpvsRules, runIpvsChange} from './node-ipvs.js';
import type {NodeSession} from './node-session.js';
import type {NodeStateStore} from './node-state-store.js';
import {LocalFileAccess} from '../transports/local-file-access.js';
import {runPlan} from './wizard-runner.js';
import {serviceTarget} from './ipvs-actions.js';

export interface NodeRemoveOptions {
	config: ClusterConfig;
	name: string;
	session: NodeSession;
	audit: AuditLog;
	store?: NodeStateStore;
	keepDhcp?: boolean;
	keepHosts?: boolean;
	/** Wait at most this long for active connections to end (default 60 s); then remove anyway. */
	drainTimeoutMs?: number;
	drainPollMs?: number;
	dryRun?: boolean;
	signal?: AbortSignal;
	onProgress?(event: NodeProgress): void;
	now?(): Date;
}

export type NodeRemoveOutcome =
	| {state: 'done'; summary: string[]}
	| {state: 'dry-run'; summary: string[]}
	| {state: 'failed'; error: AppError; summary: string[]}
	| {state: 'refused'; errors: AppError[]};

const SOURCE = 'node.remove';

interface Placement {
	service: IpvsService;
	target: ServiceTarget;
	server: ServerTarget;
	forward: IpvsForward;
	label: string;
}

export async function runNodeRemove(options: NodeRemoveOptions): Promise<NodeRemoveOutcome> {
	const {config, name, session} = options;
	const dryRun = options.dryRun ?? false;
	const progress = options.onProgress ?? (() => undefined);
	const {runner, files} = session.director;
	const io = {runner, audit: options.audit, source: SOURCE, signal: options.signal};
	const summary: string[] = [];
	const now = options.now ?? (() => new Date());
	if (config.options.readOnly && !dryRun) return {state: 'refused', errors: [appError('readonly', 'read-only mode: removing a node changes the director and the config; nothing was run')]};
	const entry = config.realServers.find(r => r.name === name);
	let address = entry?.address;
	// A node whose add stopped before the config step is known only by its saved run.
	const saved = options.store?.load(name);
	if (!address && saved?.ok && saved.value) address = saved.value.request.ip;
	const dhcpPath = config.options.dhcpdConf;
	let dhcpHas = false;
	let hostsText: string | null = null;
	try {
		const parsed = parseDhcpdConf(new TextDecoder().decode(await files!.readFile(dhcpPath)), dhcpPath);
		if (parsed.ok) {
			const host = parsed.value.hosts.find(h => h.name.toLowerCase() === name.toLowerCase());
			dhcpHas = Boolean(host);
			if (!address && host?.fixedAddresses[0]) address = host.fixedAddresses[0];
		}
	} catch {
		// No dhcpd.conf: nothing to remove there.
	}
	try {
		hostsText = new TextDecoder().decode(await files!.readFile('/etc/hosts'));
	} catch {
		hostsText = null;
	}
	if (!address) return {state: 'refused', errors: [appError('node.unknown', `${name} is not a real server in ${config.source ?? 'the config'}, has no saved add run and no DHCP reservation: nothing to remove`, {where: {file: config.source ?? undefined}})]};

	// 1. IPVS: drain, then remove.
	const rules = await readIpvsRules(io);
	if (!rules.ok) return {state: 'refused', errors: [rules.error]};
	const placements: Placement[] = [];
	for (const service of rules.value.services) {
		for (const server of service.realServers) {
			if (server.address.host !== address) continue;
			const port = typeof server.address.port === 'number' && server.address.port > 0 ? server.address.port : undefined;
			placements.push({service, target: serviceTarget(service), server: port ? {address, port} : {address}, forward: server.forward === 'local' || !server.forward || server.forward === 'bypass' ? 'masq' : server.forward, label: service.key});
		}
	}
	if (dryRun) {
		const lines: string[] = [];
		for (const p of placements) {
			const drain = planSetWeight(p.target, p.server, {forward: p.forward}, 0);
			const remove = planRemoveServer(p.target, p.server);
			if (drain.ok) lines.push(`[${runner.host}] drain ${p.label}`, `    $ ${drain.value.command}`);
			if (remove.ok) lines.push(`    (wait up to ${Math.round((options.drainTimeoutMs ?? 60_000) / 1000)} s for ActiveConn 0)`, `    $ ${remove.value.command}`);
		}
		if (lines.length) progress({kind: 'plan', id: 'ipvs', lines});
	} else {
		for (const p of placements) {
			const drained = await runIpvsChange(io, planSetWeight(p.target, p.server, {forward: p.forward}, 0));
			if (!drained.ok) return {state: 'failed', error: drained.error, summary};
		}
		if (placements.length) {
			const start = Date.now();
			const limit = options.drainTimeoutMs ?? 60_000;
			for (;;) {
				const table = await readIpvsConnections(io);
				let active = 0;
				if (table.ok) {
					for (const p of placements) {
						const s = table.value.services.find(x => x.key === p.service.key);
						const r = s?.realServers.find(x => x.address.host === address);
						active += r?.activeConns ?? 0;
						progress({kind: 'drain', service: p.label, elapsedMs: Date.now() - start, activeConns: r?.activeConns ?? 0, inactiveConns: r?.inactiveConns ?? 0});
					}
				}
				if (table.ok && active === 0) break;
				if (Date.now() - start >= limit) {
					progress({kind: 'note', text: `${active} connection(s) still active after ${Math.round(limit / 1000)} s: removing ${name} cuts them off`});
					break;
				}
				if (!(await pause(options.drainPollMs ?? 1000, options.signal))) return {state: 'failed', error: appError('node.cancelled', `cancelled while draining ${name}: it is at weight 0; run the remove again to finish`), summary};
			}
			for (const p of placements) {
				const removed = await runIpvsChange(io, planRemoveServer(p.target, p.server));
				if (!removed.ok) return {state: 'failed', error: removed.error, summary};
			}
		}
	}
	summary.push(placements.length ? `${dryRun ? 'would remove' : 'removed'} ${address} from ${placements.map(p => p.label).join(', ')}` : `${address} was in no IPVS service`);

	// 2. The cluster config: the real server, its service memberships and its pane.
	if (config.source) {
		const text = await readFile(config.source, 'utf8');
		const edit = removeNodeFromConfig(text, name, config.source);
		if (!edit.ok) return {state: 'failed', error: edit.error, summary};
		if (edit.value.changed) {
			const check = parseClusterConfig(edit.value.text, config.source);
			if (!check.ok) return {state: 'failed', error: appError('node.config', `removing ${name} would make ${config.source} invalid (is it named elsewhere, e.g. as a jump host?); nothing was written`, {where: {file: config.source}, detail: check.error.map(formatError).join('\n')}), summary};
			if (dryRun) {
				progress({kind: 'plan', id: 'config', lines: [`[local] write ${config.source}`, ...lineDiff(text, edit.value.text).map(l => `    ${l}`)]});
			} else {
				const local = new LocalFileAccess();
				const info = await local.stat(config.source);
				await local.writeFileAtomic(config.source, edit.value.text, info ? info.mode & 0o7777 : 0o600);
				options.audit.record({host: 'local', command: `write ${config.source} (remove real server ${name} and its pane)`, exitCode: 0, source: SOURCE});
			}
			summary.push(`${dryRun ? 'would remove' : 'removed'} ${name} and its pane from ${config.source}`);
		}
	}

	// 3. DHCP reservation (kept with --keep-dhcp).
	if (dhcpHas && !options.keepDhcp) {
		const prepared = await prepareDhcpEdit({runner, files: files!, path: dhcpPath}, {kind: 'remove', name}, now());
		if (!prepared.ok) return {state: 'failed', error: prepared.error, summary};
		if (dryRun) {
			progress({kind: 'plan', id: 'dhcp', lines: prepared.value.plan.steps.map(s => (s.kind === 'write' ? `[${s.host}] write ${s.path}` : `[${s.host}] $ ${s.command}`))});
		} else {
			const outcome = await runPlan(prepared.value.plan, {host: () => session.director, audit: options.audit, source: SOURCE, readOnly: false, signal: options.signal});
			if (outcome.state !== 'done') return {state: 'failed', error: outcome.state === 'paused' ? appError('node.dhcp', 'paused') : outcome.error, summary};
		}
		summary.push(`${dryRun ? 'would ' : ''}${prepared.value.summary} in ${dhcpPath}`);
	}

	// 4. /etc/hosts entry (kept with --keep-hosts).
	if (hostsText !== null && !options.keepHosts) {
		const edit = removeHostsName(hostsText, name);
		if (edit.changed) {
			const backup = backupPath('/etc/hosts', now());
			const copy = shellJoin(['cp', '-p', '/etc/hosts', backup]);
			if (dryRun) {
				progress({kind: 'plan', id: 'hosts', lines: [`[${runner.host}] $ ${copy}`, `[${runner.host}] write /etc/hosts`, ...lineDiff(hostsText, edit.text).map(l => `    ${l}`)]});
			} else {
				const saved = await runner.exec(copy, {timeoutMs: 30_000});
				options.audit.record({host: runner.host, command: copy, exitCode: saved.code, source: SOURCE});
				if (saved.code !== 0) return {state: 'failed', error: appError('node.hosts', `could not back up /etc/hosts on ${runner.host}`, {detail: saved.stderr.trim()}), summary};
				const info = await files!.stat('/etc/hosts');
				await files!.writeFileAtomic('/etc/hosts', edit.text, info ? info.mode & 0o7777 : 0o644);
				options.audit.record({host: runner.host, command: `write /etc/hosts (remove ${name}; backup ${backup})`, exitCode: 0, source: SOURCE});
			}
			summary.push(`${dryRun ? 'would remove' : 'removed'} ${name} from /etc/hosts`);
		}
	}
	if (!dryRun) options.store?.remove(name);
	return {state: dryRun ? 'dry-run' : 'done', summary};
}
