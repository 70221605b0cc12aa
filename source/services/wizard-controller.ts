// Drives the wizard overlay: keys edit the form (validated as typed), Enter makes the plan
// (probing the host, reading dhcpd.conf, hashing the password), 'r' runs it through the one
// runner, a failure can be resumed from its step. Writes only the wizard slice.
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import {formatError} from '../domain/result.js';
import {type DoctorCheck} from '../domain/wizards/doctor-checks.js';
import {formatDoctorTable} from '../domain/wizards/doctor-table.js';
import {generateKickstart} from '../domain/wizards/kickstart-generate.js';
import {isKickstartProfile} from '../domain/wizards/kickstart-profiles.js';
import {wizardDefinitions, wizardMenu, type WizardMenuItem} from '../domain/wizards/wizard-definitions.js';
import type {ActionId} from '../domain/actions.js';
import {cycleChoice, stepErrors, type WizardDefinition} from '../domain/wizards/wizard-form.js';
import type {Plan, StepStatus} from '../domain/wizards/wizard-plan.js';
import type {WizardState} from '../store/wizard-slice.js';
import {initialWizardState} from '../store/wizard-slice.js';
import type {AuditLog} from './audit-log.js';
import {prepareDhcpEdit} from './dhcp-reservation-service.js';
import {doctorContext, probeHost} from './doctor-service.js';
import {hashRootPassword} from './kickstart-password.js';
import {readPublicKey} from './kickstart-ssh-key.js';
import {prepareKickstartWrite} from './kickstart-target.js';
import {runPlan, type WizardHost} from './wizard-runner.js';

/** The key shape the core's key parser produces (name + raw bytes). */
export interface WizardKey {
	name: string;
	raw: string;
}

export interface WizardControllerDeps {
	get(): WizardState;
	update(reduce: (wizard: WizardState) => WizardState): void;
	config: ClusterConfig;
	host(name: string): WizardHost | undefined;
	audit: AuditLog;
	readOnly(): boolean;
	/** Types a pane step's command into that host's pane (the kernel checklist). */
	sendToPane?(host: string, command: string): void;
	/** Opens a wizard that has its own overlay (the menu's launchers, e.g. 'node.add'); without it they are not offered. */
	launch?(action: ActionId): void;
	now?(): Date;
}

const PAGE = 10;

/** The admin's own public key when the form leaves the field empty (as the CLI does). */
function defaultKey(): string | undefined {
	try {
		return readPublicKey();
	} catch {
		return undefined;
	}
}

export class WizardController {
	readonly definitions: WizardDefinition[];
	readonly menu: WizardMenuItem[];
	private running = false;

	constructor(private readonly deps: WizardControllerDeps) {
		this.definitions = wizardDefinitions(deps.config);
		this.menu = wizardMenu(this.definitions, Boolean(deps.launch));
	}

	/** C-a W: the menu, unless a run is under way or waiting (then its log, to resume). */
	open(): void {
		const phase = this.deps.get().phase;
		if (['running', 'paused', 'failed', 'preparing'].includes(phase)) return;
		this.deps.update(() => initialWizardState());
	}

	definition(state = this.deps.get()): WizardDefinition | undefined {
		return this.definitions.find(d => d.id === state.wizardId);
	}

	/** Returns false when the overlay should close. */
	handleKey(key: WizardKey): boolean {
		const state = this.deps.get();
		switch (state.phase) {
			case 'menu':
				return this.menuKey(state, key);
			case 'form':
				return this.formKey(state, key);
			case 'plan':
				if (key.name === 'r' || key.name === 'y') void this.run(0);
				else if (key.name === 'b' || key.name === '^B') this.backToForm();
				else this.scrollKey(key);
				return true;
			case 'paused':
				if (key.name === 'n' || key.name === 'enter') void this.run(state.resumeFrom);
				else this.scrollKey(key);
				return true;
			case 'failed':
				if (key.name === 'r') void this.run(state.resumeFrom);
				else if (key.name === 'b' || key.name === '^B') this.backToForm();
				else this.scrollKey(key);
				return true;
			case 'done':
				if (key.name === 'enter' || key.name === 'q') {
					this.deps.update(() => initialWizardState());
					return false;
				}
				this.scrollKey(key);
				return true;
			case 'error':
				if (key.name === 'b' || key.name === '^B' || key.name === 'enter') this.backToForm();
				return true;
			default:
				this.scrollKey(key);
				return true;
		}
	}

