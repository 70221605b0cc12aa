// Brings a VIP up or down on the director: reads the director first (the device must exist; already
// up/down changes nothing), runs the planned commands one by one, shows each exact command with
// its result (ip's own message verbatim), re-reads so the panel is true at once, and writes every
// change to the audit log. Read-only mode refuses before anything runs.
import {appError, fail, ok, type AppError, type Result} from '../domain/result.js';
import type {HostFacts} from '../domain/net/host-probe.js';
import {directorWarnings} from '../domain/net/lvs-warnings.js';
import {planVip, toggleDirection, vipPresence, type VipDirection, type VipPlan, type VipStep} from '../domain/net/vip-plan.js';
import type {VipSpec} from '../domain/net/vip-spec.js';
import type {CommandRunner} from '../transports/command-runner.js';
import {actionChanged, pollFailed, pollSucceeded, type VipActionRecord, type VipStepRecord} from '../store/interfaces-slice.js';
import type {AuditLog} from './audit-log.js';
import type {InterfacesPublish} from './interfaces-poller.js';
import {probeHost} from './interfaces-probe.js';

export const VIP_STEP_TIMEOUT_MS = 15_000;

export interface VipControlOptions {
	director: CommandRunner;
	audit: AuditLog;
	readOnly: boolean;
	/** Updates the interfaces panel (optional for `lvs-tui vip`). */
	publish?: InterfacesPublish;
	/** The cluster's LVS type, for the keepalived warning's context. */
	lvsType?: 'nat' | 'dr' | 'tun';
}

export interface VipOutcome {
	address: string;
	direction: VipDirection;
	/** done: changed as asked; unchanged: it already was; failed: a command failed (nothing else was run after it). */
	state: 'done' | 'unchanged' | 'failed';
	message: string;
	steps: VipStepRecord[];
	/** arping missing, duplicate check could not run, keepalived also owning the VIP… */
	notes: string[];
	error?: AppError;
	/** The director after the change (what the panel now shows). */
	after?: HostFacts;
}

export interface VipPreview {
	facts: HostFacts;
	plan: VipPlan;
	/** Things to say before running it (keepalived owns this VIP, …). */
	warnings: string[];
}

export class VipControl {
	private running = false;

	constructor(private readonly options: VipControlOptions) {}

	get host(): string {
		return this.options.director.host;
	}

	/** A change is under way (one at a time per director). */
	get busy(): boolean {
		return this.running;
	}

	/** Read the director and say whether the VIP is up there. */
	async status(spec: VipSpec): Promise<Result<{up: boolean; label?: string; foundOn?: string; facts: HostFacts}>> {
		const facts = await this.read();
		if (!facts.ok) return facts;
		const presence = vipPresence(spec, facts.value.listing.interfaces);
		if (!presence.deviceExists) return fail(appError('vip.no-device', `device ${spec.device} does not exist on the director`, {where: {host: this.host}}));
		return ok({up: presence.up, label: presence.label, foundOn: presence.foundOn, facts: facts.value});
	}

	/** What `direction` (or toggle) would run now, without running it: for confirmations and --dry-run. */
	async preview(direction: VipDirection | 'toggle', spec: VipSpec): Promise<Result<VipPreview>> {
		const facts = await this.read();
		if (!facts.ok) return facts;
		const interfaces = facts.value.listing.interfaces;
		const dir = direction === 'toggle' ? toggleDirection(spec, interfaces) : direction;
		const plan = planVip(dir, spec, {interfaces, arping: facts.value.arping});
		if (!plan.ok) return fail({...plan.error, where: {host: this.host}});
		const warnings =
			dir === 'up'
				? directorWarnings({lvsType: this.options.lvsType ?? 'dr', vips: [spec], director: {name: this.host, facts: facts.value}, realServers: []})
						.filter(w => w.code.startsWith('vip.keepalived'))
						.map(w => w.message)
				: [];
		return ok({facts: facts.value, plan: plan.value, warnings});
	}

	up(spec: VipSpec): Promise<Result<VipOutcome>> {
		return this.change('up', spec);
	}

	down(spec: VipSpec): Promise<Result<VipOutcome>> {
		return this.change('down', spec);
	}

	toggle(spec: VipSpec): Promise<Result<VipOutcome>> {
		return this.change('toggle', spec);
	}

	/**
	 * Refusals before anything runs (read-only, unknown device, director unreachable, busy) are a
	 * failed Result; once commands ran, the outcome says how it went, step by step.
	 */
	async change(direction: VipDirection | 'toggle', spec: VipSpec): Promise<Result<VipOutcome>> {
		const refuse = (error: AppError): Result<never> => {
			this.record({address: spec.address, direction: direction === 'toggle' ? 'up' : direction, state: 'refused', message: error.message, steps: [], notes: []});
			return fail(error);
		};
		if (this.options.readOnly) {
			const what = direction === 'toggle' ? 'toggle' : `bring ${direction}`;
			return refuse(appError('vip.read-only', `read-only mode: refusing to ${what} VIP ${spec.address}; nothing changed`));
		}
		if (this.running) return fail(appError('vip.busy', `a VIP change is already running on ${this.host}; nothing changed`));
		this.running = true;
		try {
			const preview = await this.preview(direction, spec);
			if (!preview.ok) return refuse(preview.error);
			const {plan, facts, warnings} = preview.value;
			if (plan.kind === 'noop') {
				const outcome: VipOutcome = {address: spec.address, direction: plan.direction, state: 'unchanged', message: plan.message, steps: [], notes: [], after: facts};
				this.record({...outcome, state: 'unchanged'});
				return ok(outcome);
			}
			return ok(await this.execute(spec, plan, warnings));
		} finally {
			this.running = false;
		}
	}

