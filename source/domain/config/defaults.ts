// Built-in defaults the loader fills in, and the config used when no lvs-tui.yaml exists.
// Kept in one place so the help text, the README and the loader cannot disagree.

import {DEFAULT_DIRECT_BINDINGS, DEFAULT_PREFIX_BINDINGS} from '../actions.js';
import type {ClusterConfig, ForwardMethod, KeysConfig, LvsType, OptionsConfig} from './cluster-config.js';

export const DEFAULT_THEME = 'default';
export const DEFAULT_SCHEDULER = 'wlc';
export const DEFAULT_WEIGHT = 1;

export function defaultOptions(): OptionsConfig {
	return {
		scrollback: 10000,
		pollIntervalMs: 1000,
		sidePanel: 'auto',
		confirmVipDown: true,
		kickstartDir: '/kickstart',
		dhcpdConf: '/etc/dhcp/dhcpd.conf',
		readOnly: false,
	};
}

/** screen's C-a prefix, `a` for a literal C-a, screen's bindings plus lvs-tui's own. */
export function defaultKeys(): KeysConfig {
	return {
		prefix: 0x01,
		literal: 'a',
		bindings: {...DEFAULT_PREFIX_BINDINGS},
		direct: {...DEFAULT_DIRECT_BINDINGS},
	};
}

/** The forwarding method a real server gets when the service line does not say: follows the LVS type. */
export function defaultForward(lvsType: LvsType): ForwardMethod {
	if (lvsType === 'dr') return 'route';
	if (lvsType === 'tun') return 'tunnel';
	return 'masq';
}

/** No config file: this host is the director, reached locally, with one local shell pane. */
export function localModeConfig(): ClusterConfig {
	return {
		source: null,
		director: {name: 'director', transport: 'local'},
		lvsType: 'nat',
		realServers: [],
		vips: [],
		services: [],
		panes: [{number: 0, title: 'director', host: 'director'}],
		keys: defaultKeys(),
		theme: DEFAULT_THEME,
		options: defaultOptions(),
	};
}
