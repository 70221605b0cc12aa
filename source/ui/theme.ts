// The theme the chrome draws with, from React context. The loader (services/theme-loader.ts)
// resolves names and files; builtinTheme() is the context's fallback for component tests.
import {createContext, useContext} from 'react';
import {THEME_ROLES, textProps, withoutColor} from '../domain/theme/theme.js';
import {noColorRequested} from '../domain/theme/terminal-capabilities.js';
import type {RoleStyle, Theme, ThemeRole} from '../domain/theme/theme.js';

const DEFAULT_ROLES: Record<ThemeRole, RoleStyle> = {
	'text.primary': {},
	'text.muted': {fg: 'gray'},
	'tab.active': {fg: 'black', bg: 'cyan', bold: true},
	'tab.inactive': {},
	'tab.activity': {fg: 'yellow', bold: true},
	'tab.bell': {fg: 'red', bold: true},
	'tab.exited': {fg: 'gray'},
	'status.bar': {bg: 'blackBright'},
	'status.ok': {fg: 'green'},
	'status.warning': {fg: 'yellow'},
	'status.error': {fg: 'red', bold: true},
	'panel.border': {fg: 'gray'},
	'panel.title': {fg: 'cyan', bold: true},
	'panel.selected': {inverse: true},
	'dialog.border': {fg: 'cyan'},
	'dialog.title': {bold: true},
	'help.key': {fg: 'yellow', bold: true},
	'vip.up': {fg: 'green', bold: true},
	'vip.down': {fg: 'red'},
	accent: {fg: 'cyan'},
};

export function builtinTheme(): Theme {
	const roles = {} as Record<ThemeRole, RoleStyle>;
	for (const role of THEME_ROLES) roles[role] = DEFAULT_ROLES[role];
	return {name: 'builtin', color: true, roles};
}

/** NO_COLOR (https://no-color.org) strips colours from whatever theme. */
export function applyNoColor(theme: Theme, env: NodeJS.ProcessEnv = process.env): Theme {
	return noColorRequested(env) ? withoutColor(theme) : theme;
}

export const ThemeContext = createContext<Theme>(builtinTheme());

export function useTheme(): Theme {
	return useContext(ThemeContext);
}

/** Ink <Text> props for a role. */
export function useRole(role: ThemeRole): ReturnType<typeof textProps> {
	return textProps(useTheme(), role);
}
