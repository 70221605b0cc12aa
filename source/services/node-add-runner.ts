// Adds a node to the cluster: checks that its name, MAC and IP are free everywhere before anything
// changes, then runs the seven steps in order from the saved state (each step idempotent, the state
// written atomically after every one), so an interrupted run started again finishes the job.
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import {NODE_ADD_STEPS, newNodeAddState, nextStep, sameRequest, withStep, type NodeAddRequest, type NodeAddState, type NodeAddStepId} from '../domain/node/node-add-state.js';
import {findNodeConflicts, type NodeFacts} from '../domain/node/node-conflicts.js';
import {nodeHostConfig, nodeMemberships} from '../domain/node/node-plan.js';
import {appError, fail, ok, type AppError, type Result} from '../domain/result.js';
import {parseDhcpdConf} from '../domain/wizards/dhcpd-conf.js';
import {validateHostName, validateIpv4, validateMac} from '../domain/wizards/net-values.js';
import {checkWeight} from '../domain/ipvs/ipvs-plan.js';
import type {AuditLog} from './audit-log.js';
import {AUDIT_SOURCE, DEFAULT_TIMINGS, type KickstartChoices, type NodeProgress, type NodeTimings, type StepContext, type StepResult} from './node-add-context.js';
import {configStep, dhcpStep, healthStep, hostsStep, ipvsStep, kickstartStep, waitStep} from './node-add-steps.js';
import {readIpvsRules} from './node-ipvs.js';
import type {NodeSession} from './node-session.js';
import type {NodeStateStore} from './node-state-store.js';

export interface NodeAddOptions {
	config: ClusterConfig;
	request: NodeAddRequest;
	session: NodeSession;
	audit: AuditLog;
	store: NodeStateStore;
	kickstart?: KickstartChoices;
	timings?: Partial<NodeTimings>;
	dryRun?: boolean;
	signal?: AbortSignal;
	onProgress?(event: NodeProgress): void;
	now?(): Date;
}

export type NodeAddOutcome =
	| {state: 'done'; nodeState: NodeAddState}
	| {state: 'dry-run'; nodeState: NodeAddState}
	/** A step failed or was cancelled: the state file says what was done; run again to resume. */
	| {state: 'failed'; step: NodeAddStepId; error: AppError; nodeState: NodeAddState}
	/** Nothing was changed: bad input, a conflict, read-only mode, or a saved run for another node. */
	| {state: 'refused'; errors: AppError[]};

const STEPS: Record<NodeAddStepId, (ctx: StepContext) => Promise<StepResult>> = {
	dhcp: dhcpStep,
	hosts: hostsStep,
	kickstart: kickstartStep,
	wait: waitStep,
	health: healthStep,
	ipvs: ipvsStep,
	config: configStep,
};

export function validateNodeRequest(request: NodeAddRequest): AppError[] {
	const problems: string[] = [];
	const name = validateHostName(request.name);
	if (name) problems.push(name);
	else if (request.name.includes('.')) problems.push(`use a short node name (rs3), not '${request.name}': it names the pane, the DHCP host and the state file`);
	const mac = validateMac(request.mac);
	if (mac) problems.push(mac);
	const ip = validateIpv4(request.ip);
	if (ip) problems.push(ip);
	const weight = checkWeight(request.weight);
	if (!weight.ok) problems.push(weight.error.message);
	return problems.map(p => appError('node.invalid', p));
}

/** Read DHCP reservations, /etc/hosts and the IPVS rules on the director, for the conflict check. */
export async function readNodeFacts(config: ClusterConfig, session: NodeSession, signal?: AbortSignal): Promise<Result<NodeFacts, AppError[]>> {
	const {runner, files} = session.director;
	const errors: AppError[] = [];
	const read = async (path: string, what: string): Promise<string | null> => {
		try {
			return new TextDecoder().decode(await files!.readFile(path));
		} catch (error) {
			errors.push(appError('node.read', `cannot read ${what} ${path} on ${runner.host}: ${(error as Error).message}`, {where: {host: runner.host, file: path}}));
			return null;
		}
	};
	const dhcpText = await read(config.options.dhcpdConf, 'the DHCP config (options.dhcpdConf)');
	const hostsText = await read('/etc/hosts', 'the hosts file');
	let dhcp: NodeFacts['dhcp'] = null;
	if (dhcpText !== null) {
		const parsed = parseDhcpdConf(dhcpText, config.options.dhcpdConf);
		if (parsed.ok) dhcp = {file: config.options.dhcpdConf, conf: parsed.value};
		else errors.push(parsed.error);
	}
	const ipvs = await readIpvsRules({runner, audit: {record: () => undefined}, source: AUDIT_SOURCE, signal});
	if (!ipvs.ok) errors.push(ipvs.error);
	if (errors.length) return fail(errors);
	return ok({config, dhcp, hosts: hostsText === null ? null : {file: '/etc/hosts', text: hostsText}, ipvs: ipvs.ok ? ipvs.value : null});
}

