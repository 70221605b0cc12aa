// A plan is what a wizard will do, as data: the exact commands and file contents, shown before
// anything runs (dry-run) and executed by the one runner (services/wizard-runner.ts).

export type PlanStep =
	| {
			kind: 'run';
			/** Human summary shown beside the command. */
			title: string;
			/** Host name as in the config ('local' for this machine). */
			host: string;
			/** Exact shell command line, built with shellJoin from validated values. */
			command: string;
			/** True when the command only reads (a check); read-only mode still runs these. */
			readOnly?: boolean;
			/** Exit codes that count as success (default [0]). */
			okCodes?: number[];
	  }
	| {
			kind: 'write';
			title: string;
			host: string;
			path: string;
			content: string;
			/** File mode for the new file, e.g. 0o600 for a kickstart (it carries a password hash). */
			mode?: number;
			/** For an edit of an existing file: the changed lines in +/- form, shown instead of the whole file. */
			change?: string[];
	  }
	| {
			/**
			 * A command the admin sends to the host's pane and watches (interactive or long: make
			 * menuconfig, a kernel build, a reboot). The runner never executes these itself.
			 */
			kind: 'pane';
			title: string;
			host: string;
			command: string;
			/** What to look for / choose while it runs (e.g. the menuconfig options). */
			notes?: string[];
	  };

export interface Plan {
	title: string;
	steps: PlanStep[];
	/** What the admin should know that is not a step (e.g. "the boot line to type"). */
	notes?: string[];
}

export type StepState = 'pending' | 'running' | 'done' | 'failed' | 'manual' | 'skipped';

export interface StepStatus {
	state: StepState;
	exitCode?: number | null;
	stdout?: string;
	stderr?: string;
	/** One sentence when the step failed without an exit code (transport error, refused). */
	error?: string;
}

export function pendingStatuses(plan: Plan): StepStatus[] {
	return plan.steps.map(() => ({state: 'pending'}));
}

/** Whether a step changes the host (read-only mode refuses these). */
export function stepChangesHost(step: PlanStep): boolean {
	if (step.kind === 'run') return !step.readOnly;
	return true;
}

/** The plan as text: what --dry-run prints and the wizard's plan view shows. */
export function formatPlan(plan: Plan): string {
	const lines: string[] = [`# ${plan.title}`];
	plan.steps.forEach((step, i) => {
		const n = `${i + 1}.`;
		if (step.kind === 'run') {
			lines.push(`${n} [${step.host}] ${step.title}`, `   $ ${step.command}`);
		} else if (step.kind === 'pane') {
			lines.push(`${n} [${step.host}] ${step.title} (type in the ${step.host} pane)`, `   $ ${step.command}`);
			for (const note of step.notes ?? []) lines.push(`     ${note}`);
		} else {
			const mode = step.mode === undefined ? '' : ` mode ${step.mode.toString(8).padStart(4, '0')}`;
			lines.push(`${n} [${step.host}] ${step.title}: write ${step.path}${mode}`);
			if (step.change) for (const line of step.change) lines.push(`   ${line}`);
			else for (const line of step.content.replace(/\n$/, '').split('\n')) lines.push(`   | ${line}`);
		}
	});
	for (const note of plan.notes ?? []) lines.push(`# ${note}`);
	return lines.join('\n') + '\n';
}
