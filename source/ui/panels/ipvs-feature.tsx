// Plugs the IPVS table into the core: the side panel (keys while it has focus), the full-screen
// overlay on C-a i ('ipvs.overlay'), and 'ipvs.run' — what the generic confirm dialog calls when
// the user presses y on a previewed ipvsadm command.
import type {ConfirmOverlay} from '../../store/app-store.js';
import type {AppStore} from '../../store/app-store.js';
import type {PanelRegistry} from '../panel-registry.js';
import type {ActionHandler} from '../app-controller.js';
import type {IpvsConfirm, IpvsData} from '../../store/ipvs-slice.js';
import {IpvsPanelController} from '../../services/ipvs-panel-controller.js';
import {IpvsActions} from '../../services/ipvs-actions.js';
import {IpvsPoller} from '../../services/ipvs-poller.js';
import {AuditLog} from '../../services/audit-log.js';
import type {CommandRunner} from '../../transports/command-runner.js';
import type {ClusterConfig} from '../../domain/config/cluster-config.js';
import type {ConfigNames} from '../../domain/ipvs/ipvs-config-match.js';
import {IpvsOverlay, IpvsPanel, ipvsRowsWanted} from './ipvs-panel.js';

export const IPVS_OVERLAY = 'ipvs.table';
export const IPVS_RUN_ACTION = 'ipvs.run';

export interface IpvsFeatureDeps {
	store: AppStore;
	panels: PanelRegistry;
	actions: IpvsActions;
	/** AppController.registerAction */
	registerAction(id: string, handler: ActionHandler): void;
	/** AppController.confirm; without it the panel asks inside itself. */
	confirm?(spec: Omit<ConfirmOverlay, 'kind'>): void;
	config?: ConfigNames;
}

/** Split a long command so the confirm dialog (≤ 64 columns, truncating) shows all of it. */
export function confirmBody(confirm: IpvsConfirm, width = 60): string[] {
	const chunks = (text: string) => {
		const out: string[] = [];
		for (let i = 0; i < text.length; i += width) out.push(text.slice(i, i + width));
		return out;
	};
	return [`On ${confirm.host}:`, ...chunks(`$ ${confirm.plan.command}`), ...confirm.plan.warnings.flatMap(w => chunks(`! ${w}`))];
}

export function registerIpvsFeature(deps: IpvsFeatureDeps): IpvsPanelController {
	const {store} = deps;
	const controller = new IpvsPanelController({
		get: () => store.getState().ipvs,
		update: reduce => store.getState().updateIpvs(reduce),
		actions: deps.actions,
		readOnly: () => store.getState().readOnly,
		config: deps.config,
		confirmWith: deps.confirm
			? confirm =>
					deps.confirm!({
						title: `${confirm.plan.summary}?`,
						body: confirmBody(confirm),
						confirmKey: 'y',
						onConfirm: {action: IPVS_RUN_ACTION, payload: confirm},
					})
			: undefined,
	});
	deps.panels.register({id: 'ipvs', title: 'IPVS', Component: IpvsPanel, weight: 2, rowsWanted: ipvsRowsWanted, handleKey: key => controller.handleKey(key)});
	deps.panels.registerOverlay({
		id: IPVS_OVERLAY,
		Component: IpvsOverlay,
		// The core closes the overlay on Escape before asking us; every other key is the table's.
		handleKey: key => {
			controller.handleKey(key);
			return true;
		},
	});
	deps.registerAction('ipvs.overlay', () => store.getState().pushOverlay({kind: 'feature', id: IPVS_OVERLAY}));
	deps.registerAction(IPVS_RUN_ACTION, payload => {
		if (payload && typeof payload === 'object' && 'plan' in payload) void controller.runConfirmed(payload as IpvsConfirm);
	});
	return controller;
}

/** What keeps the table fresh: the IpvsPoller here, or a session server's poller (attached UI). */
export interface IpvsFeedPoller {
	start(): void;
	stop(): void;
	refreshNow(): Promise<unknown>;
}

/**
 * The whole IPVS feature for a composed app, in one call (compose/ui: after composeApp, with
 * createIpvsSlice(...) passed in `slices`): the poller on the director's pooled runner at
 * options.pollIntervalMs, the actions with the audit log and read-only from the store, the panel,
 * the C-a i overlay and 'ipvs.run'. Returns stop() for shutdown. With `options.poller` (an attached
 * UI: the session server polls) that one feeds the table instead, started by the caller.
 */
export function startIpvsFeature(app: {
	config: ClusterConfig;
	store: AppStore;
	panels: PanelRegistry;
	controller: {registerAction(id: string, handler: ActionHandler): void; confirm(spec: Omit<ConfirmOverlay, 'kind'>): void};
	transports: {get(host: string): {runner: CommandRunner} | undefined};
}, options: {poller?: IpvsFeedPoller} = {}): {poller: IpvsFeedPoller; controller: IpvsPanelController; stop(): void} {
	const {config, store} = app;
	const director = config.director.name;
	const transport = app.transports.get(director);
	const runner: CommandRunner = transport?.runner ?? {
		host: director,
		exec: () => Promise.reject(new Error(`${director}: no transport for the director`)),
	};
	const publish = (reduce: (data: IpvsData) => IpvsData) => store.getState().updateIpvs(reduce);
	const poller: IpvsFeedPoller = options.poller ?? new IpvsPoller({runner, publish, intervalMs: config.options.pollIntervalMs});
	const actions = new IpvsActions({
		runner: host => (host === director ? runner : undefined),
		audit: new AuditLog(config.options.auditLog),
		publish,
		readOnly: () => store.getState().readOnly,
		refresh: () => poller.refreshNow(),
	});
	const controller = registerIpvsFeature({
		store,
		panels: app.panels,
		actions,
		registerAction: (id, handler) => app.controller.registerAction(id, handler),
		confirm: spec => app.controller.confirm(spec),
		config,
	});
	if (!options.poller) poller.start();
	return {poller, controller, stop: () => poller.stop()};
}