	private menuKey(state: WizardState, key: WizardKey): boolean {
		const count = this.menu.length;
		if (key.name === 'up') this.deps.update(w => ({...w, menuIndex: (w.menuIndex + count - 1) % count}));
		else if (key.name === 'down' || key.name === 'tab') this.deps.update(w => ({...w, menuIndex: (w.menuIndex + 1) % count}));
		else if (key.name === 'enter') this.choose(this.menu[state.menuIndex]);
		else if (/^[1-9]$/.test(key.name) && Number(key.name) <= count) this.choose(this.menu[Number(key.name) - 1]);
		else if (key.name === 'q') return false;
		return true;
	}

	private choose(item: WizardMenuItem | undefined): void {
		if (!item) return;
		if ('definition' in item) this.start(item.definition);
		else this.deps.launch?.(item.action);
	}

	private start(definition: WizardDefinition): void {
		this.deps.update(w => ({...initialWizardState(), menuIndex: w.menuIndex, phase: 'form', wizardId: definition.id, values: {...definition.initial}}));
	}

	private formKey(state: WizardState, key: WizardKey): boolean {
		const definition = this.definition(state);
		if (!definition) return false;
		const step = definition.steps[state.stepIndex];
		const field = step.fields[state.fieldIndex];
		const value = state.values[field.id] ?? '';
		const setValue = (next: string) => this.deps.update(w => ({...w, values: {...w.values, [field.id]: next}, touched: {...w.touched, [field.id]: true}}));
		const moveField = (delta: number) => this.deps.update(w => ({...w, touched: {...w.touched, [field.id]: true}, fieldIndex: (w.fieldIndex + delta + step.fields.length) % step.fields.length}));
		switch (key.name) {
			case 'tab':
			case 'down':
				moveField(1);
				return true;
			case 'S-tab':
			case 'up':
				moveField(-1);
				return true;
			case '^B':
				if (state.stepIndex === 0) this.deps.update(w => ({...initialWizardState(), menuIndex: w.menuIndex}));
				else this.deps.update(w => ({...w, stepIndex: w.stepIndex - 1, fieldIndex: 0}));
				return true;
			case 'backspace':
				if (field.kind !== 'choice') setValue([...value].slice(0, -1).join(''));
				return true;
			case '^U':
				if (field.kind !== 'choice') setValue('');
				return true;
			case 'left':
			case 'right':
			case 'space':
				if (field.kind === 'choice') {
					setValue(cycleChoice(field, value, key.name === 'left' ? -1 : 1));
					return true;
				}
				if (key.name === 'space') setValue(value + ' ');
				return true;
			case 'enter':
				return this.enter(state, definition);
			case 'paste':
				if (field.kind !== 'choice') setValue(value + key.raw.replace(/[\r\n]+/g, ' ').trim());
				return true;
			default:
				if (field.kind !== 'choice' && [...key.raw].length === 1 && key.raw >= ' ' && key.raw !== '\x7f') setValue(value + key.raw);
				return true;
		}
	}