export async function runNodeAdd(options: NodeAddOptions): Promise<NodeAddOutcome> {
	const {config, session, store} = options;
	const dryRun = options.dryRun ?? false;
	const progress = options.onProgress ?? (() => undefined);
	const invalid = validateNodeRequest(options.request);
	if (invalid.length) return {state: 'refused', errors: invalid};
	if (!config.source) return {state: 'refused', errors: [appError('node.no-config', 'adding a node needs the cluster config file (lvs-tui.yaml; pass --config FILE)')]};
	if (config.options.readOnly && !dryRun) {
		return {state: 'refused', errors: [appError('readonly', 'read-only mode: adding a node changes the director and the config; nothing was run (start without --read-only, or use --dry-run to see the plan)')]};
	}

	const saved = store.load(options.request.name);
	if (!saved.ok) return {state: 'refused', errors: [saved.error]};
	let state: NodeAddState;
	if (saved.value) {
		const mismatch = sameRequest(saved.value.request, options.request);
		if (mismatch) return {state: 'refused', errors: [appError('node.other-run', `${mismatch}: finish it with the same MAC and IP, or delete ${store.path(options.request.name)} to start over (run lvs-tui node remove ${options.request.name} first if steps were done)`, {where: {file: store.path(options.request.name)}})]};
		state = saved.value;
		progress({kind: 'note', text: `resuming the saved run for ${state.request.name} (${store.path(state.request.name)}): ${NODE_ADD_STEPS.filter(s => state.steps[s.id].status === 'done' || state.steps[s.id].status === 'skipped').map(s => s.id).join(', ') || 'no step'} done`});
	} else {
		state = newNodeAddState(options.request);
	}
	const request = state.request;
	const resuming = saved.value !== null;

	const memberships = nodeMemberships(config, request.ip, request.services);
	if (!memberships.ok) return {state: 'refused', errors: [memberships.error]};
	const facts = await readNodeFacts(config, session, options.signal);
	if (!facts.ok) return {state: 'refused', errors: facts.error};
	const conflicts = findNodeConflicts(facts.value, request, resuming);
	if (conflicts.length) return {state: 'refused', errors: conflicts};

	const ctx: StepContext = {
		config,
		request,
		node: nodeHostConfig(config, request.name, request.ip),
		memberships: memberships.value,
		session,
		audit: options.audit,
		kickstart: options.kickstart ?? {},
		timings: {...DEFAULT_TIMINGS, ...options.timings},
		dryRun,
		signal: options.signal,
		progress,
		now: options.now ?? (() => new Date()),
		resumeHint: `run \`lvs-tui node add --name ${request.name}\` again to resume`,
	};

	const save = (next: NodeAddState) => {
		state = next;
		if (!dryRun) store.save(state);
	};
	const order = NODE_ADD_STEPS.map(s => s.id);
	const first = nextStep(state);
	for (const id of first === null ? [] : order.slice(order.indexOf(first))) {
		const title = NODE_ADD_STEPS.find(s => s.id === id)!.title;
		if (state.steps[id].status === 'done' || state.steps[id].status === 'skipped') continue;
		if (options.signal?.aborted) {
			const error = appError('node.cancelled', `cancelled before step ${order.indexOf(id) + 1} (${title}); ${ctx.resumeHint}`);
			return {state: 'failed', step: id, error, nodeState: state};
		}
		const running = {status: 'running' as const, at: ctx.now().toISOString()};
		save(withStep(state, id, running));
		progress({kind: 'step', id, title, record: running});
		let result: StepResult;
		try {
			result = await STEPS[id](ctx);
		} catch (cause) {
			result = {ok: false, error: appError('node.step', `${title}: ${(cause as Error).message}`)};
		}
		const record = result.ok ? {status: result.status, at: ctx.now().toISOString(), detail: result.detail} : {status: 'failed' as const, at: ctx.now().toISOString(), detail: result.error.message};
		save(withStep(state, id, record));
		progress({kind: 'step', id, title, record});
		if (!result.ok) return {state: 'failed', step: id, error: result.error, nodeState: state};
	}
	if (dryRun) return {state: 'dry-run', nodeState: state};
	// Finished: the config now carries the node; no run is left to resume.
	store.remove(request.name);
	return {state: 'done', nodeState: state};
}
