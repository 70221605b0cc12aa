// The IPVS panel's keys: cursor, sort, filter, and the actions — each planned, previewed as the
// exact ipvsadm command with a confirm (y), then run. Works on the ipvs slice through get/update
// so the side panel, the C-a i overlay and tests share it.
import type {Key} from '../keymap/key-parser.js';
import {configuredWeight, type ConfigNames} from '../domain/ipvs/ipvs-config-match.js';
import {
	planAddServer,
	planAddService,
	planDeleteService,
	planDrain,
	planEditService,
	planRemoveServer,
	planSaveRules,
	planSetWeight,
	MAX_WEIGHT,
	type PlannedCommand,
} from '../domain/ipvs/ipvs-plan.js';
import {
	ADD_SERVER_HINT,
	SERVICE_HINT,
	SERVICE_SETTINGS_HINT,
	parseAddServerInput,
	parseServiceInput,
	parseServiceSettingsInput,
	parseWeightInput,
} from '../domain/ipvs/ipvs-prompt.js';
import {nextSort, type IpvsRow} from '../domain/ipvs/ipvs-rows.js';
import {backupStamp} from '../domain/backup-name.js';
import type {Result} from '../domain/result.js';
import {
	actionChanged,
	drainChanged,
	moveCursor,
	selectRows,
	selectedRow,
	setConfirm,
	setFilter,
	setPrompt,
	setSort,
	type IpvsConfirm,
	type IpvsData,
	type IpvsPrompt,
} from '../store/ipvs-slice.js';
import {READ_ONLY_MESSAGE, serverTarget, serviceTarget, type IpvsActions} from './ipvs-actions.js';

export interface IpvsPanelControllerOptions {
	get(): IpvsData;
	update(reduce: (data: IpvsData) => IpvsData): void;
	actions: IpvsActions;
	readOnly(): boolean;
	/** For "restore the configured weight" (R). */
	config?: ConfigNames;
	now?: () => number;
	/** A timestamp for rules-file backups (default: backupStamp, UTC YYYYmmdd-HHMMSS like every lvs-tui backup). */
	stamp?: () => string;
	/** The app's confirm dialog; it must call runConfirmed(confirm) on y. Without it the panel asks inside itself. */
	confirmWith?(confirm: IpvsConfirm): void;
}

/** Keys the panel documents (help overlay, README). */
export const IPVS_PANEL_KEYS: ReadonlyArray<[string, string]> = [
	['↑/↓ j/k', 'select a row (PgUp/PgDn, Home/End)'],
	['+ / -', 'weight up / down by one'],
	['w', 'set weight'],
	['d', 'drain (weight 0), then watch connections fall'],
	['R', 'restore the configured weight'],
	['x', 'remove the real server'],
	['a', 'add a real server to the service'],
	['s', 'sort by the next column'],
	['/', 'filter (Enter keeps, Esc clears)'],
	['S', 'save the table to the rules file'],
	['N / E / D', 'add / edit / delete a service'],
];

function printable(key: Key): string | null {
	if (key.name === 'space') return ' ';
	if (key.name === 'paste') return key.raw.replace(/[\r\n]/g, ' ');
	if ([...key.name].length === 1 && key.raw === key.name) return key.raw;
	return null;
}

const defaultStamp = () => backupStamp(new Date());

export class IpvsPanelController {
	constructor(private readonly o: IpvsPanelControllerOptions) {}

	private get data(): IpvsData {
		return this.o.get();
	}

	private message(text: string, state: 'refused' | 'failed' = 'refused'): void {
		const host = this.data.view.director;
		this.o.update(actionChanged({host, summary: text, command: '', state, message: text, output: '', exitCode: null, at: (this.o.now ?? Date.now)()}));
	}