	private enter(state: WizardState, definition: WizardDefinition): boolean {
		const step = definition.steps[state.stepIndex];
		const errors = stepErrors(step, state.values);
		const field = step.fields[state.fieldIndex];
		// Enter on a good field that is not the last moves on, like Tab.
		if (!errors[field.id] && state.fieldIndex < step.fields.length - 1) {
			this.deps.update(w => ({...w, touched: {...w.touched, [field.id]: true}, fieldIndex: w.fieldIndex + 1}));
			return true;
		}
		if (Object.keys(errors).length) {
			const first = step.fields.findIndex(f => errors[f.id]);
			this.deps.update(w => ({...w, fieldIndex: first, touched: {...w.touched, ...Object.fromEntries(step.fields.map(f => [f.id, true]))}}));
			return true;
		}
		if (state.stepIndex < definition.steps.length - 1) {
			this.deps.update(w => ({...w, stepIndex: w.stepIndex + 1, fieldIndex: 0}));
			return true;
		}
		void this.prepare();
		return true;
	}

	private backToForm(): void {
		this.deps.update(w => ({...w, phase: 'form', plan: null, statuses: [], message: null, detail: null, notes: [], scroll: 0, resumeFrom: 0}));
	}

	private scrollKey(key: WizardKey): void {
		const delta = key.name === 'up' ? -1 : key.name === 'down' ? 1 : key.name === 'pgup' ? -PAGE : key.name === 'pgdn' || key.name === 'space' ? PAGE : 0;
		if (delta) this.deps.update(w => ({...w, scroll: Math.max(0, w.scroll + delta)}));
	}

	/** Make the plan for the finished form. Public so tests and the CLI-like flows can await it. */
	async prepare(): Promise<void> {
		const state = this.deps.get();
		this.deps.update(w => ({...w, phase: 'preparing', message: null, detail: null, notes: [], scroll: 0}));
		try {
			const made = await this.makePlan(state);
			if ('error' in made) {
				this.deps.update(w => ({...w, phase: 'error', message: made.error, detail: made.detail ?? null}));
				return;
			}
			const {plan, notes} = made;
			if (!plan || plan.steps.length === 0) {
				this.deps.update(w => ({...w, phase: 'done', plan: null, notes, message: 'nothing to do: every check passes'}));
				return;
			}
			this.deps.update(w => ({...w, phase: 'plan', plan, statuses: plan.steps.map((): StepStatus => ({state: 'pending'})), notes, resumeFrom: 0}));
		} catch (cause) {
			this.deps.update(w => ({...w, phase: 'error', message: cause instanceof Error ? cause.message : String(cause)}));
		}
	}

