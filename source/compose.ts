// The one place that wires config -> transports -> services -> store -> UI. Panes themselves open in
// compose-panes.ts, shared with the session server, so a pane opens the same way in either.
import type {ClusterConfig} from './domain/config/cluster-config.js';
import type {SshPrompter} from './transports/ssh/ssh-prompter.js';
import type {CommandRunner, FileAccess} from './transports/command-runner.js';
import {createDialogPrompter} from './ui/dialog-prompter.js';
import {createHostTransports} from './services/host-transports.js';
import {createPaneHost} from './compose-panes.js';
import type {PaneHost} from './services/pane-host.js';
import {createAppStore} from './store/app-store.js';
import type {AppStore, SliceCreator} from './store/app-store.js';
import {buildKeymap} from './keymap/keymap.js';
import type {Keymap} from './keymap/keymap.js';
import {PanelRegistry} from './ui/panel-registry.js';
import {AppController} from './ui/app-controller.js';
import type {PaneScreen, ScreenModes} from './terminal/pane-screen.js';
import {computeLayout, sidePanelVisible} from './store/layout.js';
import {AuditLog} from './services/audit-log.js';
import {createIpvsSlice, namesFromConfig} from './store/ipvs-slice.js';
import {createInterfacesSlice} from './store/interfaces-slice.js';
import {createWizardSlice} from './store/wizard-slice.js';
import {createNodeWizardSlice} from './store/node-wizard-slice.js';
import {startIpvsFeature, type IpvsFeedPoller} from './ui/panels/ipvs-feature.js';
import {attachInterfaces} from './ui/panels/interfaces-feature.js';
import {registerWizardFeature} from './ui/wizards/wizard-feature.js';
import {registerNodeWizardFeature} from './ui/wizards/node-wizard-feature.js';
import {paneSender} from './ui/wizards/wizard-pane-sender.js';

/** How the features reach a configured host: this process's own connections, or a session server's. */
export interface FeatureHosts {
	get(host: string): {runner: CommandRunner; files: FileAccess} | undefined;
	/** Warnings from ~/.ssh/config (the first goes to the status line). */
	warnings: string[];
	close(): void;
}

/**
 * An attached UI's features: hosts reached through the session server (it runs the commands on its
 * connections) and its pollers (it feeds the store through shared-state patches). With this the
 * UI opens no connection of its own.
 */
export interface RemoteFeatures {
	hosts: FeatureHosts;
	poller(feature: 'ipvs' | 'interfaces'): IpvsFeedPoller;
}

export interface ComposeOptions {
	config: ClusterConfig;
	/** Whole terminal size. */
	size: {cols: number; rows: number};
	readOnly?: boolean;
	ascii?: boolean;
	/** A host from elsewhere (a session client); otherwise panes are created here from the config. */
	host?: PaneHost;
	/** Extra feature slices (see app-store.ts). */
	slices?: Array<SliceCreator<object>>;
	/** Plug in the IPVS and interfaces panels (with their pollers) and the wizards. */
	features?: boolean;
	/** Attached to a session server: features go through it (needs `host` from the same session). */
	remote?: RemoteFeatures;
	/** Modes of the active pane, filled in by the terminal runtime. */
	activeModes?: () => ScreenModes | null;
	/** The active pane's screen (scrollback view), filled in by the terminal runtime. */
	activeScreen?: () => PaneScreen | null;
	quit: () => void;
	redraw: () => void;
}

export interface ComposedApp {
	config: ClusterConfig;
	store: AppStore;
	keymap: Keymap;
	panels: PanelRegistry;
	host: PaneHost;
	controller: AppController;
	/** True when this compose created the PaneManager (and must dispose it). */
	ownsHost: boolean;
	/** Runners and file access per configured host, for features (pollers, VIP, wizards). */
	transports: FeatureHosts;
	/** Set when attached to a session server (see RemoteFeatures). */
	remote?: RemoteFeatures;
	/** Dispose the panes (when owned) and close every connection. */
	dispose(): void;
}

