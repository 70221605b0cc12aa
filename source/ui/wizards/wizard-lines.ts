// What the wizard overlay shows, as plain lines with a role each, computed from the wizard slice:
// the menu, the form (secret fields masked, errors under touched fields), the plan as exact
// commands and file contents, the run log with exit codes. Pure, so it is tested without Ink.
import {fieldError, type WizardDefinition} from '../../domain/wizards/wizard-form.js';
import {formatPlan, type StepStatus} from '../../domain/wizards/wizard-plan.js';
import type {WizardState} from '../../store/wizard-slice.js';

export type LineRole = 'text' | 'muted' | 'selected' | 'ok' | 'error' | 'warning' | 'title';

export interface WizardLine {
	text: string;
	role: LineRole;
}

export interface WizardView {
	title: string;
	/** Lines above the scrolling part (never scrolled away). */
	head: WizardLine[];
	/** The scrolling part (plan, log). */
	body: WizardLine[];
	footer: string;
}

const MARK: Record<StepStatus['state'], string> = {pending: ' ', running: '>', done: '✓', failed: '✗', manual: '→', skipped: '-'};

function statusLines(status: StepStatus): WizardLine[] {
	const lines: WizardLine[] = [];
	const code = status.exitCode === undefined ? '' : ` (exit ${status.exitCode ?? 'none'})`;
	if (status.state === 'failed') lines.push({text: `     failed${code}${status.error ? `: ${status.error}` : ''}`, role: 'error'});
	const output = `${status.stdout ?? ''}${status.stderr ?? ''}`.trimEnd();
	if (output && status.state !== 'pending') {
		const outLines = output.split('\n');
		const shown = status.state === 'failed' ? outLines.slice(-12) : outLines.slice(-3);
		for (const l of shown) lines.push({text: `     ${l}`, role: status.state === 'failed' ? 'error' : 'muted'});
	}
	return lines;
}

/** Wrap long lines (commands, paths) to `width` so every character of a command is visible. */
export function wrapLines(lines: WizardLine[], width: number): WizardLine[] {
	const out: WizardLine[] = [];
	const w = Math.max(10, width);
	for (const line of lines) {
		const chars = [...line.text];
		if (chars.length <= w) {
			out.push(line);
			continue;
		}
		const indent = Math.min(8, (/^\s*/.exec(line.text)?.[0].length ?? 0) + 2);
		// Prose (summaries, notes, messages) breaks between words; commands and file contents
		// are cut anywhere so every character, spaces included, stays on screen.
		const prose = line.role !== 'text' && !/^\s*\$ /.test(line.text);
		let rest = chars;
		let room = w;
		let first = true;
		while (rest.length > 0) {
			let take = Math.min(room, rest.length);
			if (prose && take < rest.length) {
				const space = rest.lastIndexOf(' ', take);
				if (space > (first ? indent : 0)) take = space;
			}
			const piece = rest.slice(0, take).join('');
			out.push({text: first ? piece : ' '.repeat(indent) + piece, role: line.role});
			rest = rest.slice(take);
			if (prose) while (rest[0] === ' ') rest = rest.slice(1);
			first = false;
			room = w - indent;
		}
	}
	return out;
}