	private async execute(spec: VipSpec, plan: Extract<VipPlan, {kind: 'change'}>, warnings: string[]): Promise<VipOutcome> {
		const outcome: VipOutcome = {
			address: spec.address,
			direction: plan.direction,
			state: 'done',
			message: '',
			steps: [],
			notes: [...warnings.map(w => `warning: ${w}`), ...plan.notes],
		};
		const running = `${plan.direction === 'up' ? 'bringing up' : 'taking down'} VIP ${spec.address}…`;
		this.record({...outcome, state: 'running', message: running});
		for (const step of plan.steps) {
			const record = await this.runStep(step);
			outcome.steps.push(record);
			this.record({...outcome, steps: [...outcome.steps], state: 'running', message: running});
			const firstLine = record.output.trim().split('\n')[0] ?? '';
			if (step.purpose === 'duplicate-check') {
				if (record.exitCode === 0) continue;
				if (record.exitCode === 1) {
					outcome.state = 'failed';
					outcome.error = appError('vip.duplicate', `another host already answers ARP for ${spec.address} on ${spec.device}: not bringing it up; nothing changed`, {where: {host: this.host}, detail: record.output});
					break;
				}
				outcome.notes.push(`duplicate-address check could not run (arping exit ${record.exitCode ?? 'killed'}${firstLine ? `: ${firstLine}` : ''}); continuing`);
				continue;
			}
			const auditProblem = this.audit(step, record);
			if (auditProblem) outcome.notes.push(auditProblem);
			if (step.purpose === 'announce') {
				if (record.exitCode !== 0) outcome.notes.push(`gratuitous ARP failed (arping exit ${record.exitCode ?? 'killed'}${firstLine ? `: ${firstLine}` : ''}); neighbours learn the VIP when their ARP entries expire`);
				continue;
			}
			if (record.exitCode !== 0) {
				outcome.state = 'failed';
				outcome.error = appError('vip.command-failed', `${step.command} failed${record.exitCode === null ? '' : ` (exit ${record.exitCode})`}: ${firstLine || 'no message'}`, {where: {host: this.host}, detail: record.output});
				break;
			}
			// The panel shows the change now, not after the gratuitous ARP's few seconds.
			if (plan.steps.some(s => s.purpose === 'announce')) await this.read();
		}
		// Re-read so the panel shows the truth right away, whatever happened.
		const after = await this.read();
		if (after.ok) {
			outcome.after = after.value;
			const nowUp = vipPresence(spec, after.value.listing.interfaces).up;
			if (outcome.state === 'done' && nowUp !== (plan.direction === 'up')) {
				outcome.state = 'failed';
				outcome.error = appError('vip.not-applied', `the commands succeeded but VIP ${spec.address} is still ${nowUp ? 'up' : 'down'} on ${spec.device}`, {where: {host: this.host}});
			}
		} else {
			outcome.notes.push(`could not re-read the director after the change: ${after.error.message}`);
		}
		outcome.message =
			outcome.state === 'done'
				? `VIP ${spec.address} is ${plan.direction} on ${spec.device}${spec.label && plan.direction === 'up' ? ` (label ${spec.label})` : ''}`
				: outcome.error!.message;
		this.record(outcome);
		return outcome;
	}

	private async runStep(step: VipStep): Promise<VipStepRecord> {
		try {
			const r = await this.options.director.exec(step.command, {timeoutMs: VIP_STEP_TIMEOUT_MS});
			const output = [r.stdout, r.stderr].filter(s => s.trim() !== '').join('');
			const suffix = r.interrupted ? `(${r.interrupted === 'timeout' ? `no answer within ${VIP_STEP_TIMEOUT_MS / 1000} s` : r.interrupted})` : '';
			return {command: step.command, exitCode: r.code, output: output + suffix};
		} catch (error) {
			return {command: step.command, exitCode: null, output: (error as Error).message};
		}
	}

	private async read(): Promise<Result<HostFacts>> {
		const facts = await probeHost(this.options.director);
		this.options.publish?.(facts.ok ? pollSucceeded(this.host, facts.value, Date.now()) : pollFailed(this.host, facts.error));
		return facts;
	}

	/** Returns a note when the audit log cannot be written: the change happened, the admin must know it is unrecorded. */
	private audit(step: VipStep, record: VipStepRecord): string | null {
		const entry = {host: this.host, command: step.command, exitCode: record.exitCode, source: 'vip'};
		const error = record.exitCode === 0 ? undefined : record.output.trim().split('\n')[0];
		try {
			this.options.audit.record(error ? {...entry, error} : entry);
			return null;
		} catch (e) {
			return `audit log ${this.options.audit.path} could not be written: ${(e as Error).message}`;
		}
	}

	private record(outcome: Pick<VipOutcome, 'address' | 'direction' | 'message' | 'steps' | 'notes'> & {state: VipActionRecord['state']}): void {
		this.options.publish?.(actionChanged({address: outcome.address, direction: outcome.direction, state: outcome.state, message: outcome.message, steps: outcome.steps, notes: outcome.notes}));
	}
}
