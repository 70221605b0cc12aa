// Drives the add/remove-node wizard (C-a +): the form (add: name, MAC, IP proposed as the next free
// address, weight, services, kickstart and its root password; remove: name, keep DHCP/hosts), then
// the plan from a dry run, then the real run with progress; a failed or cancelled add resumes from
// its saved state with 'r'. A new node's host key is asked in the overlay (y/n). Writes only the
// nodeWizard slice.
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import type {NodeAddRequest} from '../domain/node/node-add-state.js';
import {parseHostsEntries} from '../domain/node/hosts-file.js';
import {proposeNextAddress} from '../domain/node/next-free-address.js';
import {nodeHostConfig} from '../domain/node/node-plan.js';
import {formatError} from '../domain/result.js';
import {validateHostName, validateIpv4, validateMac} from '../domain/wizards/net-values.js';
import {numberToIpv4} from '../domain/net/ip-address.js';
import {initialNodeWizardState, nodeWizardFields, type NodeWizardField, type NodeWizardState} from '../store/node-wizard-slice.js';
import type {HostKeyQuestion, SshPrompter} from '../transports/ssh/ssh-prompter.js';
import {adminPublicKey} from './admin-public-key.js';
import type {AuditLog} from './audit-log.js';
import {hashRootPassword} from './kickstart-password.js';
import type {NodeProgress, NodeTimings} from './node-add-context.js';
import {readNodeFacts, runNodeAdd, type NodeAddOutcome} from './node-add-runner.js';
import {runNodeRemove, type NodeRemoveOutcome} from './node-remove-runner.js';
import {NodeSession} from './node-session.js';
import {NodeStateStore} from './node-state-store.js';

export interface NodeWizardKey {
	name: string;
	raw: string;
}

export interface NodeWizardDeps {
	get(): NodeWizardState;
	update(reduce: (state: NodeWizardState) => NodeWizardState): void;
	config: ClusterConfig;
	audit: AuditLog;
	readOnly(): boolean;
	store?: NodeStateStore;
	timings?: Partial<NodeTimings>;
	/** The admin's public key for the kickstart's authorized_keys. */
	sshPublicKey?: string;
	/** Connections for a run (tests give their own settings); default NodeSession. */
	session?(node: {name: string; ip: string} | null, prompter: SshPrompter): NodeSession;
}

const PAGE = 10;

export function validateField(field: NodeWizardField, values: NodeWizardState['values'], passwordLength: number): string | null {
	switch (field) {
		case 'name':
			return validateHostName(values.name) ?? (values.name.includes('.') ? 'use the short name (rs3)' : null);
		case 'mac':
			return values.action === 'remove' ? null : validateMac(values.mac);
		case 'ip':
			return values.action === 'remove' ? null : validateIpv4(values.ip);
		case 'weight':
			return values.action === 'remove' || /^\d+$/.test(values.weight) && Number(values.weight) <= 65535 ? null : 'a whole number 0-65535';
		case 'password':
			return values.action === 'add' && values.kickstart === 'yes' && passwordLength === 0 ? 'the kickstart needs a root password (or set Kickstart to no)' : null;
		default:
			return null;
	}
}

const CHOICES: Partial<Record<NodeWizardField, [string, string]>> = {action: ['add', 'remove'], kickstart: ['yes', 'no'], profile: ['rhel9', 'rh72'], keepDhcp: ['no', 'yes'], keepHosts: ['no', 'yes']};

export class NodeWizardController {
	private password = '';
	private abort: AbortController | null = null;
	private answer: ((yes: boolean) => void) | null = null;
	private nodePassword = '';
	private passwordAnswer: ((password: string | null) => void) | null = null;
	private readonly store: NodeStateStore;

	constructor(private readonly deps: NodeWizardDeps) {
		this.store = deps.store ?? new NodeStateStore();
	}

	/** C-a +: the form (an IP is proposed in the background), unless a run is under way. */
	open(): void {
		const phase = this.deps.get().phase;
		if (['running', 'hostkey', 'password', 'planning', 'failed'].includes(phase)) return;
		this.password = '';
		this.deps.update(() => initialNodeWizardState());
		void this.proposeIp();
	}

