// Plugs the wizards into the core: the overlay and the 'wizard.menu' action (C-a W). compose.ts
// calls registerWizardFeature once with the store, the panel registry, the controller's
// registerAction, and how to reach hosts and panes.
import type {ActionId} from '../../domain/actions.js';
import type {ClusterConfig} from '../../domain/config/cluster-config.js';
import type {AuditLog} from '../../services/audit-log.js';
import {WizardController} from '../../services/wizard-controller.js';
import type {WizardHost} from '../../services/wizard-runner.js';
import type {AppStore} from '../../store/app-store.js';
import type {ActionHandler} from '../app-controller.js';
import type {PanelRegistry} from '../panel-registry.js';
import {makeWizardOverlay} from './wizard-overlay.js';

export const WIZARD_OVERLAY = 'wizard';

export interface WizardFeatureDeps {
	store: AppStore;
	panels: PanelRegistry;
	config: ClusterConfig;
	/** Runner and file access per configured host name (compose.ts's host factory). */
	host(name: string): WizardHost | undefined;
	audit: AuditLog;
	/** AppController.registerAction */
	registerAction(id: string, handler: ActionHandler): void;
	/** Types a command into the pane of that host (PaneHost.write to its pane, ending with '\r'). */
	sendToPane?(host: string, command: string): void;
	/** AppController.runAction: the menu's launchers (add a node) run their feature's action. */
	runAction?(action: ActionId): void;
}

export function registerWizardFeature(deps: WizardFeatureDeps): WizardController {
	const {store} = deps;
	const controller = new WizardController({
		get: () => store.getState().wizard,
		update: reduce => store.getState().updateWizard(reduce),
		config: deps.config,
		host: deps.host,
		audit: deps.audit,
		readOnly: () => store.getState().readOnly,
		sendToPane: deps.sendToPane,
		...(deps.runAction
			? {
					// The menu gives way to the launched wizard's own overlay.
					launch: (action: ActionId) => {
						store.getState().popOverlay();
						deps.runAction!(action);
					},
				}
			: {}),
	});
	deps.panels.registerOverlay({id: WIZARD_OVERLAY, Component: makeWizardOverlay(controller.definitions, controller.menu), handleKey: key => controller.handleKey(key)});
	deps.registerAction('wizard.menu', () => {
		controller.open();
		store.getState().pushOverlay({kind: 'feature', id: WIZARD_OVERLAY});
	});
	return controller;
}
