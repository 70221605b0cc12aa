// The add-node run as data. It is written to disk after every step so an interrupted run can be
// started again and finish: a step marked done is never run twice.

export const NODE_ADD_STEPS = [
	{id: 'dhcp', title: 'DHCP reservation on the director'},
	{id: 'hosts', title: '/etc/hosts entry on the director'},
	{id: 'kickstart', title: 'kickstart file and boot line'},
	{id: 'wait', title: 'wait for the node to answer on SSH'},
	{id: 'health', title: 'health check of each service port from the director'},
	{id: 'ipvs', title: 'add to IPVS at weight 0, then ramp up'},
	{id: 'config', title: 'pane and cluster config entry'},
] as const;

export type NodeAddStepId = (typeof NODE_ADD_STEPS)[number]['id'];
export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

export interface NodeAddRequest {
	name: string;
	mac: string;
	ip: string;
	weight: number;
	/** Services as VIP:PORT (or fwm:N) the node joins; all configured services when empty. */
	services: string[];
	profile: 'rhel9' | 'rh72';
}

export interface StepRecord {
	status: StepStatus;
	/** ISO time of the last change. */
	at?: string;
	/** What happened (a short sentence), or the error. */
	detail?: string;
}

export interface NodeAddState {
	version: 1;
	request: NodeAddRequest;
	steps: Record<NodeAddStepId, StepRecord>;
}

export function newNodeAddState(request: NodeAddRequest): NodeAddState {
	const steps = Object.fromEntries(NODE_ADD_STEPS.map(s => [s.id, {status: 'pending'}])) as Record<NodeAddStepId, StepRecord>;
	return {version: 1, request, steps};
}

/** The first step not done (or skipped); null when the run is complete. */
export function nextStep(state: NodeAddState): NodeAddStepId | null {
	for (const s of NODE_ADD_STEPS) {
		const st = state.steps[s.id].status;
		if (st !== 'done' && st !== 'skipped') return s.id;
	}
	return null;
}

export function withStep(state: NodeAddState, id: NodeAddStepId, record: StepRecord): NodeAddState {
	return {...state, steps: {...state.steps, [id]: record}};
}

/** A resumed run must ask for the same node: a different MAC or IP under the same name is a new decision. */
export function sameRequest(a: NodeAddRequest, b: NodeAddRequest): string | null {
	if (a.name !== b.name) return `the saved run is for ${a.name}, not ${b.name}`;
	if (a.mac.toLowerCase() !== b.mac.toLowerCase()) return `the saved run for ${a.name} used MAC ${a.mac}, not ${b.mac}`;
	if (a.ip !== b.ip) return `the saved run for ${a.name} used IP ${a.ip}, not ${b.ip}`;
	return null;
}

/**
 * Weights for the ramp: each percentage of the target, rounded, at least 1, no repeats, ending at
 * the target. A target of 0 ramps to nothing (the node joins drained).
 */
export function rampWeights(target: number, percents: number[] = [10, 50, 100]): number[] {
	if (target <= 0) return [];
	const out: number[] = [];
	for (const p of percents) {
		const w = Math.max(1, Math.min(target, Math.round((target * p) / 100)));
		if (!out.includes(w)) out.push(w);
	}
	if (out[out.length - 1] !== target) out.push(target);
	return out;
}
