// Plugs the add-node wizard into the core: its overlay and the 'node.add' action (C-a +, or from
// the wizard menu). compose.ts calls registerNodeWizardFeature once, with createNodeWizardSlice in
// the store.
import type {ClusterConfig} from '../../domain/config/cluster-config.js';
import type {AuditLog} from '../../services/audit-log.js';
import {NodeWizardController} from '../../services/node-wizard-controller.js';
import type {AppStore} from '../../store/app-store.js';
import type {ActionHandler} from '../app-controller.js';
import type {PanelRegistry} from '../panel-registry.js';
import {NodeWizardOverlay} from './node-wizard-overlay.js';

export const NODE_WIZARD_OVERLAY = 'node-wizard';

export interface NodeWizardFeatureDeps {
	store: AppStore;
	panels: PanelRegistry;
	config: ClusterConfig;
	audit: AuditLog;
	registerAction(id: string, handler: ActionHandler): void;
	sshPublicKey?: string;
}

export function registerNodeWizardFeature(deps: NodeWizardFeatureDeps): NodeWizardController {
	const {store} = deps;
	const controller = new NodeWizardController({
		get: () => store.getState().nodeWizard,
		update: reduce => store.getState().updateNodeWizard(reduce),
		config: deps.config,
		audit: deps.audit,
		readOnly: () => store.getState().readOnly,
		sshPublicKey: deps.sshPublicKey,
	});
	deps.panels.registerOverlay({id: NODE_WIZARD_OVERLAY, Component: NodeWizardOverlay, handleKey: key => controller.handleKey(key)});
	deps.registerAction('node.add', () => {
		controller.open();
		store.getState().pushOverlay({kind: 'feature', id: NODE_WIZARD_OVERLAY});
	});
	return controller;
}
