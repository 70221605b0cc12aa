// The add-node wizard's state (C-a +): the form values, the plan from a dry run, each step's
// status and the progress log while it runs. Plain data; NodeWizardController is the only writer.
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
	| 'failed'
	/** Refused before anything changed (conflict, bad input, read-only). */
	| 'refused'
	| 'done';

export const NODE_WIZARD_FIELDS = ['name', 'mac', 'ip', 'weight', 'services', 'kickstart', 'password'] as const;
export type NodeWizardField = (typeof NODE_WIZARD_FIELDS)[number];

export interface NodeWizardState {
	phase: NodeWizardPhase;
	fieldIndex: number;
	/** Every field but the password (its length is in passwordLength). */
	values: Record<Exclude<NodeWizardField, 'password'>, string>;
	passwordLength: number;
	/** Errors by field, shown under the field. */
	errors: Partial<Record<NodeWizardField, string>>;
	/** Dry-run lines (commands, diffs) per step. */
	plan: string[];
	steps: Partial<Record<NodeAddStepId, StepRecord>>;
	/** Progress lines: waits, ramp, notes (boot line). */
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
		values: {name: '', mac: '', ip: '', weight: '1', services: '', kickstart: 'yes'},
		passwordLength: 0,
		errors: {},
		plan: [],
		steps: {},
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