	private session(node: {name: string; ip: string} | null): NodeSession {
		const prompter: SshPrompter = {
			confirmHostKey: question => this.askHostKey(question),
			askPassphrase: async () => null,
		};
		if (this.deps.session) return this.deps.session(node, prompter);
		return new NodeSession({config: this.deps.config, node: node ? nodeHostConfig(this.deps.config, node.name, node.ip) : undefined, prompter});
	}

	private askHostKey(question: HostKeyQuestion): Promise<boolean> {
		return new Promise(resolve => {
			this.answer = yes => {
				this.answer = null;
				this.deps.update(s => ({...s, phase: 'running', question: null}));
				resolve(yes);
			};
			this.deps.update(s => ({...s, phase: 'hostkey', question: question.text}));
		});
	}

	/** The node refused the key: ask its password in the overlay (masked; Enter alone skips). */
	private askNodePassword(node: string, user: string): Promise<string | null> {
		return new Promise(resolve => {
			this.nodePassword = '';
			this.passwordAnswer = password => {
				this.passwordAnswer = null;
				this.nodePassword = '';
				this.deps.update(s => ({...s, phase: 'running', question: null, nodePasswordLength: 0}));
				resolve(password);
			};
			this.deps.update(s => ({...s, phase: 'password', nodePasswordLength: 0, question: `${node} answers on SSH but refused your key.\nPassword for ${user}@${node}, used once to add your public key to its authorized_keys (not stored):`}));
		});
	}

	async proposeIp(): Promise<void> {
		const {config} = this.deps;
		const network = config.dip?.network;
		if (!network) return;
		const session = this.session(null);
		try {
			const facts = await readNodeFacts(config, session);
			if (!facts.ok) return;
			const f = facts.value;
			const proposed = proposeNextAddress({
				network,
				realServers: config.realServers.map(r => r.address),
				used: [config.dip!.address, ...config.vips.map(v => v.address), ...(f.dhcp?.conf.hosts.flatMap(h => h.fixedAddresses) ?? []), ...(f.hosts ? parseHostsEntries(f.hosts.text).map(e => e.address) : []), ...(f.ipvs?.services.flatMap(s => s.realServers.map(r => r.address.host)) ?? [])],
				dynamicRanges: (f.dhcp?.conf.ranges ?? []).map(r => [numberToIpv4(r.low), numberToIpv4(r.high)] as [string, string]),
			});
			if (proposed) this.deps.update(s => (s.phase === 'form' && s.values.ip === '' ? {...s, values: {...s.values, ip: proposed}, message: `proposed ${proposed}: the next free address in ${network}`} : s));
		} finally {
			session.close();
		}
	}

	/** Returns false when the overlay should close (the run, if any, keeps going). */
	handleKey(key: NodeWizardKey): boolean {
		const state = this.deps.get();
		switch (state.phase) {
			case 'form':
				return this.formKey(state, key);
			case 'plan':
				if (key.name === 'r' || key.name === 'y') void (state.values.action === 'remove' ? this.remove(false) : this.run(false));
				else if (key.name === 'b') this.deps.update(s => ({...s, phase: 'form', message: null}));
				else this.scroll(key);
				return true;
			case 'running':
				if (key.name === 'c') this.abort?.abort();
				else this.scroll(key);
				return true;
			case 'hostkey':
				if (key.name === 'y') this.answer?.(true);
				else if (key.name === 'n') this.answer?.(false);
				return true;
			case 'password':
				if (key.name === 'enter') this.passwordAnswer?.(this.nodePassword || null);
				else {
					if (key.name === 'backspace') this.nodePassword = [...this.nodePassword].slice(0, -1).join('');
					else if (key.name === '^U') this.nodePassword = '';
					else if (key.name === 'paste') this.nodePassword += key.raw.replace(/[\r\n]+/g, '');
					else if ([...key.raw].length === 1 && key.raw >= ' ' && key.raw !== '\x7f') this.nodePassword += key.raw;
					const length = [...this.nodePassword].length;
					this.deps.update(s => ({...s, nodePasswordLength: length}));
				}
				return true;
			case 'failed':
				if (key.name === 'r') void (state.values.action === 'remove' ? this.remove(false) : this.run(false));
				else if (key.name === 'b') this.deps.update(s => ({...s, phase: 'form'}));
				else this.scroll(key);
				return true;
			case 'refused':
				if (key.name === 'b' || key.name === 'enter') this.deps.update(s => ({...s, phase: 'form'}));
				return true;
			case 'done':
				if (key.name === 'enter' || key.name === 'q') {
					this.password = '';
					this.deps.update(() => initialNodeWizardState());
					return false;
				}
				this.scroll(key);
				return true;
			default:
				return true;
		}
	}

