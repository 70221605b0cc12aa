// The add/remove-node wizard's state (C-a +): the form values, the plan from a dry run, each
// step's status and the progress log while it runs. Plain data; NodeWizardController is the only writer.
// The root password never comes here: the controller keeps it, the store only knows its length.
import type {NodeAddStepId, StepRecord} from '../domain/node/node-add-state.js';
import type {SliceCreator} from './app-store.js';

export type NodeWizardPhase =
	| 'form'
	/** Reading the director and making the plan (a dry run). */
	| 'planning'
	/** The plan is shown; nothing has run. */
	| 'plan'
	| 'running'
	/** A new host key: y accepts, n refuses. */
	| 'hostkey'
	/** The node refused the key: its password, typed masked, to push the key once (Enter alone skips). */
	| 'password'
	| 'failed'
	/** Refused before anything changed (conflict, bad input, read-only). */
	| 'refused'
	| 'done';

export const NODE_WIZARD_FIELDS = ['action', 'name', 'mac', 'ip', 'weight', 'services', 'kickstart', 'profile', 'password', 'keepDhcp', 'keepHosts'] as const;

/** The fields each action asks for, in order. */
export const NODE_ADD_FIELDS: readonly NodeWizardField[] = ['action', 'name', 'mac', 'ip', 'weight', 'services', 'kickstart', 'profile', 'password'];
export const NODE_REMOVE_FIELDS: readonly NodeWizardField[] = ['action', 'name', 'keepDhcp', 'keepHosts'];
export type NodeWizardField = (typeof NODE_WIZARD_FIELDS)[number];

export interface NodeWizardState {
	phase: NodeWizardPhase;
	fieldIndex: number;
	/** Every field but the password (its length is in passwordLength). */
	values: Record<Exclude<NodeWizardField, 'password'>, string>;
	passwordLength: number;
	/** Characters typed so far at the node-password question (the text stays in the controller). */
	nodePasswordLength: number;
	/** Errors by field, shown under the field. */
	errors: Partial<Record<NodeWizardField, string>>;
	/** Dry-run lines (commands, diffs) per step. */
	plan: string[];
	steps: Partial<Record<NodeAddStepId, StepRecord>>;
	/** What a finished remove did, one line each. */
	summary: string[];
	/** Progress lines: waits, ramp, drain, notes (boot line). */
	log: string[];
	message: string | null;
	/** The host-key question, in OpenSSH's words. */
	question: string | null;
	scroll: number;
}

export interface NodeWizardSlice {
	nodeWizard: NodeWizardState;
	updateNodeWizard(reduce: (state: NodeWizardState) => NodeWizardState): void;
}

declare module './app-store.js' {
	interface ExtraSlices extends NodeWizardSlice {}
}

export function initialNodeWizardState(): NodeWizardState {
	return {
		phase: 'form',
		fieldIndex: 0,
		values: {action: 'add', name: '', mac: '', ip: '', weight: '1', services: '', kickstart: 'yes', profile: 'rhel9', keepDhcp: 'no', keepHosts: 'no'},
		passwordLength: 0,
		nodePasswordLength: 0,
		errors: {},
		plan: [],
		steps: {},
		summary: [],
		log: [],
		message: null,
		question: null,
		scroll: 0,
	};
}

export const createNodeWizardSlice: SliceCreator<NodeWizardSlice> = (set, get) => ({
	nodeWizard: initialNodeWizardState(),
	updateNodeWizard: reduce => set({nodeWizard: reduce(get().nodeWizard)}),
});

/** The fields shown for the chosen action (the password only when a kickstart is written). */
export function nodeWizardFields(state: Pick<NodeWizardState, 'values'>): NodeWizardField[] {
	if (state.values.action === 'remove') return [...NODE_REMOVE_FIELDS];
	return NODE_ADD_FIELDS.filter(f => (f !== 'password' && f !== 'profile') || state.values.kickstart === 'yes');
}
