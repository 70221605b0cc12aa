// Plugs the IPVS table into the core: the side panel (keys while it has focus), the full-screen
// overlay on C-a i ('ipvs.overlay'), and 'ipvs.run' — what the generic confirm dialog calls when
// the user presses y on a previewed ipvsadm command.
import type {ConfirmOverlay} from '../../store/app-store.js';
import type {AppStore} from '../../store/app-store.js';
import type {PanelRegistry} from '../panel-registry.js';
import type {ActionHandler} from '../app-controller.js';
import type {IpvsConfirm} from '../../store/ipvs-slice.js';
import {IpvsPanelController} from '../../services/ipvs-panel-controller.js';
import type {IpvsActions} from '../../services/ipvs-actions.js';
import type {ConfigNames} from '../../domain/ipvs/ipvs-config-match.js';
import {IpvsOverlay, IpvsPanel} from './ipvs-panel.js';

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
	deps.panels.register({id: 'ipvs', title: 'IPVS', Component: IpvsPanel, weight: 2, handleKey: key => controller.handleKey(key)});
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
