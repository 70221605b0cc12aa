// The wizard overlay's state (C-a W): which wizard, where in its form, the values typed, the
// plan shown before anything runs, and each step's status while it runs. Plain data; the
// WizardController (services/wizard-controller.ts) is the only writer.
import type {Plan, StepStatus} from '../domain/wizards/wizard-plan.js';
import type {SliceCreator} from './app-store.js';

export type WizardPhase =
	| 'menu'
	| 'form'
	/** Probing the host / reading dhcpd.conf / hashing: the plan is being made. */
	| 'preparing'
	/** The plan is shown; nothing has run. */
	| 'plan'
	| 'running'
	/** A pane step was sent to its pane: the admin watches it, then continues. */
	| 'paused'
	/** A step failed: resume from it, or go back. */
	| 'failed'
	| 'done'
	/** Planning was refused (bad input, a conflict, an unreachable host): message says why. */
	| 'error';

export interface WizardState {
	phase: WizardPhase;
	menuIndex: number;
	wizardId: string | null;
	stepIndex: number;
	fieldIndex: number;
	values: Record<string, string>;
	/** Fields the admin has typed in or tried to leave: their errors show as they type. */
	touched: Record<string, boolean>;
	plan: Plan | null;
	statuses: StepStatus[];
	/** Where a resume starts (the failed step, or the step after a pane step). */
	resumeFrom: number;
	/** One line saying what happened (a refusal, the outcome). */
	message: string | null;
	/** Verbatim output behind the message (dhcpd's complaint, ssh's error). */
	detail: string | null;
	/** Lines to show with the plan: doctor's checks, the boot line, the NFS export. */
	notes: string[];
	/** First plan/log line shown (scrolling). */
	scroll: number;
}

export interface WizardSlice {
	wizard: WizardState;
	updateWizard(reduce: (wizard: WizardState) => WizardState): void;
}

declare module './app-store.js' {
	interface ExtraSlices extends WizardSlice {}
}

export function initialWizardState(): WizardState {
	return {
		phase: 'menu',
		menuIndex: 0,
		wizardId: null,
		stepIndex: 0,
		fieldIndex: 0,
		values: {},
		touched: {},
		plan: null,
		statuses: [],
		resumeFrom: 0,
		message: null,
		detail: null,
		notes: [],
		scroll: 0,
	};
}

export const createWizardSlice: SliceCreator<WizardSlice> = (set, get) => ({
	wizard: initialWizardState(),
	updateWizard: reduce => set({wizard: reduce(get().wizard)}),
});
