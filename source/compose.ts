// The one place that wires config -> transports -> services -> store. The UI command and the
// session server both build their panes here, so a pane opens the same way in either.
import type {ClusterConfig, HostConfig} from './domain/config/cluster-config.js';
import {shellJoin} from './domain/shell-quote.js';
import {LocalPty, localTitle} from './transports/local-pty.js';
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

/**
 * The OpenSSH command line for a host (what a .screenrc ran), built from validated config values
 * with shellJoin. Used until the ssh2 pane transport is wired in, and for transport 'openssh'.
 */
export function opensshCommand(host: HostConfig, config: ClusterConfig): string {
	const argv: string[] = ['ssh'];
	if (host.port) argv.push('-p', String(host.port));
	if (host.user) argv.push('-l', host.user);
	if (host.identityFile) argv.push('-i', host.identityFile);
	if (host.jump) {
		const jump = allHosts(config).find(h => h.name === host.jump);
		const j = jump?.host ?? host.jump;
		argv.push('-J', `${jump?.user ? jump.user + '@' : ''}${j}${jump?.port ? ':' + jump.port : ''}`);
	}
	if (config.options.knownHostsFile) argv.push('-o', `UserKnownHostsFile=${config.options.knownHostsFile}`);
	argv.push(host.host ?? host.name);
	return shellJoin(argv);
}

/** Panes' processes: a local PTY for local hosts and commands, ssh for remote hosts. */
export function createPaneProcessFactory(config: ClusterConfig): PaneProcessFactory {
	return (target, spec) => {
		if (target.command) return new LocalPty({command: target.command, shell: config.options.shell}, spec);
		if (target.host) {
			const host = allHosts(config).find(h => h.name === target.host);
			if (!host) throw new Error(`no host '${target.host}' in the config`);
			if (host.transport === 'local') return new LocalPty({shell: config.options.shell}, spec);
			return new LocalPty({command: opensshCommand(host, config)}, spec);
		}
		return new LocalPty({shell: config.options.shell}, spec);
	};
}

function paneTitle(config: ClusterConfig) {
	return (target: PaneTarget) => (target.host ? target.host : localTitle({command: target.command, shell: config.options.shell}));
}

/** A PaneManager with the config's panes open (local mode: one shell on this host). */
export function createPaneHost(config: ClusterConfig, size: {cols: number; rows: number}): PaneManager {
	const manager = new PaneManager({
		factory: createPaneProcessFactory(config),
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
	const host = options.host ?? createPaneHost(config, {cols: layout.paneCols, rows: layout.paneRows});
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
	return {config, store, keymap, panels, host, controller, ownsHost};
}
