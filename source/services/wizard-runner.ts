// The one place wizard plans are executed: step by step through each host's CommandRunner and
// FileAccess, every change recorded in the audit log, stopping at the first failure so the run
// can resume from that step once the cause is fixed. Read-only mode refuses before anything runs.
import {appError, type AppError} from '../domain/result.js';
import {stepChangesHost, type Plan, type PlanStep, type StepStatus} from '../domain/wizards/wizard-plan.js';
import type {CommandRunner, FileAccess} from '../transports/command-runner.js';
import type {AuditLog} from './audit-log.js';

export interface WizardHost {
	runner: CommandRunner;
	files?: FileAccess;
}

export interface WizardRunOptions {
	/** The runner and file access for a host named in the plan. */
	host(name: string): WizardHost | undefined;
	audit: AuditLog;
	/** Audit source, e.g. 'wizard.dhcp'. */
	source: string;
	readOnly: boolean;
	/** Sends a 'pane' step's command to that host's pane (the UI); without it such steps are left to the admin. */
	sendToPane?(host: string, command: string): void;
	/** Called whenever a step's status changes (the UI's log view). */
	onStatus?(index: number, status: StepStatus): void;
	/** Per-command limit (default 10 minutes: a package install or a restart can be slow). */
	timeoutMs?: number;
	signal?: AbortSignal;
}

export type RunOutcome =
	| {state: 'done'; statuses: StepStatus[]}
	/** Stopped at a failed step: resume from `index` after fixing the cause. */
	| {state: 'failed'; index: number; statuses: StepStatus[]; error: AppError}
	/** A pane step was handed to the admin: resume from `index` (the next step) when it finished. */
	| {state: 'paused'; index: number; statuses: StepStatus[]}
	| {state: 'refused'; statuses: StepStatus[]; error: AppError};

function describeStep(step: PlanStep): string {
	if (step.kind === 'write') return `write ${step.path}${step.mode === undefined ? '' : ` (mode ${step.mode.toString(8)})`}`;
	return step.command;
}

function firstLine(text: string): string {
	return text.trim().split('\n')[0] ?? '';
}

/**
 * Run `plan` from step `from` (0 for a new run, the failed/paused index to resume). `previous`
 * carries the statuses of an earlier run so done steps stay done in the log.
 */
export async function runPlan(plan: Plan, options: WizardRunOptions, from = 0, previous?: StepStatus[]): Promise<RunOutcome> {
	const statuses: StepStatus[] = plan.steps.map((_, i) => (i < from && previous?.[i] ? previous[i] : {state: 'pending'}));
	const set = (index: number, status: StepStatus) => {
		statuses[index] = status;
		options.onStatus?.(index, status);
	};
	if (options.readOnly && plan.steps.slice(from).some(stepChangesHost)) {
		return {state: 'refused', statuses, error: appError('readonly', 'read-only mode: this plan changes hosts, nothing was run (start without --read-only to apply it)')};
	}
	for (let index = from; index < plan.steps.length; index++) {
		const step = plan.steps[index];
		if (options.signal?.aborted) {
			const error = appError('wizard.cancelled', `cancelled before step ${index + 1}`);
			return {state: 'failed', index, statuses, error};
		}
		const access = options.host(step.host);
		if (!access) {
			const error = appError('wizard.no-host', `no connection to host '${step.host}'`, {where: {host: step.host}});
			set(index, {state: 'failed', error: error.message});
			return {state: 'failed', index, statuses, error};
		}
		set(index, {state: 'running'});
		if (step.kind === 'pane') {
			options.sendToPane?.(step.host, step.command);
			options.audit.record({host: step.host, command: `sent to pane: ${step.command}`, exitCode: null, source: options.source});
			set(index, {state: 'manual'});
			return {state: 'paused', index: index + 1, statuses};
		}
		if (step.kind === 'write') {
			if (!access.files) {
				const error = appError('wizard.no-files', `no file access to host '${step.host}'`, {where: {host: step.host}});
				set(index, {state: 'failed', error: error.message});
				return {state: 'failed', index, statuses, error};
			}
			try {
				await access.files.writeFileAtomic(step.path, step.content, step.mode);
				options.audit.record({host: step.host, command: describeStep(step), exitCode: 0, source: options.source});
				set(index, {state: 'done', exitCode: 0});
			} catch (cause) {
				const message = cause instanceof Error ? cause.message : String(cause);
				options.audit.record({host: step.host, command: describeStep(step), exitCode: null, error: message, source: options.source});
				const error = appError('wizard.write', `cannot write ${step.path}: ${message}`, {where: {host: step.host}});
				set(index, {state: 'failed', error: error.message});
				return {state: 'failed', index, statuses, error};
			}
			continue;
		}
		let result;
		try {
			result = await access.runner.exec(step.command, {timeoutMs: options.timeoutMs ?? 600_000, signal: options.signal});
		} catch (cause) {
			const message = cause instanceof Error ? cause.message : String(cause);
			if (stepChangesHost(step)) options.audit.record({host: step.host, command: step.command, exitCode: null, error: message, source: options.source});
			const error = appError('wizard.transport', message, {where: {host: step.host}});
			set(index, {state: 'failed', error: message});
			return {state: 'failed', index, statuses, error};
		}
		const success = result.code !== null && (step.okCodes ?? [0]).includes(result.code);
		if (stepChangesHost(step)) {
			options.audit.record({
				host: step.host,
				command: step.command,
				exitCode: result.code,
				...(success ? {} : {error: firstLine(result.stderr || result.stdout) || result.interrupted || 'failed'}),
				source: options.source,
			});
		}
		const status: StepStatus = {state: success ? 'done' : 'failed', exitCode: result.code, stdout: result.stdout, stderr: result.stderr};
		if (!success) {
			status.error = result.interrupted ? `${result.interrupted}` : `exit status ${result.code}`;
			set(index, status);
			const error = appError('wizard.step-failed', `step ${index + 1} (${step.title}) failed on ${step.host}: ${status.error}`, {where: {host: step.host}, detail: (result.stderr || result.stdout).trim() || undefined});
			return {state: 'failed', index, statuses, error};
		}
		set(index, status);
	}
	return {state: 'done', statuses};
}
