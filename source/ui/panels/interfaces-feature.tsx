// Plugs the interfaces panel and the VIP key into the core: registers the side panel, the VIP pick
// list overlay and the actions 'vip.toggle' (F2, C-a v), 'vip.up.confirmed', 'vip.down.confirmed'.
// Down asks first (options.confirmVipDown); up runs at once unless keepalived may own the VIP. The
// outcome goes to the status line and, with every exact command, to the panel.
import {formatError} from '../../domain/result.js';
import type {VipSpec} from '../../domain/net/vip-spec.js';
import type {Key} from '../../keymap/key-parser.js';
import type {ClusterConfig} from '../../domain/config/cluster-config.js';
import {AuditLog} from '../../services/audit-log.js';
import {createHostTransports, type HostTransports} from '../../services/host-transports.js';
import {InterfacesPoller, type InterfacesPublish} from '../../services/interfaces-poller.js';
import type {CommandRunner} from '../../transports/command-runner.js';
import {VipControl, type VipOutcome} from '../../services/vip-control.js';
import type {AppStore} from '../../store/app-store.js';
import type {PanelRegistry} from '../panel-registry.js';
import type {ActionHandler} from '../app-controller.js';
import type {ConfirmOverlay} from '../../store/app-store.js';
import {InterfacesPanel, interfacesRowsWanted} from './interfaces-panel.js';
import {isVipPickPayload, VipPickerOverlay} from './interfaces-vip-picker.js';
import {wrapText} from './interfaces-panel-lines.js';

/** The confirm dialog is at most 64 columns and truncates: wrap so every word shows. */
const dialogLines = (lines: string[]): string[] => lines.flatMap(l => wrapText(l, 58, '  '));

export const VIP_PICK_OVERLAY = 'vip.pick';

export interface InterfacesFeatureDeps {
	store: AppStore;
	panels: PanelRegistry;
	control: VipControl;
	/** AppController.registerAction */
	registerAction(id: string, handler: ActionHandler): void;
	/** AppController.confirm */
	confirm(spec: Omit<ConfirmOverlay, 'kind'>): void;
	confirmVipDown: boolean;
}

export function registerInterfacesFeature(deps: InterfacesFeatureDeps): VipToggleFlow {
	const flow = new VipToggleFlow(deps);
	// With the panel focused (C-a Tab), Enter or v is the VIP key too.
	deps.panels.register({
		id: 'interfaces',
		title: 'Interfaces',
		Component: InterfacesPanel,
		rowsWanted: interfacesRowsWanted,
		handleKey: key => {
			if (key.name !== 'enter' && key.name !== 'v') return false;
			flow.toggle();
			return true;
		},
	});
	deps.panels.registerOverlay({id: VIP_PICK_OVERLAY, Component: VipPickerOverlay, handleKey: (key, payload) => flow.pickKey(key, payload)});
	deps.registerAction('vip.toggle', () => flow.toggle());
	for (const direction of ['up', 'down'] as const) {
		deps.registerAction(`vip.${direction}.confirmed`, payload => {
			const spec = flow.specFor(payload);
			if (spec) void flow.run(direction, spec);
		});
	}
	return flow;
}

/** The decisions behind the VIP key, apart from drawing: which VIP, ask or not, then run. */
export class VipToggleFlow {
	constructor(private readonly deps: InterfacesFeatureDeps) {}

	private specs(): VipSpec[] {
		return this.deps.store.getState().interfaces.vips.flatMap(v => (v.spec ? [v.spec] : []));
	}

	specFor(address: unknown): VipSpec | undefined {
		return this.specs().find(s => s.address === address);
	}

	/** F2 / C-a v. */
	toggle(): void {
		const state = this.deps.store.getState();
		if (this.deps.control.busy) return state.showStatus(`a VIP change is still running on ${this.deps.control.host}: wait for it to finish`, 'error');
		const specs = this.specs();
		if (specs.length === 0) {
			const invalid = state.interfaces.vips.find(v => v.error);
			return state.showStatus(invalid ? `VIP not usable: ${invalid.error}` : 'no VIP in the config (add one under vips:)', 'error');
		}
		if (specs.length === 1) {
			void this.toggleOne(specs[0]);
			return;
		}
		state.pushOverlay({kind: 'feature', id: VIP_PICK_OVERLAY, payload: {selected: 0}});
	}

	/** Keys in the pick list; false closes it. */
	pickKey(key: Key, payload: unknown): boolean {
		const state = this.deps.store.getState();
		const specs = this.specs();
		const selected = isVipPickPayload(payload) ? payload.selected : 0;
		const move = (to: number) => {
			state.updateOverlay({kind: 'feature', id: VIP_PICK_OVERLAY, payload: {selected: Math.max(0, Math.min(specs.length - 1, to))}});
			return true;
		};
		if (key.name === 'up' || key.name === 'k') return move(selected - 1);
		if (key.name === 'down' || key.name === 'j') return move(selected + 1);
		let chosen: VipSpec | undefined;
		if (key.name === 'enter') chosen = specs[selected];
		else if (/^[1-9]$/.test(key.name)) chosen = specs[Number(key.name) - 1];
		if (!chosen) return false;
		state.popOverlay();
		void this.toggleOne(chosen);
		return true;
	}