	/** Handle a key while the panel (or its overlay) has focus; false lets the core have it (Tab, Esc with nothing to close). */
	handleKey(key: Key): boolean {
		const view = this.data.view;
		if (view.confirm) {
			const confirm = view.confirm;
			this.o.update(setConfirm(null));
			if (key.name === 'y' || key.name === 'Y') void this.runConfirmed(confirm);
			else this.message('cancelled: nothing was changed');
			return true;
		}
		if (view.prompt) return this.promptKey(view.prompt, key);
		if (view.filterEditing) return this.filterKey(key);
		switch (key.name) {
			case 'up':
			case 'k':
				this.o.update(moveCursor(-1));
				return true;
			case 'down':
			case 'j':
				this.o.update(moveCursor(1));
				return true;
			case 'pgup':
				this.o.update(moveCursor(-10));
				return true;
			case 'pgdn':
				this.o.update(moveCursor(10));
				return true;
			case 'home':
			case 'g':
				this.o.update(moveCursor(-1e9));
				return true;
			case 'end':
			case 'G':
				this.o.update(moveCursor(1e9));
				return true;
			case 's':
				this.o.update(setSort(nextSort(view.sort)));
				return true;
			case '/':
				this.o.update(setFilter(view.filter, true));
				return true;
			case 'escape':
				if (view.filter) {
					this.o.update(setFilter('', false));
					return true;
				}
				if (this.data.drain) {
					this.o.update(drainChanged(null));
					return true;
				}
				return false;
			case '+':
			case '=':
				void this.adjustWeight(1);
				return true;
			case '-':
				void this.adjustWeight(-1);
				return true;
			case 'w':
				return this.withServer(row => this.openPrompt({purpose: 'weight', label: `weight for ${row.label}`, hint: `0–${MAX_WEIGHT}`, text: String(row.server.weight ?? ''), rowKey: row.key}));
			case 'd':
				void this.drain();
				return true;
			case 'R':
				void this.restore();
				return true;
			case 'x':
				return this.withServer(row => this.ask(planRemoveServer(serviceTarget(row.service), serverTarget(row.server), row.server.activeConns), this.endsDrain(row)));
			case 'a':
				return this.withService(service =>
					this.openPrompt({purpose: 'add-server', label: `add a real server to ${service.label}`, hint: ADD_SERVER_HINT, text: '', rowKey: service.service.key}),
				);
			case 'N':
				return this.openPrompt({purpose: 'add-service', label: 'add a virtual service', hint: SERVICE_HINT, text: ''});
			case 'E':
				return this.withService(row => {
					const s = row.service;
					const text = [s.scheduler ?? '', s.persistent ? `-p ${s.persistent}` : '', s.netmask ? `-M ${s.netmask}` : '', s.schedulerFlags.length ? `-b ${s.schedulerFlags.join(',')}` : '']
						.filter(Boolean)
						.join(' ');
					return this.openPrompt({purpose: 'edit-service', label: `edit ${row.label}`, hint: SERVICE_SETTINGS_HINT, text, rowKey: row.service.key});
				});
			case 'D':
				return this.withService(row => this.ask(planDeleteService(serviceTarget(row.service), row.service.realServers.length)));
			case 'S':
				void this.save();
				return true;
			default:
				return false;
		}
	}

	private row(): IpvsRow | undefined {
		return selectedRow(this.data);
	}

	private withServer(f: (row: Extract<IpvsRow, {kind: 'server'}>) => boolean | void): boolean {
		const row = this.row();
		if (!row || row.kind !== 'server') {
			this.message('select a real server row first (↑/↓)');
			return true;
		}
		f(row);
		return true;
	}

	/** The selected service, or the service of the selected server. */
	private withService(f: (row: {service: IpvsRow['service']; label: string}) => boolean | void): boolean {
		const row = this.row();
		if (!row) {
			this.message('no service selected');
			return true;
		}
		const label = row.kind === 'service' ? row.label : selectRows(this.data).find(r => r.key === row.service.key)?.label ?? row.service.key;
		f({service: row.service, label});
		return true;
	}

	private openPrompt(prompt: IpvsPrompt): boolean {
		if (this.o.readOnly()) {
			this.message(READ_ONLY_MESSAGE);
			return true;
		}
		this.o.update(setPrompt(prompt));
		return true;
	}

	private ask(plan: Result<PlannedCommand>, then?: IpvsConfirm['then']): void {
		if (this.o.readOnly()) return this.message(READ_ONLY_MESSAGE);
		if (!plan.ok) return this.message(plan.error.message);
		const confirm: IpvsConfirm = {host: this.data.view.director, plan: plan.value};
		if (then) confirm.then = then;
		if (this.o.confirmWith) this.o.confirmWith(confirm);
		else this.o.update(setConfirm(confirm));
	}

	/** Run a plan the user confirmed (y), then start or end the drain watch it asked for. */
	async runConfirmed(confirm: IpvsConfirm): Promise<void> {
		const record = await this.o.actions.run(confirm.host, confirm.plan);
		if (record.state !== 'done') return;
		const then = confirm.then;
		if (then?.kind === 'watch-drain') {
			this.o.update(drainChanged({host: confirm.host, serviceKey: then.serviceKey, serverKey: then.serverKey, startedAt: (this.o.now ?? Date.now)(), restoreWeight: then.restoreWeight}));
			return;
		}
		// A remove or a restore of the watched server ends the watch.
		if (then?.kind === 'end-drain') this.o.update(drainChanged(null));
	}

	private async adjustWeight(delta: number): Promise<void> {
		const row = this.row();
		if (!row || row.kind !== 'server') return this.message('select a real server row first (↑/↓)');
		if (this.o.readOnly()) return this.message(READ_ONLY_MESSAGE);
		const weight = (row.server.weight ?? 0) + delta;
		const settings = await this.o.actions.serverSettings(this.data.view.director, row.service, row.server);
		this.ask(planSetWeight(serviceTarget(row.service), serverTarget(row.server), settings, weight));
	}