	private scroll(key: NodeWizardKey): void {
		const delta = key.name === 'up' ? -1 : key.name === 'down' ? 1 : key.name === 'pageup' ? -PAGE : key.name === 'pagedown' ? PAGE : 0;
		if (delta) this.deps.update(s => ({...s, scroll: Math.max(0, s.scroll + delta)}));
	}

	private fields(state: NodeWizardState): NodeWizardField[] {
		return nodeWizardFields(state);
	}

	private formKey(state: NodeWizardState, key: NodeWizardKey): boolean {
		const fields = this.fields(state);
		const index = Math.min(state.fieldIndex, fields.length - 1);
		const field = fields[index];
		const move = (delta: number) => {
			const error = validateField(field, state.values, this.password.length);
			this.deps.update(s => ({...s, fieldIndex: (index + delta + fields.length) % fields.length, errors: {...s.errors, [field]: error ?? undefined}}));
		};
		const set = (value: string) => {
			if (field === 'password') {
				this.password = value;
				this.deps.update(s => ({...s, passwordLength: [...value].length, errors: {...s.errors, password: undefined}}));
				return;
			}
			this.deps.update(s => ({...s, values: {...s.values, [field]: value}, errors: {...s.errors, [field]: undefined}}));
		};
		const value = field === 'password' ? this.password : state.values[field];
		const choice = CHOICES[field];
		switch (key.name) {
			case 'tab':
			case 'down':
				move(1);
				return true;
			case 'S-tab':
			case 'up':
				move(-1);
				return true;
			case 'backspace':
				if (!choice) set([...value].slice(0, -1).join(''));
				return true;
			case '^U':
				if (!choice) set('');
				return true;
			case 'left':
			case 'right':
			case 'space':
				if (choice) set(value === choice[0] ? choice[1] : choice[0]);
				return true;
			case 'enter': {
				const errors = Object.fromEntries(fields.map(f => [f, validateField(f, state.values, this.password.length) ?? undefined]));
				const firstBad = fields.findIndex(f => errors[f]);
				if (index < fields.length - 1 && !errors[field]) {
					this.deps.update(s => ({...s, fieldIndex: index + 1}));
					return true;
				}
				if (firstBad >= 0) {
					this.deps.update(s => ({...s, fieldIndex: firstBad, errors}));
					return true;
				}
				if (state.values.action === 'remove') void this.remove(true);
				else void this.run(true);
				return true;
			}
			case 'paste':
				if (!choice) set(value + key.raw.replace(/\s+/g, ''));
				return true;
			default:
				if (!choice && [...key.raw].length === 1 && key.raw > ' ' && key.raw !== '\x7f') set(value + key.raw);
				return true;
		}
	}

	private request(state: NodeWizardState): NodeAddRequest {
		const v = state.values;
		return {name: v.name, mac: v.mac, ip: v.ip, weight: Number(v.weight), services: v.services.split(/[\s,]+/).filter(Boolean), profile: v.profile === 'rh72' ? 'rh72' : 'rhel9'};
	}

	private progress(event: NodeProgress): void {
		this.deps.update(s => {
			switch (event.kind) {
				case 'step':
					return {...s, steps: {...s.steps, [event.id]: event.record}};
				case 'plan':
					return {...s, plan: [...s.plan, `# ${event.id}`, ...event.lines]};
				case 'note':
					return {...s, log: [...s.log, ...event.text.split('\n')]};
				case 'wait': {
					const line = `waiting ${Math.round(event.elapsedMs / 1000)} s for SSH (attempt ${event.attempt}: ${event.lastError})`;
					const log = s.log.at(-1)?.startsWith('waiting ') ? [...s.log.slice(0, -1), line] : [...s.log, line];
					return {...s, log};
				}
				case 'ramp':
					return {...s, log: [...s.log, `${event.service}: weight ${event.weight}/${event.target}, ActiveConn ${event.activeConns}, InActConn ${event.inactiveConns}`]};
				case 'drain': {
					const line = `draining ${event.service}: ${Math.round(event.elapsedMs / 1000)} s, ActiveConn ${event.activeConns}, InActConn ${event.inactiveConns}`;
					const log = s.log.at(-1)?.startsWith(`draining ${event.service}:`) ? [...s.log.slice(0, -1), line] : [...s.log, line];
					return {...s, log};
				}
			}
		});
	}