	/**
	 * Reads the director first (the panel may be stale), then: down asks (unless confirmVipDown is
	 * off), up asks only when keepalived may own the VIP, read-only goes straight to the refusal.
	 */
	async toggleOne(spec: VipSpec): Promise<void> {
		const state = this.deps.store.getState();
		if (state.readOnly) {
			await this.run('up', spec);
			return;
		}
		state.showStatus(`reading ${this.deps.control.host}…`);
		const preview = await this.deps.control.preview('toggle', spec);
		const after = this.deps.store.getState();
		if (!preview.ok) {
			after.showStatus(formatError(preview.error).split('\n')[0], 'error');
			return;
		}
		const {plan, warnings} = preview.value;
		if (plan.kind === 'noop' || (plan.direction === 'down' && !this.deps.confirmVipDown) || (plan.direction === 'up' && warnings.length === 0)) {
			after.clearStatus();
			await this.run(plan.direction, spec);
			return;
		}
		const commands = plan.steps.filter(s => s.purpose === 'add' || s.purpose === 'delete').map(s => s.command).join('; ');
		after.clearStatus();
		if (plan.direction === 'down') {
			this.deps.confirm({
				title: `Take VIP ${spec.address} down?`,
				body: dialogLines([`On ${this.deps.control.host}: ${commands}`, 'Clients of this VIP lose the service until it is up again.']),
				confirmKey: 'y',
				onConfirm: {action: 'vip.down.confirmed', payload: spec.address},
			});
		} else {
			this.deps.confirm({
				title: `Bring VIP ${spec.address} up although keepalived may own it?`,
				body: dialogLines([...warnings, `On ${this.deps.control.host}: ${commands}`]),
				confirmKey: 'y',
				onConfirm: {action: 'vip.up.confirmed', payload: spec.address},
			});
		}
	}

	async run(direction: 'up' | 'down', spec: VipSpec): Promise<VipOutcome | null> {
		const state = this.deps.store.getState();
		state.showStatus(`${direction === 'up' ? 'bringing up' : 'taking down'} VIP ${spec.address}…`);
		const result = await this.deps.control.change(direction, spec);
		const after = this.deps.store.getState();
		if (!result.ok) {
			after.showStatus(formatError(result.error).split('\n')[0], 'error');
			return null;
		}
		const outcome = result.value;
		const extra = outcome.notes.length > 0 ? ` (${outcome.notes[0]})` : '';
		after.showStatus(outcome.message + extra, outcome.state === 'failed' ? 'error' : 'info');
		return outcome;
	}
}

export interface InterfacesAttachment {
	poller: InterfacesPoller;
	control: VipControl;
	flow: VipToggleFlow;
	/** Stop polling (the SSH pool is the caller's to close). */
	stop(): void;
}

/**
 * Everything the interfaces feature needs, in one call for compose.ts / the ui command: runners
 * for the director and the real servers (from `hosts`, the app's host transports; without it the
 * feature makes its own and closes them on stop), VipControl
 * with the audit log, the poller publishing into the store, and the panel/keys registered. The
 * store must have been created with createInterfacesSlice(config).
 */
export function attachInterfaces(
	app: {config: ClusterConfig; store: AppStore; panels: PanelRegistry; controller: {registerAction(id: string, handler: ActionHandler): void; confirm(spec: Omit<ConfirmOverlay, 'kind'>): void}},
	options: {hosts?: Pick<HostTransports, 'get'> | {get(host: string): {runner: CommandRunner} | undefined}; audit?: AuditLog; start?: boolean; director?: CommandRunner; realServers?: CommandRunner[]},
): InterfacesAttachment {
	const {config, store} = app;
	const publish = (reduce: Parameters<InterfacesPublish>[0]) => store.getState().updateInterfaces(reduce);
	const own = options.hosts || (options.director && options.realServers) ? null : createHostTransports(config);
	const hosts = options.hosts ?? own;
	const runnerOf = (name: string): CommandRunner => hosts!.get(name)!.runner;
	const director = options.director ?? runnerOf(config.director.name);
	const control = new VipControl({
		director,
		audit: options.audit ?? new AuditLog(config.options.auditLog),
		readOnly: store.getState().readOnly,
		publish,
		lvsType: config.lvsType,
	});
	const poller = new InterfacesPoller({
		director,
		realServers: options.realServers ?? config.realServers.map(rs => runnerOf(rs.name)),
		publish,
		intervalMs: config.options.pollIntervalMs,
	});
	const flow = registerInterfacesFeature({
		store,
		panels: app.panels,
		control,
		registerAction: (id, handler) => app.controller.registerAction(id, handler),
		confirm: spec => app.controller.confirm(spec),
		confirmVipDown: config.options.confirmVipDown,
	});
	if (options.start !== false) poller.start();
	return {
		poller,
		control,
		flow,
		stop: () => {
			poller.stop();
			own?.close();
		},
	};
}
