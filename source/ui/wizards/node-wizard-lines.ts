// What the add-node overlay shows, as plain lines with a role each, from the nodeWizard slice:
// the form (password masked, errors under fields), the plan from the dry run, the seven steps with
// their status and the progress log. Pure, so it is tested without Ink.
import {NODE_ADD_STEPS} from '../../domain/node/node-add-state.js';
import {nodeWizardFields, type NodeWizardField, type NodeWizardState} from '../../store/node-wizard-slice.js';
import type {WizardLine} from './wizard-lines.js';

export interface NodeWizardView {
	title: string;
	head: WizardLine[];
	body: WizardLine[];
	footer: string;
}

const LABELS: Record<NodeWizardField, [string, string]> = {
	action: ['Action', 'add a new node, or drain and remove one'],
	name: ['Name', 'short host name, e.g. rs3 (names the pane, the DHCP host, /etc/hosts)'],
	mac: ['MAC address', 'of the new PC, e.g. 00:16:3e:aa:bb:03'],
	ip: ['IP address', 'proposed: the next free address on the real servers\' network'],
	weight: ['Weight', 'IPVS weight to ramp up to (0 joins drained)'],
	services: ['Services', 'VIP:PORT list; empty joins every service in the config'],
	kickstart: ['Kickstart', 'write NAME.cfg for the installer (no: install it your own way)'],
	profile: ['Installer', 'rhel9: RHEL/Rocky/Alma 8-10 · rh72: the seed\'s Red Hat 7.2'],
	password: ['Root password', 'for the kickstart; only its crypt hash is written'],
	keepDhcp: ['Keep its DHCP reservation', 'yes keeps the host block in dhcpd.conf'],
	keepHosts: ['Keep its /etc/hosts entry', 'yes keeps the line on the director'],
};

const CHOICE_FIELDS: readonly NodeWizardField[] = ['action', 'kickstart', 'profile', 'keepDhcp', 'keepHosts'];

const MARK = {pending: ' ', running: '>', done: '✓', failed: '✗', skipped: '-'} as const;

export function nodeWizardView(state: NodeWizardState, readOnly: boolean): NodeWizardView {
	const removing = state.values.action === 'remove';
	const title = `${removing ? 'Remove' : 'Add'} a node${readOnly ? ' (read-only: plan only)' : ''}`;
	if (state.phase === 'form') {
		const fields = nodeWizardFields(state);
		const body: WizardLine[] = [];
		fields.forEach((field, i) => {
			const current = i === Math.min(state.fieldIndex, fields.length - 1);
			const choice = CHOICE_FIELDS.includes(field);
			const value = field === 'password' ? '•'.repeat(state.passwordLength) : choice ? `< ${state.values[field as Exclude<NodeWizardField, 'password'>]} >` : state.values[field as Exclude<NodeWizardField, 'password'>];
			const shown = field === 'services' && value === '' && !current ? '(all)' : value;
			body.push({text: `${current ? '▶' : ' '} ${LABELS[field][0]}: ${shown}${current && !choice ? '_' : ''}`, role: current ? 'selected' : 'text'});
			const error = state.errors[field];
			if (error) body.push({text: `    ${error}`, role: 'error'});
			else if (current) body.push({text: `    ${LABELS[field][1]}`, role: 'muted'});
		});
		const head: WizardLine[] = state.message ? [{text: state.message, role: 'muted'}] : [];
		return {title, head, body, footer: 'Tab/↓ next field · Enter on the last field shows the plan · Esc close'};
	}
	if (state.phase === 'planning') return {title, head: [{text: 'reading the director and making the plan…', role: 'muted'}], body: [], footer: 'Esc hides this'};
	if (state.phase === 'refused') {
		const body = (state.message ?? 'refused').split('\n').map(text => ({text, role: 'error'}) as WizardLine);
		body.push({text: 'nothing was changed', role: 'muted'});
		return {title, head: [], body, footer: 'b/Enter back to the form · Esc close'};
	}
	if (state.phase === 'plan') {
		const body = state.plan.map(text => ({text, role: text.startsWith('#') ? 'title' : 'text'}) as WizardLine);
		for (const text of state.summary) body.push({text, role: 'text'});
		return {title: `${title}: ${state.values.name}${removing ? '' : ` ${state.values.ip}`}`, head: [{text: state.message ?? '', role: 'warning'}], body, footer: `${readOnly ? '' : 'r run it · '}b back · ↑/↓ scroll · Esc close`};
	}
	const head: WizardLine[] = [];
	if (state.phase === 'hostkey') {
		for (const text of (state.question ?? '').split('\n')) head.push({text, role: 'warning'});
		head.push({text: 'y accept and record it · n refuse', role: 'selected'});
	} else if (state.phase === 'password') {
		for (const text of (state.question ?? '').split('\n')) head.push({text, role: 'warning'});
		head.push({text: `▶ ${'•'.repeat(state.nodePasswordLength)}_   (Enter sends it; Enter alone skips)`, role: 'selected'});
	} else if (state.message) {
		for (const text of state.message.split('\n')) head.push({text, role: state.phase === 'failed' ? 'error' : state.phase === 'done' ? 'ok' : 'warning'});
	}
	const body: WizardLine[] = removing ? state.summary.map(text => ({text, role: 'ok'}) as WizardLine) : NODE_ADD_STEPS.map((s, i) => {
		const record = state.steps[s.id];
		const status = record?.status ?? 'pending';
		const detail = record?.detail ? `: ${record.detail}` : '';
		return {text: `${MARK[status]} ${i + 1}. ${s.title}${detail}`, role: status === 'failed' ? 'error' : status === 'done' ? 'ok' : status === 'running' ? 'selected' : 'text'};
	});
	for (const text of state.log) body.push({text: `  ${text}`, role: 'muted'});
	const footer =
		state.phase === 'running' ? 'c cancel (resumable) · ↑/↓ scroll · Esc hide (it keeps going)' : state.phase === 'failed' ? `r ${removing ? 'try again' : 'resume from the failed step'} · b back to the form · Esc close` : state.phase === 'done' ? 'Enter close' : '';
	return {title: `${title}: ${state.values.name}${removing ? '' : ` ${state.values.ip}`}`, head, body, footer};
}