	/** dryRun: make the plan; otherwise apply it (resuming a saved run). */
	async run(dryRun: boolean): Promise<NodeAddOutcome | null> {
		const state = this.deps.get();
		if (state.phase === 'running' || state.phase === 'planning') return null;
		const request = this.request(state);
		this.abort = new AbortController();
		// A resumed run shows the steps its saved state already did.
		const saved = this.store.load(request.name);
		const steps = saved.ok && saved.value && !dryRun ? saved.value.steps : {};
		this.deps.update(s => ({...s, phase: dryRun ? 'planning' : 'running', plan: dryRun ? [] : s.plan, steps, log: [], message: null, scroll: 0}));
		const session = this.session({name: request.name, ip: request.ip});
		let outcome: NodeAddOutcome;
		try {
			outcome = await runNodeAdd({
				config: this.deps.readOnly() ? {...this.deps.config, options: {...this.deps.config.options, readOnly: true}} : this.deps.config,
				request,
				session,
				audit: this.deps.audit,
				store: this.store,
				dryRun,
				timings: this.deps.timings,
				signal: this.abort.signal,
				onProgress: event => this.progress(event),
				kickstart: {
					skip: state.values.kickstart !== 'yes',
					sshPublicKey: this.deps.sshPublicKey ?? adminPublicKey().key,
					rootPasswordHash: async profile => (this.password ? hashRootPassword(profile, this.password) : null),
					nodePassword: (node, user) => this.askNodePassword(node, user),
				},
			});
		} finally {
			session.close();
			this.abort = null;
		}
		if (outcome.state === 'refused') {
			this.deps.update(s => ({...s, phase: 'refused', message: outcome.errors.map(formatError).join('\n')}));
		} else if (outcome.state === 'dry-run') {
			this.deps.update(s => ({...s, phase: 'plan', message: 'nothing has run yet: r runs it, b goes back to the form'}));
		} else if (outcome.state === 'failed') {
			this.deps.update(s => ({...s, phase: 'failed', message: formatError(outcome.error)}));
		} else {
			this.password = '';
			this.deps.update(s => ({...s, phase: 'done', message: `${request.name} is in the cluster (${request.ip}, weight ${request.weight}); restart lvs-tui to get its pane`}));
		}
		return outcome;
	}
	/** dryRun: show what removing the node would do; otherwise drain and remove it. */
	async remove(dryRun: boolean): Promise<NodeRemoveOutcome | null> {
		const state = this.deps.get();
		if (state.phase === 'running' || state.phase === 'planning') return null;
		const name = state.values.name;
		this.abort = new AbortController();
		this.deps.update(s => ({...s, phase: dryRun ? 'planning' : 'running', plan: dryRun ? [] : s.plan, steps: {}, summary: [], log: [], message: null, scroll: 0}));
		const session = this.session(null);
		let outcome: NodeRemoveOutcome;
		try {
			outcome = await runNodeRemove({
				config: this.deps.readOnly() ? {...this.deps.config, options: {...this.deps.config.options, readOnly: true}} : this.deps.config,
				name,
				session,
				audit: this.deps.audit,
				store: this.store,
				keepDhcp: state.values.keepDhcp === 'yes',
				keepHosts: state.values.keepHosts === 'yes',
				drainTimeoutMs: this.deps.timings?.drainTimeoutMs,
				dryRun,
				signal: this.abort.signal,
				onProgress: event => this.progress(event),
			});
		} finally {
			session.close();
			this.abort = null;
		}
		if (outcome.state === 'refused') this.deps.update(s => ({...s, phase: 'refused', message: outcome.errors.map(formatError).join('\n')}));
		else if (outcome.state === 'dry-run') this.deps.update(s => ({...s, phase: 'plan', summary: outcome.summary, message: 'nothing has run yet: r removes it, b goes back to the form'}));
		else if (outcome.state === 'failed') this.deps.update(s => ({...s, phase: 'failed', summary: outcome.summary, message: formatError(outcome.error)}));
		else this.deps.update(s => ({...s, phase: 'done', summary: outcome.summary, message: `${name} is out of the cluster; restart lvs-tui to drop its pane`}));
		return outcome;
	}
}
