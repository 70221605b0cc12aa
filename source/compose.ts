// The one place that wires config -> transports -> services -> store. The UI command and the
// session server both build their panes here, so a pane opens the same way in either.
import type {ClusterConfig, HostConfig} from './domain/config/cluster-config.js';
import {LocalPty, localTitle} from './transports/local-pty.js';
import {loadSshConfig} from './transports/ssh/ssh-config-file.js';
import {SshConnectionPool, clusterHosts} from './services/ssh-connection-pool.js';
import {createHostTransport} from './services/ssh-host-transport.js';
import type {HostTransport} from './services/ssh-host-transport.js';
import type {PaneProcessFactory, PaneTarget} from './transports/pane-process.js';
import {PaneManager} from './services/pane-manager.js';
import type {PaneHost} from './services/pane-host.js';
import {createAppStore} from './store/app-store.js';
import type {AppStore, SliceCreator} from './store/app-store.js';
import {buildKeymap} from './keymap/keymap.js';
import type {Keymap} from './keymap/keymap.js';
import {PanelRegistry} from './ui/panel-registry.js';
import {AppController} from './ui/app-controller.js';
import type {ScreenModes} from './terminal/pane-screen.js';
import {computeLayout} from './store/layout.js';

function allHosts(config: ClusterConfig): HostConfig[] {
	return [config.director, ...config.realServers];
}

/** Every configured host's transport (ssh2, openssh or local), sharing one lazy ssh2 pool. */
export interface HostTransports {
	pool: SshConnectionPool;
	get(host: string): HostTransport | undefined;
	/** Warnings from ~/.ssh/config (shown in the status line). */
	warnings: string[];
	close(): void;
}

export function createHostTransports(config: ClusterConfig): HostTransports {
	const ssh = loadSshConfig();
	const pool = new SshConnectionPool({
		hosts: clusterHosts(config),
		sshConfig: ssh.config,
		configFile: config.source,
		settings: config.options.knownHostsFile ? {knownHostsFile: config.options.knownHostsFile} : {},
	});
	const byHost = new Map<string, HostTransport>();
	for (const host of allHosts(config)) byHost.set(host.name, createHostTransport(host, {cluster: config, pool}));
	return {
		pool,
		get: name => byHost.get(name),
		warnings: ssh.warnings,
		close: () => {
			for (const t of byHost.values()) t.close();
			pool.closeAll();
		},
	};
}

/** Panes' processes: a local PTY for commands (as a .screenrc ran them), the host's transport for host panes. */
export function createPaneProcessFactory(config: ClusterConfig, transports: HostTransports): PaneProcessFactory {
	return (target, spec) => {
		if (target.command) return new LocalPty({command: target.command, shell: config.options.shell}, spec);
		if (target.host) {
			const transport = transports.get(target.host);
			if (!transport) throw new Error(`no host '${target.host}' in the config`);
			return transport.openShell(spec);
		}
		return new LocalPty({shell: config.options.shell}, spec);
	};
}

function paneTitle(config: ClusterConfig) {
	return (target: PaneTarget) => (target.host ? target.host : localTitle({command: target.command, shell: config.options.shell}));
}

/**
 * A PaneManager with the config's panes open (local mode: one shell on this host). Without
 * `transports` it makes its own and closes them when the manager is disposed.
 */
export function createPaneHost(config: ClusterConfig, size: {cols: number; rows: number}, transports?: HostTransports): PaneManager {
	const own = transports ? null : createHostTransports(config);
	const manager = new PaneManager({
		factory: createPaneProcessFactory(config, transports ?? own!),
		onDispose: () => own?.close(),
		cols: size.cols,
		rows: size.rows,
		scrollback: config.options.scrollback,
		defaultTitle: paneTitle(config),
	});
	const panes = config.panes.length > 0 ? config.panes : [{number: 0, title: '', host: undefined, command: undefined}];
	for (const pane of panes) {
		manager.open({number: pane.number, ...(pane.title ? {title: pane.title} : {}), ...(pane.host ? {host: pane.host} : {}), ...(pane.command ? {command: pane.command} : {})});
	}
	return manager;
}

export interface ComposeOptions {
	config: ClusterConfig;
	/** Whole terminal size. */
	size: {cols: number; rows: number};
	readOnly?: boolean;
	ascii?: boolean;
	/** A host from elsewhere (a session client); otherwise panes are created here from the config. */
	host?: PaneHost;
	/** Feature slices (see app-store.ts). */
	slices?: Array<SliceCreator<object>>;
	/** Modes of the active pane, filled in by the terminal runtime. */
	activeModes?: () => ScreenModes | null;
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
	/** Runners, file access and shells per configured host, for features (pollers, VIP, wizards). */
	transports: HostTransports;
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
		options.slices ?? [],
	);
	const layout = computeLayout(store.getState(), panels.hasPanels);
	const ownsHost = !options.host;
	const transports = createHostTransports(config);
	const manager = options.host ? null : createPaneHost(config, {cols: layout.paneCols, rows: layout.paneRows}, transports);
	const host: PaneHost = options.host ?? manager!;
	const keymap = buildKeymap(config.keys);
	const controller = new AppController({
		store,
		host,
		keymap,
		panels,
		activeModes: () => options.activeModes?.() ?? null,
		quit: options.quit,
		redraw: options.redraw,
	});
	if (transports.warnings.length > 0) store.getState().showStatus(transports.warnings[0]!, 'error');
	let disposed = false;
	const dispose = () => {
		if (disposed) return;
		disposed = true;
		manager?.dispose();
		transports.close();
	};
	return {config, store, keymap, panels, host, controller, ownsHost, transports, dispose};
}
