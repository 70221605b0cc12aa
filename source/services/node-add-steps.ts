// The seven steps of adding a node, each idempotent: what is already there on the host is recorded
// as done and nothing is written twice. In dry-run each step reports the exact commands and file
// diffs it would apply instead of applying them.
import {readFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {homedir} from 'node:os';
import {shellJoin} from '../domain/shell-quote.js';
import {addHostsEntry} from '../domain/node/hosts-file.js';
import {backupPath} from '../domain/backup-name.js';
import {dhcpAlreadyReserved} from '../domain/node/node-conflicts.js';
import {healthCommand, readHealth} from '../domain/node/node-health.js';
import {healthPorts, nextPaneNumber} from '../domain/node/node-plan.js';
import {lineDiff} from '../domain/node/text-diff.js';
import {addNodeToConfig} from '../domain/node/cluster-config-edit.js';
import {rampWeights} from '../domain/node/node-add-state.js';
import {parseClusterConfig} from '../domain/config/config-loader.js';
import {planAddServer, planSetWeight} from '../domain/ipvs/ipvs-plan.js';
import {appError, formatError, ok} from '../domain/result.js';
import {parseDhcpdConf} from '../domain/wizards/dhcpd-conf.js';
import {generateKickstart, type KickstartInput} from '../domain/wizards/kickstart-generate.js';
import {PROFILES} from '../domain/wizards/kickstart-profiles.js';
import type {Plan} from '../domain/wizards/wizard-plan.js';
import {prepareDhcpEdit} from './dhcp-reservation-service.js';
import {prepareKickstartWrite} from './kickstart-target.js';
import {LocalFileAccess} from '../transports/local-file-access.js';
import {runPlan} from './wizard-runner.js';
import {AUDIT_SOURCE, type StepContext, type StepResult} from './node-add-context.js';
import {cancelled, findServer, findService, pause, readIpvsConnections, readIpvsRules, runIpvsChange} from './node-ipvs.js';
import {pushAdminKey} from './node-key-push.js';
import {waitForSsh} from './node-wait.js';

const failed = (error: ReturnType<typeof appError>): StepResult => ({ok: false, error});
const done = (detail: string): StepResult => ({ok: true, status: 'done', detail});

async function readText(ctx: StepContext, path: string): Promise<string> {
	return new TextDecoder().decode(await ctx.session.director.files!.readFile(path));
}

/** A plan as dry-run lines: commands as `$ …`, file writes as a diff against what is there now. */
function planLines(plan: Plan, before: string | null): string[] {
	const lines: string[] = [];
	for (const step of plan.steps) {
		if (step.kind === 'write') {
			lines.push(`[${step.host}] ${step.title}: write ${step.path}${step.mode === undefined ? '' : ` (mode ${step.mode.toString(8).padStart(4, '0')})`}`);
			lines.push(...(before === null ? step.content.replace(/\n$/, '').split('\n').map(l => `+ ${l}`) : lineDiff(before, step.content)).map(l => `    ${l}`));
		} else {
			lines.push(`[${step.host}] ${step.title}`, `    $ ${step.command}`);
		}
	}
	for (const note of plan.notes ?? []) lines.push(`# ${note}`);
	return lines;
}

export async function dhcpStep(ctx: StepContext): Promise<StepResult> {
	const {runner, files} = ctx.session.director;
	const path = ctx.config.options.dhcpdConf;
	const {name, mac, ip} = ctx.request;
	let text: string;
	try {
		text = await readText(ctx, path);
	} catch (error) {
		return failed(appError('node.dhcp', `cannot read ${path} on ${runner.host}: ${(error as Error).message} (set options.dhcpdConf)`, {where: {host: runner.host, file: path}}));
	}
	const parsed = parseDhcpdConf(text, path);
	if (!parsed.ok) return failed(parsed.error);
	if (dhcpAlreadyReserved(parsed.value, {name, mac, ip})) return done(`${path} already reserves ${ip} for ${mac} as ${name}`);
	const prepared = await prepareDhcpEdit({runner, files: files!, path}, {kind: 'add', reservation: {name, mac, ip}}, ctx.now());
	if (!prepared.ok) return failed(prepared.error);
	if (ctx.dryRun) {
		ctx.progress({kind: 'plan', id: 'dhcp', lines: planLines(prepared.value.plan, text)});
		return done(`would ${prepared.value.summary}`);
	}
	const outcome = await runPlan(prepared.value.plan, {host: () => ctx.session.director, audit: ctx.audit, source: AUDIT_SOURCE, readOnly: ctx.config.options.readOnly, signal: ctx.signal});
	if (outcome.state !== 'done') return failed(outcome.state === 'paused' ? appError('node.dhcp', 'the DHCP plan paused unexpectedly') : outcome.error);
	for (const note of prepared.value.plan.notes ?? []) ctx.progress({kind: 'note', text: note});
	return done(`${prepared.value.summary} in ${path}`);
}

export async function hostsStep(ctx: StepContext): Promise<StepResult> {
	const {runner, files} = ctx.session.director;
	const path = '/etc/hosts';
	const {name, ip} = ctx.request;
	let text: string;
	try {
		text = await readText(ctx, path);
	} catch (error) {
		return failed(appError('node.hosts', `cannot read ${path} on ${runner.host}: ${(error as Error).message}`, {where: {host: runner.host, file: path}}));
	}
	const edit = addHostsEntry(text, ip, [name], path);
	if (!edit.ok) return failed(edit.error);
	if (!edit.value.changed) return done(`${path} already has ${ip} ${name}`);
	const backup = backupPath(path, ctx.now());
	const copy = shellJoin(['cp', '-p', path, backup]);
	if (ctx.dryRun) {
		ctx.progress({kind: 'plan', id: 'hosts', lines: [`[${runner.host}] back up ${path}`, `    $ ${copy}`, `[${runner.host}] write ${path} (temp file, then rename)`, ...lineDiff(text, edit.value.text).map(l => `    ${l}`)]});
		return done(`would add ${ip} ${name} to ${path}`);
	}
	const info = await files!.stat(path);
	const saved = await runner.exec(copy, {timeoutMs: 30_000, signal: ctx.signal});
	ctx.audit.record({host: runner.host, command: copy, exitCode: saved.code, ...(saved.code === 0 ? {} : {error: saved.stderr.trim() || 'failed'}), source: AUDIT_SOURCE});
	if (saved.code !== 0) return failed(appError('node.hosts', `could not back up ${path} on ${runner.host}; nothing was changed`, {where: {host: runner.host}, detail: saved.stderr.trim()}));
	try {
		await files!.writeFileAtomic(path, edit.value.text, info ? info.mode & 0o7777 : 0o644);
		ctx.audit.record({host: runner.host, command: `write ${path} (add ${ip} ${name}; backup ${backup})`, exitCode: 0, source: AUDIT_SOURCE});
	} catch (error) {
		ctx.audit.record({host: runner.host, command: `write ${path}`, exitCode: null, error: (error as Error).message, source: AUDIT_SOURCE});
		return failed(appError('node.hosts', `cannot write ${path} on ${runner.host}: ${(error as Error).message}`, {where: {host: runner.host}}));
	}
	return done(`added ${ip} ${name} to ${path} (backup ${backup})`);
}

function kickstartInput(ctx: StepContext, rootPasswordHash: string): KickstartInput {
	const {config, request, kickstart} = ctx;
	return {
		profile: request.profile,
		name: request.name,
		ip: request.ip,
		mac: request.mac,
		rootPasswordHash,
		lvsType: config.lvsType,
		dip: config.dip!.address,
		vips: config.vips.map(v => v.address),
		sshPublicKey: kickstart.sshPublicKey,
		installSource: kickstart.installSource,
		kickstartDir: config.options.kickstartDir,
		network: config.dip?.network,
		clusterLabel: config.source ?? undefined,
	};
}

export async function kickstartStep(ctx: StepContext): Promise<StepResult> {
	if (ctx.kickstart.skip) return {ok: true, status: 'skipped', detail: 'no kickstart file (--no-kickstart): install the node your own way'};
	if (!ctx.config.dip) return failed(appError('node.kickstart', 'the kickstart needs the DIP (install server and gateway): set dip.address in the config, or pass --no-kickstart', {where: {file: ctx.config.source ?? undefined}}));
	const host = ctx.session.director;
	const hostName = host.runner.host;
	// The hash only matters for the content; the path and boot line come out the same.
	const probe = generateKickstart(kickstartInput(ctx, `${PROFILES[ctx.request.profile].passwordPrefix}dry-run$hash-made-when-written`));
	if (!probe.ok) return failed(probe.error);
	const boot = () => ctx.progress({kind: 'note', text: `boot ${ctx.request.name} (MAC ${ctx.request.mac}) from the install media and type at the boot prompt:\n${probe.value.bootLines.map(l => `    ${l}`).join('\n')}\nthe director must serve it:\n${probe.value.serving.map(l => `    ${l}`).join('\n')}`});
	const existing = await host.files!.stat(probe.value.path);
	if (existing && !existing.isDirectory) {
		boot();
		return done(`${probe.value.path} is already on ${hostName} (kept: the installer may be reading it)`);
	}
	if (ctx.dryRun) {
		const prepared = await prepareKickstartWrite(hostName, host, probe.value.path, probe.value.content);
		if (!prepared.ok) return failed(prepared.error);
		ctx.progress({kind: 'plan', id: 'kickstart', lines: [...planLines(prepared.value.plan, null), '    (the root password is asked when the file is written; only its crypt hash goes in)']});
		boot();
		return done(`would write ${probe.value.path}`);
	}
	const hash = await ctx.kickstart.rootPasswordHash?.(ctx.request.profile);
	if (!hash) return failed(appError('node.kickstart', `no root password for ${ctx.request.name}'s kickstart: give one (--root-password-stdin in scripts) or pass --no-kickstart`));
	const output = generateKickstart(kickstartInput(ctx, hash));
	if (!output.ok) return failed(output.error);
	const prepared = await prepareKickstartWrite(hostName, host, output.value.path, output.value.content);
	if (!prepared.ok) return failed(prepared.error);
	const outcome = await runPlan(prepared.value.plan, {host: () => host, audit: ctx.audit, source: AUDIT_SOURCE, readOnly: ctx.config.options.readOnly, signal: ctx.signal});
	if (outcome.state !== 'done') return failed(outcome.state === 'paused' ? appError('node.kickstart', 'the kickstart plan paused unexpectedly') : outcome.error);
	boot();
	return done(`wrote ${output.value.path} on ${hostName} (mode 0600, profile ${ctx.request.profile})`);
}

export async function waitStep(ctx: StepContext): Promise<StepResult> {
	const {timings, node} = ctx;
	const via = node.jump ? ` through ${node.jump}` : '';
	if (ctx.dryRun) {
		ctx.progress({kind: 'plan', id: 'wait', lines: [`poll SSH ${node.user ?? ''}${node.user ? '@' : ''}${node.host}:${node.port ?? 22}${via} every ${Math.round(timings.waitIntervalMs / 1000)} s for up to ${Math.round(timings.waitTimeoutMs / 1000)} s; check its host key on first contact`]});
		return done('would wait for SSH');
	}
	const waited = await waitForSsh(ctx.session.nodeConnection(), {
		timeoutMs: timings.waitTimeoutMs,
		intervalMs: timings.waitIntervalMs,
		signal: ctx.signal,
		resumeHint: ctx.resumeHint,
		jump: node.jump,
		onAttempt: (elapsedMs, attempt, lastError) => ctx.progress({kind: 'wait', elapsedMs, attempt, lastError}),
		onAuthRefused: async () => {
			const sshPublicKey = nodePublicKey(node.identityFile) ?? ctx.kickstart.sshPublicKey;
			const {nodePassword} = ctx.kickstart;
			if (!sshPublicKey || !nodePassword) return ok(false);
			const password = await nodePassword(ctx.request.name, node.user ?? 'root');
			if (!password) return ok(false);
			ctx.progress({kind: 'note', text: `${ctx.request.name} refused the key: logging in once with the password to add your public key`});
			const pushed = await pushAdminKey({session: ctx.session, node, password, publicKey: sshPublicKey, knownHostsFile: ctx.session.knownHostsFile, audit: ctx.audit});
			return pushed.ok ? ok(true) : pushed;
		},
	});
	if (!waited.ok) return failed(waited.error);
	return done(`${ctx.request.name} answered on SSH${via} after ${(waited.value.elapsedMs / 1000).toFixed(1)} s`);
}

/** The public half of the key the node is reached with (identityFile.pub), when there is one. */
function nodePublicKey(identityFile: string | undefined): string | undefined {
	if (!identityFile) return undefined;
	const path = `${identityFile.replace(/^~(?=\/)/, homedir())}.pub`;
	try {
		return readFileSync(path, 'utf8').trim() || undefined;
	} catch {
		return undefined;
	}
}

export async function healthStep(ctx: StepContext): Promise<StepResult> {
	const {runner} = ctx.session.director;
	const {tcp, unchecked} = healthPorts(ctx.memberships);
	for (const u of unchecked) ctx.progress({kind: 'note', text: `${u} is not a TCP service: not checked by connecting`});
	if (tcp.length === 0) return {ok: true, status: 'skipped', detail: 'no TCP port to check'};
	const command = healthCommand(ctx.request.ip, tcp, ctx.timings.healthTimeoutSeconds);
	if (ctx.dryRun) {
		ctx.progress({kind: 'plan', id: 'health', lines: [`[${runner.host}] connect to ${ctx.request.ip} port ${tcp.join(', ')}`, `    $ ${command}`]});
		return done('would check the ports');
	}
	let r;
	try {
		r = await runner.exec(command, {timeoutMs: (ctx.timings.healthTimeoutSeconds + 5) * 1000 * tcp.length, signal: ctx.signal});
	} catch (error) {
		return failed(appError('node.health', `could not run the health check on ${runner.host}: ${(error as Error).message}`, {where: {host: runner.host}}));
	}
	const reading = readHealth(r.stdout, tcp);
	if (reading.closed.length || reading.unknown.length) {
		const bad = [...reading.closed, ...reading.unknown];
		return failed(
			appError('node.health', `${ctx.request.name} (${ctx.request.ip}) does not answer on port ${bad.join(', ')} from ${runner.host}: it was NOT put into service. Start the service on the node, then ${ctx.resumeHint}`, {
				where: {host: runner.host},
				detail: (r.stderr || '').trim() || undefined,
			}),
		);
	}
	return done(`port ${reading.open.join(', ')} open from ${runner.host}`);
}

export async function ipvsStep(ctx: StepContext): Promise<StepResult> {
	const {runner} = ctx.session.director;
	const io = {runner, audit: ctx.audit, source: AUDIT_SOURCE, signal: ctx.signal};
	const target = ctx.request.weight;
	const weights = rampWeights(target, ctx.timings.rampPercents);
	if (ctx.dryRun) {
		const lines: string[] = [];
		for (const m of ctx.memberships) {
			const add = planAddServer(m.target, m.server, m.forward, 0);
			if (!add.ok) return failed(add.error);
			lines.push(`[${runner.host}] ${add.value.summary}`, `    $ ${add.value.command}`);
		}
		weights.forEach((w, i) => {
			for (const m of ctx.memberships) {
				const set = planSetWeight(m.target, m.server, {forward: m.forward}, w);
				if (set.ok) lines.push(`    $ ${set.value.command}`);
			}
			if (i < weights.length - 1) lines.push(`    (wait ${Math.round(ctx.timings.rampIntervalMs / 1000)} s, watching ActiveConn/InActConn)`);
		});
		ctx.progress({kind: 'plan', id: 'ipvs', lines});
		return done(`would ramp to weight ${target} in ${weights.join(' → ') || '0'}`);
	}
	const rules = await readIpvsRules(io);
	if (!rules.ok) return failed(rules.error);
	const current = new Map<string, number>();
	for (const m of ctx.memberships) {
		const service = findService(rules.value, m.target);
		if (!service) return failed(appError('node.ipvs', `the service ${m.label} is not in IPVS on ${runner.host}: bring the cluster's services up first, then ${ctx.resumeHint}`, {where: {host: runner.host}}));
		const present = findServer(service, m.server);
		if (present) {
			current.set(m.label, present.weight ?? 0);
			continue;
		}
		const added = await runIpvsChange(io, planAddServer(m.target, m.server, m.forward, 0));
		if (!added.ok) return failed(added.error);
		current.set(m.label, 0);
	}
	const steps = weights.filter(w => [...current.values()].some(c => c < w));
	for (let i = 0; i < steps.length; i++) {
		const w = steps[i];
		for (const m of ctx.memberships) {
			if ((current.get(m.label) ?? 0) >= w) continue;
			const set = await runIpvsChange(io, planSetWeight(m.target, m.server, {forward: m.forward}, w));
			if (!set.ok) return failed(set.error);
			current.set(m.label, w);
		}
		await reportConnections(ctx, io, w, target);
		if (i < steps.length - 1 && !(await pause(ctx.timings.rampIntervalMs, ctx.signal))) return failed(cancelled(`the weight ramp (at weight ${w}; ${ctx.resumeHint})`));
	}
	return done(`in ${ctx.memberships.map(m => m.label).join(', ')} at weight ${target}${steps.length ? ` (ramped ${steps.join(' → ')})` : ''}`);
}

async function reportConnections(ctx: StepContext, io: Parameters<typeof readIpvsConnections>[0], weight: number, target: number): Promise<void> {
	const table = await readIpvsConnections(io);
	if (!table.ok) return;
	for (const m of ctx.memberships) {
		const server = findServer(findService(table.value, m.target), m.server);
		ctx.progress({kind: 'ramp', service: m.label, weight, target, activeConns: server?.activeConns ?? 0, inactiveConns: server?.inactiveConns ?? 0});
	}
}

export async function configStep(ctx: StepContext): Promise<StepResult> {
	const path = ctx.config.source;
	if (!path) return failed(appError('node.config', 'no cluster config file to add the node to (pass --config FILE)'));
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		return failed(appError('node.config', `cannot read ${path}: ${(error as Error).message}`, {where: {file: path}}));
	}
	const {node, request, memberships} = ctx;
	const edit = addNodeToConfig(
		text,
		{
			name: request.name,
			address: request.ip,
			mac: request.mac,
			weight: request.weight,
			services: memberships.map(m => m.label),
			memberships: Object.fromEntries(memberships.map(m => [m.label, {port: m.server.port, forward: m.forward}])),
			jump: node.jump,
			user: node.user,
			identityFile: node.identityFile,
			paneNumber: nextPaneNumber(ctx.config),
		},
		path,
	);
	if (!edit.ok) return failed(edit.error);
	if (!edit.value.changed) return done(`${path} already has ${request.name}`);
	// Never write a file the loader would then refuse.
	const check = parseClusterConfig(edit.value.text, path);
	if (!check.ok) return failed(appError('node.config', `adding ${request.name} would make ${path} invalid; nothing was written`, {where: {file: path}, detail: check.error.map(formatError).join('\n')}));
	if (ctx.dryRun) {
		ctx.progress({kind: 'plan', id: 'config', lines: [`[local] write ${path} (temp file, then rename; comments kept)`, ...lineDiff(text, edit.value.text).map(l => `    ${l}`)]});
		return done(`would add ${request.name} and its pane to ${path}`);
	}
	const files = new LocalFileAccess();
	const info = await files.stat(path);
	try {
		await files.writeFileAtomic(path, edit.value.text, info ? info.mode & 0o7777 : 0o600);
		ctx.audit.record({host: 'local', command: `write ${path} (add real server ${request.name}, its services and pane)`, exitCode: 0, source: AUDIT_SOURCE});
	} catch (error) {
		ctx.audit.record({host: 'local', command: `write ${path}`, exitCode: null, error: (error as Error).message, source: AUDIT_SOURCE});
		return failed(appError('node.config', `cannot write ${path}: ${(error as Error).message}`, {where: {file: path}}));
	}
	return done(`added ${request.name}, its services and pane to ${path}`);
}