/** `menu`: the C-a W entries (the controller's menu); the forms alone by default. */
export function wizardView(state: WizardState, definitions: WizardDefinition[], readOnly: boolean, menu: ReadonlyArray<{title: string; summary: string}> = definitions): WizardView {
	const definition = definitions.find(d => d.id === state.wizardId);
	if (state.phase === 'menu' || !definition) {
		return {
			title: 'Wizards',
			head: [],
			body: menu.flatMap((d, i) => [
				{text: `${i === state.menuIndex ? '▶' : ' '} ${i + 1}. ${d.title}`, role: i === state.menuIndex ? 'selected' : 'text'} as WizardLine,
				{text: `     ${d.summary}`, role: 'muted'} as WizardLine,
			]),
			footer: '↑/↓ choose · Enter open · 1-9 open · Esc close',
		};
	}
	const title = `${definition.title}${readOnly ? ' (read-only)' : ''}`;
	if (state.phase === 'form') {
		const step = definition.steps[state.stepIndex];
		const body: WizardLine[] = [{text: `Step ${state.stepIndex + 1} of ${definition.steps.length}: ${step.title}`, role: 'title'}];
		step.fields.forEach((field, i) => {
			const value = state.values[field.id] ?? '';
			const shown = field.kind === 'secret' ? '•'.repeat([...value].length) : field.kind === 'choice' ? `< ${value} >` : value;
			const current = i === state.fieldIndex;
			body.push({text: `${current ? '▶' : ' '} ${field.label}: ${shown}${current && field.kind !== 'choice' ? '_' : ''}`, role: current ? 'selected' : 'text'});
			const error = state.touched[field.id] || (current && value !== '') ? fieldError(field, state.values) : null;
			if (error) body.push({text: `    ${error}`, role: 'error'});
			else if (current && field.hint) body.push({text: `    ${field.hint}`, role: 'muted'});
		});
		const last = state.stepIndex === definition.steps.length - 1;
		return {title, head: [], body, footer: `Tab/↓ next field · Enter ${last ? 'make the plan' : 'next step'} · ^B back · Esc cancel`};
	}
	if (state.phase === 'preparing') return {title, head: [{text: 'making the plan (asking the host)…', role: 'muted'}], body: [], footer: 'Esc hides this (it keeps going)'};
	if (state.phase === 'error') {
		const body: WizardLine[] = [{text: state.message ?? 'refused', role: 'error'}];
		for (const l of (state.detail ?? '').split('\n').filter(Boolean)) body.push({text: `  ${l}`, role: 'muted'});
		body.push({text: 'nothing was changed', role: 'muted'});
		return {title, head: [], body, footer: 'b/Enter back to the form · Esc close'};
	}
	const head: WizardLine[] = [];
	if (state.message) head.push({text: state.message, role: state.phase === 'failed' ? 'error' : state.phase === 'done' ? 'ok' : 'warning'});
	for (const l of (state.detail ?? '').split('\n').filter(Boolean).slice(0, 8)) head.push({text: `  ${l}`, role: 'error'});
	const body: WizardLine[] = [];
	for (const note of state.notes) body.push({text: note, role: 'muted'});
	if (state.plan) {
		if (state.phase === 'plan') {
			for (const l of formatPlan(state.plan).trimEnd().split('\n')) body.push({text: l, role: l.startsWith('#') ? 'title' : 'text'});
		} else {
			for (const note of state.plan.notes ?? []) body.push({text: `# ${note}`, role: 'muted'});
			body.push({text: `# ${state.plan.title}`, role: 'title'});
			state.plan.steps.forEach((step, i) => {
				const status = state.statuses[i] ?? {state: 'pending'};
				const what = step.kind === 'write' ? `write ${step.path}` : step.command.split('\n')[0];
				const role: LineRole = status.state === 'done' ? 'ok' : status.state === 'failed' ? 'error' : status.state === 'running' || status.state === 'manual' ? 'warning' : 'text';
				body.push({text: `${MARK[status.state]} ${i + 1}. [${step.host}] ${step.title}`, role});
				body.push({text: `     $ ${what}`, role: 'muted'});
				if (step.kind === 'pane' && status.state === 'manual') for (const n of step.notes ?? []) body.push({text: `       ${n}`, role: 'muted'});
				body.push(...statusLines(status));
			});
		}
	}
	const footers: Record<string, string> = {
		plan: readOnly ? 'read-only: nothing can run · b back · ↑/↓ scroll · Esc close' : 'r run it · b back to the form · ↑/↓/PgUp/PgDn scroll · Esc close',
		running: 'running… · ↑/↓ scroll · Esc hides this (it keeps going)',
		paused: 'n next step · ↑/↓ scroll · Esc hides this (C-a W comes back here)',
		failed: 'r resume from the failed step · b back to the form · ↑/↓ scroll',
		done: 'Enter close · ↑/↓ scroll',
	};
	return {title, head, body, footer: footers[state.phase] ?? ''};
}