	private async drain(): Promise<void> {
		const row = this.row();
		if (!row || row.kind !== 'server') return this.message('select a real server row first (↑/↓)');
		if (this.o.readOnly()) return this.message(READ_ONLY_MESSAGE);
		const settings = await this.o.actions.serverSettings(this.data.view.director, row.service, row.server);
		const restoreWeight = configuredWeight(this.o.config, row.service, row.server) ?? (row.server.weight || undefined);
		this.ask(planDrain(serviceTarget(row.service), serverTarget(row.server), settings), {kind: 'watch-drain', serviceKey: row.service.key, serverKey: row.server.key, restoreWeight});
	}

	private async restore(): Promise<void> {
		const row = this.row();
		if (!row || row.kind !== 'server') return this.message('select a real server row first (↑/↓)');
		if (this.o.readOnly()) return this.message(READ_ONLY_MESSAGE);
		const d = this.data.drain;
		const fromDrain = d && d.serviceKey === row.service.key && d.serverKey === row.server.key ? d.restoreWeight : undefined;
		const weight = configuredWeight(this.o.config, row.service, row.server) ?? fromDrain;
		if (weight === undefined) return this.message(`the config gives ${row.label} no weight in this service; use w to set one`);
		const settings = await this.o.actions.serverSettings(this.data.view.director, row.service, row.server);
		this.ask(planSetWeight(serviceTarget(row.service), serverTarget(row.server), settings, weight), this.endsDrain(row));
	}

	private endsDrain(row: Extract<IpvsRow, {kind: 'server'}>): IpvsConfirm['then'] {
		const d = this.data.drain;
		return d && d.serviceKey === row.service.key && d.serverKey === row.server.key ? {kind: 'end-drain'} : undefined;
	}

	private async save(): Promise<void> {
		if (this.o.readOnly()) return this.message(READ_ONLY_MESSAGE);
		const path = await this.o.actions.rulesFile(this.data.view.director);
		this.ask(planSaveRules(path, (this.o.stamp ?? defaultStamp)()));
	}

	private filterKey(key: Key): boolean {
		const f = this.data.view.filter;
		if (key.name === 'enter') this.o.update(setFilter(f, false));
		else if (key.name === 'escape') this.o.update(setFilter('', false));
		else if (key.name === 'backspace') this.o.update(setFilter(f.slice(0, -1), true));
		else {
			const ch = printable(key);
			if (ch) this.o.update(setFilter(f + ch, true));
		}
		return true;
	}

	private promptKey(prompt: IpvsPrompt, key: Key): boolean {
		if (key.name === 'escape') {
			this.o.update(setPrompt(null));
			return true;
		}
		if (key.name === 'backspace') {
			this.o.update(setPrompt({...prompt, text: prompt.text.slice(0, -1), error: undefined}));
			return true;
		}
		if (key.name === 'enter') {
			void this.submitPrompt(prompt);
			return true;
		}
		const ch = printable(key);
		if (ch) this.o.update(setPrompt({...prompt, text: prompt.text + ch, error: undefined}));
		return true;
	}

	private async submitPrompt(prompt: IpvsPrompt): Promise<void> {
		const rows = selectRows(this.data);
		const row = rows.find(r => r.key === prompt.rowKey);
		const reject = (message: string) => this.o.update(setPrompt({...prompt, error: message}));
		let plan: Result<PlannedCommand>;
		switch (prompt.purpose) {
			case 'weight': {
				if (!row || row.kind !== 'server') return reject('that server is no longer in the table');
				const w = parseWeightInput(prompt.text);
				if (!w.ok) return reject(w.error.message);
				const settings = await this.o.actions.serverSettings(this.data.view.director, row.service, row.server);
				plan = planSetWeight(serviceTarget(row.service), serverTarget(row.server), settings, w.value);
				break;
			}
			case 'add-server': {
				const service = this.data.directors[this.data.view.director]?.table?.services.find(s => s.key === prompt.rowKey);
				if (!service) return reject('that service is no longer in the table');
				const first = service.realServers[0]?.forward;
				const input = parseAddServerInput(prompt.text, first && first !== 'local' && first !== 'bypass' ? first : 'masq');
				if (!input.ok) return reject(input.error.message);
				plan = planAddServer(serviceTarget(service), input.value.server, input.value.forward, input.value.weight);
				break;
			}
			case 'add-service': {
				const input = parseServiceInput(prompt.text);
				if (!input.ok) return reject(input.error.message);
				plan = planAddService(input.value.service, input.value.settings);
				break;
			}
			case 'edit-service': {
				const service = this.data.directors[this.data.view.director]?.table?.services.find(s => s.key === prompt.rowKey);
				if (!service) return reject('that service is no longer in the table');
				const settings = parseServiceSettingsInput(prompt.text.trim().split(/\s+/).filter(Boolean));
				if (!settings.ok) return reject(settings.error.message);
				plan = planEditService(serviceTarget(service), settings.value);
				break;
			}
		}
		if (!plan.ok) return reject(plan.error.message);
		this.o.update(setPrompt(null));
		this.ask(plan);
	}
}