export function composeApp(options: ComposeOptions): ComposedApp {
	const {config} = options;
	const panels = new PanelRegistry();
	const store = createAppStore(
		{
			readOnly: options.readOnly || config.options.readOnly,
			ascii: options.ascii ?? false,
			sidePanelMode: config.options.sidePanel,
			size: options.size,
			clusterLabel: config.source ?? 'local mode',
		},
		[...(options.features ? featureSlices(config) : []), ...(options.slices ?? [])],
	);
	const layout = computeLayout(store.getState(), panels.hasPanels);
	const ownsHost = !options.host;
	// SSH asks its questions in the UI's dialogs; the controller that shows them comes next.
	let dialogs: SshPrompter | null = null;
	const prompter: SshPrompter = {
		interactive: true,
		confirmHostKey: q => dialogs?.confirmHostKey(q) ?? Promise.resolve(false),
		askPassphrase: (path, attempt) => dialogs?.askPassphrase(path, attempt) ?? Promise.resolve(null),
	};
	if (options.remote && !options.host) throw new Error('composeApp: remote features need the session host');
	// Attached, the session server's connections serve the features: none are made here.
	const own = options.remote ? null : createHostTransports(config, prompter);
	const transports: FeatureHosts = own ?? options.remote!.hosts;
	const manager = options.host || !own ? null : createPaneHost(config, {cols: layout.paneCols, rows: layout.paneRows}, own);
	const host: PaneHost = options.host ?? manager!;
	const keymap = buildKeymap(config.keys);
	const controller = new AppController({
		store,
		host,
		keymap,
		panels,
		activeModes: () => options.activeModes?.() ?? null,
		activeScreen: () => options.activeScreen?.() ?? null,
		quit: options.quit,
		redraw: options.redraw,
	});
	dialogs = createDialogPrompter(controller);
	if (transports.warnings.length > 0) store.getState().showStatus(transports.warnings[0]!, 'error');
	let stopFeatures = () => {};
	let disposed = false;
	const dispose = () => {
		if (disposed) return;
		disposed = true;
		stopFeatures();
		manager?.dispose();
		transports.close();
	};
	const app: ComposedApp = {config, store, keymap, panels, host, controller, ownsHost, transports, dispose, ...(options.remote ? {remote: options.remote} : {})};
	if (options.features) stopFeatures = attachFeatures(app).stop;
	return app;
}

/** The store slices the built-in features need (they must exist before attachFeatures). */
export function featureSlices(config: ClusterConfig): Array<SliceCreator<object>> {
	return [createIpvsSlice([config.director.name], namesFromConfig(config)), createInterfacesSlice(config), createWizardSlice, createNodeWizardSlice] as Array<SliceCreator<object>>;
}

/**
 * Plug the features into a composed app: IPVS panel + C-a i + actions, interfaces panel + VIP key,
 * wizards. Their pollers start here; stop() ends them (dispose() calls it).
 */
export function attachFeatures(app: ComposedApp): {stop(): void} {
	const audit = new AuditLog(app.config.options.auditLog);
	const remote = app.remote;
	const ipvs = startIpvsFeature(app, remote ? {poller: remote.poller('ipvs')} : {});
	const director = app.transports.get(app.config.director.name);
	const interfaces = attachInterfaces(app, {
		hosts: app.transports,
		start: false,
		audit,
		...(director ? {director: director.runner} : {}),
		realServers: app.config.realServers.flatMap(rs => {
			const t = app.transports.get(rs.name);
			return t ? [t.runner] : [];
		}),
	});
	registerWizardFeature({
		store: app.store,
		panels: app.panels,
		config: app.config,
		host: name => {
			const t = app.transports.get(name);
			return t ? {runner: t.runner, files: t.files} : undefined;
		},
		audit,
		registerAction: (id, handler) => app.controller.registerAction(id, handler),
		runAction: id => app.controller.runAction(id),
		sendToPane: paneSender(app.host),
	});
	registerNodeWizardFeature({store: app.store, panels: app.panels, config: app.config, audit, registerAction: (id, handler) => app.controller.registerAction(id, handler)});
	// Poll only while someone can see the result (the side panel or a feature overlay): a hidden
	// panel polling every second costs idle CPU for nothing. Actions re-read what they need.
	// Attached, the session server polls (for every client that looks) and the local interfaces
	// poller is never started.
	const pollers = [ipvs.poller, remote ? remote.poller('interfaces') : interfaces.poller];
	let polling: boolean | null = null;
	const follow = () => {
		const state = app.store.getState();
		const wanted = sidePanelVisible(state, app.panels.hasPanels) || state.overlays.some(o => o.kind === 'feature');
		if (wanted === polling) return;
		polling = wanted;
		for (const p of pollers) wanted ? p.start() : p.stop();
	};
	follow();
	const unsubscribe = app.store.subscribe(follow);
	return {
		stop: () => {
			unsubscribe();
			for (const p of pollers) p.stop();
		},
	};
}
