// Panes only: the config's panes opened on their PTYs and host transports. Kept apart from
// compose.ts (which wires the Ink UI, store and features) so the session server, which hosts panes
// and no UI, never loads React, Ink or yoga (~60 MB and ~1 s of start-up).
import type {ClusterConfig} from './domain/config/cluster-config.js';
import {LocalPty, localTitle} from './transports/local-pty.js';
import {createHostTransports, type HostTransports} from './services/host-transports.js';
import type {PaneProcessFactory, PaneTarget} from './transports/pane-process.js';
import {PaneManager} from './services/pane-manager.js';

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
