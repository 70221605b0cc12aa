// A theme maps semantic roles (what a thing is) to styles (how it looks), so UI components ask
// for 'status.error' and never hard-code a colour. Pure data: the loader resolves files into this.

/** Every role a component may ask for. A theme file must style all of them (no silent gaps). */
export const THEME_ROLES = [
	'text.primary',
	'text.muted',
	'tab.active',
	'tab.inactive',
	'tab.activity',
	'tab.bell',
	'tab.exited',
	'status.bar',
	'status.ok',
	'status.warning',
	'status.error',
	'panel.border',
	'panel.title',
	'panel.selected',
	'dialog.border',
	'dialog.title',
	'help.key',
	'vip.up',
	'vip.down',
	'accent',
] as const;

export type ThemeRole = (typeof THEME_ROLES)[number];

export function isThemeRole(value: string): value is ThemeRole {
	return (THEME_ROLES as readonly string[]).includes(value);
}

/**
 * A colour: one of the 16 ANSI names below, '#rrggbb' truecolour, or a 0-255 index into the
 * xterm 256-colour palette.
 */
export type ThemeColor = string | number;

/** chalk/Ink names for the 16 ANSI colours ('gray' is brightBlack). */
export const ANSI_COLOR_NAMES = [
	'black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'gray', 'grey',
	'blackBright', 'redBright', 'greenBright', 'yellowBright', 'blueBright', 'magentaBright', 'cyanBright', 'whiteBright',
] as const;

export interface RoleStyle {
	fg?: ThemeColor;
	bg?: ThemeColor;
	bold?: boolean;
	dim?: boolean;
	inverse?: boolean;
	underline?: boolean;
}

export interface Theme {
	name: string;
	/** false for no-color: components must then rely on bold/inverse/underline only. */
	color: boolean;
	roles: Record<ThemeRole, RoleStyle>;
}

export function isThemeColor(value: unknown): value is ThemeColor {
	if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= 255;
	if (typeof value !== 'string') return false;
	return /^#[0-9a-fA-F]{6}$/.test(value) || (ANSI_COLOR_NAMES as readonly string[]).includes(value);
}

/** The string Ink's <Text color> / chalk accept for a ThemeColor ('ansi256(n)' for indexes). */
export function inkColor(color: ThemeColor | undefined): string | undefined {
	if (color === undefined) return undefined;
	return typeof color === 'number' ? `ansi256(${color})` : color;
}

/** Props for Ink's <Text>/<Box> from a role's style; fg/bg are dropped when the theme has no colour. */
export function textProps(theme: Theme, role: ThemeRole): {color?: string; backgroundColor?: string; bold?: boolean; dimColor?: boolean; inverse?: boolean; underline?: boolean} {
	const style = theme.roles[role];
	const props: ReturnType<typeof textProps> = {};
	if (theme.color && style.fg !== undefined) props.color = inkColor(style.fg);
	if (theme.color && style.bg !== undefined) props.backgroundColor = inkColor(style.bg);
	if (style.bold) props.bold = true;
	if (style.dim) props.dimColor = true;
	if (style.inverse) props.inverse = true;
	if (style.underline) props.underline = true;
	return props;
}

/** Strips colours but keeps emphasis: what NO_COLOR does to any theme. */
export function withoutColor(theme: Theme): Theme {
	const roles = {} as Record<ThemeRole, RoleStyle>;
	for (const role of THEME_ROLES) {
		const {fg: _fg, bg: _bg, ...rest} = theme.roles[role];
		roles[role] = rest;
	}
	return {name: theme.name, color: false, roles};
}