	private async makePlan(state: WizardState): Promise<{plan: Plan | null; notes: string[]} | {error: string; detail?: string}> {
		const v = state.values;
		const config = this.deps.config;
		if (state.wizardId === 'kernel') {
			const access = this.deps.host(v.host);
			if (!access) return {error: `no connection to ${v.host}`};
			const role = v.host === config.director.name ? 'director' : 'realserver';
			const legacy = {...(v.version ? {version: v.version} : {}), ...(v.tarball ? {tarball: v.tarball} : {}), ...(v.patch ? {patch: v.patch} : {})};
			const report = await probeHost({name: v.host, role, runner: access.runner}, {...doctorContext(config), legacy});
			if (report.error) return {error: formatError(report.error)};
			const notes = formatDoctorTable(report.checks, 76).trimEnd().split('\n');
			const failing = report.checks.filter((c): c is DoctorCheck & {fix: Plan} => c.status !== 'ok' && !!c.fix);
			const build = failing.find(c => c.fix.steps.some(s => s.kind === 'pane'));
			if (build) return {plan: build.fix, notes};
			if (failing.length === 0) return {plan: null, notes};
			return {plan: {title: `Fix ${failing.length} check${failing.length === 1 ? '' : 's'} on ${v.host}`, steps: failing.flatMap(c => c.fix.steps), notes: failing.flatMap(c => c.fix.notes ?? [])}, notes};
		}
		if (state.wizardId === 'kickstart') {
			if (!isKickstartProfile(v.profile)) return {error: `unknown profile ${v.profile}`};
			const password = v.password ?? '';
			// The plain password leaves the store as soon as it is hashed.
			this.deps.update(w => ({...w, values: {...w.values, password: '', password2: ''}}));
			const rootPasswordHash = hashRootPassword(v.profile, password);
			const generated = generateKickstart({
				profile: v.profile,
				name: v.name,
				ip: v.ip,
				mac: v.mac,
				rootPasswordHash,
				lvsType: v.lvsType as 'nat' | 'dr' | 'tun',
				dip: v.dip,
				vips: config.vips.map(x => x.address),
				sshPublicKey: v.sshKey || defaultKey(),
				kickstartDir: v.kickstartDir || config.options.kickstartDir,
				network: config.dip?.network,
				clusterLabel: config.source ?? undefined,
			});
			if (!generated.ok) return {error: formatError(generated.error)};
			const director = config.director.name;
			const access = this.deps.host(director);
			if (!access) return {error: `no connection to ${director}`};
			const write = await prepareKickstartWrite(director, access, generated.value.path, generated.value.content);
			if (!write.ok) return {error: formatError(write.error)};
			return {
				plan: write.value.plan,
				notes: ['boot the installer with:', ...generated.value.bootLines.map(l => `  ${l}`), ...generated.value.serving, ...(write.value.replaces ? [`${generated.value.path} exists and will be replaced`] : [])],
			};
		}
		if (state.wizardId === 'dhcp') {
			const director = config.director.name;
			const access = this.deps.host(director);
			if (!access?.files) return {error: `no file access to ${director}`};
			const change = v.action === 'remove' ? ({kind: 'remove', name: v.name} as const) : ({kind: 'add', reservation: {name: v.name, mac: v.mac, ip: v.ip}} as const);
			const prepared = await prepareDhcpEdit({name: director, runner: access.runner, files: access.files, path: v.file || config.options.dhcpdConf, ...(v.restart === 'no' ? {restart: null} : {})}, change, this.deps.now?.());
			if (!prepared.ok) return {error: formatError({...prepared.error, detail: undefined}), detail: prepared.error.detail};
			// The plan's own notes (backup name, restart) are printed with it.
			return {plan: prepared.value.plan, notes: []};
		}
		return {error: `unknown wizard ${state.wizardId}`};
	}

	/** Run (or resume) the shown plan from step `from`. */
	async run(from: number): Promise<void> {
		const state = this.deps.get();
		if (!state.plan || this.running) return;
		if (this.deps.readOnly()) {
			this.deps.update(w => ({...w, message: 'read-only mode: nothing is run (start without --read-only to apply)'}));
			return;
		}
		this.running = true;
		this.deps.update(w => ({...w, phase: 'running', message: null, detail: null}));
		try {
			const outcome = await runPlan(
				state.plan,
				{
					host: name => this.deps.host(name),
					audit: this.deps.audit,
					source: `wizard.${state.wizardId}`,
					readOnly: this.deps.readOnly(),
					sendToPane: this.deps.sendToPane,
					onStatus: (index, status) => this.deps.update(w => ({...w, statuses: w.statuses.map((s, i) => (i === index ? status : s))})),
				},
				from,
				state.statuses,
			);
			this.deps.update(w => {
				switch (outcome.state) {
					case 'done':
						return {...w, phase: 'done', statuses: outcome.statuses, message: 'done: every step succeeded'};
					case 'paused':
						return {...w, phase: 'paused', statuses: outcome.statuses, resumeFrom: outcome.index, message: `sent to the ${state.plan!.steps[outcome.index - 1].host} pane: watch it there, then press n for the next step`};
					case 'failed':
						return {...w, phase: 'failed', statuses: outcome.statuses, resumeFrom: outcome.index, message: `${formatError({...outcome.error, detail: undefined})} — fix the cause, then r resumes from step ${outcome.index + 1}`, detail: outcome.error.detail ?? null};
					case 'refused':
						return {...w, phase: 'plan', message: outcome.error.message};
				}
			});
		} finally {
			this.running = false;
		}
	}
}
