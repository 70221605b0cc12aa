// themes/NAME.json -> Theme. A file names a palette (colour names it defines once) and styles
// every role with palette names or colours; `extends` lets a user theme change a few roles of a
// shipped one. Problems come back with file, line and the bad key. JSON is read with the YAML
// parser because JSON is YAML and that gives line numbers.

import {LineCounter, parseDocument} from 'yaml';
import {appError, fail, ok, type AppError, type Result} from '../result.js';
import {didYouMean} from '../config/nearest-word.js';
import {isNull, readBool, readMap, readOpenMap, readString, report, sortByLine, type Field, type ReadContext} from '../config/yaml-reader.js';
import {ANSI_COLOR_NAMES, THEME_ROLES, isThemeColor, isThemeRole, type RoleStyle, type Theme, type ThemeColor, type ThemeRole} from './theme.js';

const FILE_KEYS = ['name', 'description', 'extends', 'color', 'palette', 'roles'] as const;
const STYLE_KEYS = ['fg', 'bg', 'bold', 'dim', 'inverse', 'underline'] as const;

/** A parsed theme file: roles may be partial when it extends another theme. */
export interface ThemeFile {
	name: string;
	description?: string;
	extends?: string;
	color: boolean;
	roles: Partial<Record<ThemeRole, RoleStyle>>;
}

export function isThemeName(name: string): boolean {
	return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name);
}

export function parseThemeFile(text: string, file: string, fallbackName: string): Result<ThemeFile, AppError[]> {
	const lines = new LineCounter();
	const doc = parseDocument(text, {lineCounter: lines, prettyErrors: false, uniqueKeys: true});
	const ctx: ReadContext = {file, lines, problems: []};
	for (const error of doc.errors) {
		ctx.problems.push(appError('theme.syntax', `JSON syntax: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, {where: {file, line: lines.linePos(error.pos[0]).line}}));
	}
	if (ctx.problems.length) return fail(ctx.problems);
	const top = readMap(ctx, {node: doc.contents, line: 1, path: ''}, FILE_KEYS);
	const theme: ThemeFile = {name: fallbackName, color: true, roles: {}};
	if (top) {
		const name = top.get('name');
		if (name) theme.name = readString(ctx, name) ?? fallbackName;
		const description = top.get('description');
		if (description) theme.description = readString(ctx, description);
		const base = top.get('extends');
		if (base) {
			const baseName = readString(ctx, base);
			if (baseName !== undefined && !isThemeName(baseName)) report(ctx, 'config.value', base.line, `extends: '${baseName}' is not a theme name`);
			else if (baseName !== undefined) theme.extends = baseName;
		}
		const color = top.get('color');
		if (color) theme.color = readBool(ctx, color) ?? true;
		const palette = readPalette(ctx, top.get('palette'));
		const roles = top.get('roles');
		if (roles) readRoles(ctx, roles, palette, theme.roles);
		else report(ctx, 'config.missing', 1, "'roles' is required: a style for each of " + THEME_ROLES.join(', '));
		if (!theme.extends) {
			const missing = THEME_ROLES.filter(r => !theme.roles[r]);
			if (missing.length && roles) {
				report(ctx, 'config.missing', roles.line, `roles: missing ${missing.join(', ')}; style every role, or add "extends": "default" to take the rest from a shipped theme`);
			}
		}
	}
	if (ctx.problems.length) return fail(sortByLine(ctx.problems).map(p => ({...p, code: p.code.replace(/^config\./, 'theme.')})));
	return ok(theme);
}

function readPalette(ctx: ReadContext, field: Field | undefined): Map<string, ThemeColor> {
	const palette = new Map<string, ThemeColor>();
	if (!field) return palette;
	for (const {key, keyLine, value} of readOpenMap(ctx, field) ?? []) {
		const v = value.node && 'value' in value.node ? (value.node as {value: unknown}).value : undefined;
		if ((ANSI_COLOR_NAMES as readonly string[]).includes(key)) {
			report(ctx, 'config.value', keyLine, `palette.${key}: '${key}' is a colour name already; choose another palette name`);
		} else if (!isThemeColor(v)) {
			report(ctx, 'config.value', value.line, `palette.${key}: ${JSON.stringify(v ?? null)} is not a colour; use a colour name (${ANSI_COLOR_NAMES.slice(0, 9).join(', ')}, …Bright), "#rrggbb" or 0-255`);
		} else palette.set(key, v);
	}
	return palette;
}

function readRoles(ctx: ReadContext, field: Field, palette: Map<string, ThemeColor>, out: Partial<Record<ThemeRole, RoleStyle>>): void {
	for (const {key, keyLine, value} of readOpenMap(ctx, field) ?? []) {
		if (!isThemeRole(key)) {
			report(ctx, 'config.unknown-key', keyLine, `roles: unknown role '${key}'${didYouMean(key, THEME_ROLES)}; roles are ${THEME_ROLES.join(', ')}`);
			continue;
		}
		const style: RoleStyle = {};
		const entries = isNull(value) ? new Map<string, Field>() : readMap(ctx, {...value, path: `roles.${key}`}, STYLE_KEYS);
		if (!entries) continue;
		for (const [styleKey, f] of entries) {
			if (styleKey === 'fg' || styleKey === 'bg') {
				const color = readColor(ctx, f, palette);
				if (color !== undefined) style[styleKey] = color;
			} else {
				const flag = readBool(ctx, f);
				if (flag) style[styleKey as 'bold' | 'dim' | 'inverse' | 'underline'] = true;
			}
		}
		out[key] = style;
	}
}

function readColor(ctx: ReadContext, field: Field, palette: Map<string, ThemeColor>): ThemeColor | undefined {
	const v = field.node && 'value' in field.node ? (field.node as {value: unknown}).value : undefined;
	if (typeof v === 'string' && palette.has(v)) return palette.get(v);
	if (isThemeColor(v)) return v;
	const names = [...palette.keys(), ...ANSI_COLOR_NAMES];
	const hint = typeof v === 'string' ? didYouMean(v, names) : '';
	report(ctx, 'config.value', field.line, `${field.path}: ${JSON.stringify(v ?? null)} is not a palette name or a colour${hint}; use a palette name, a colour name (red, blueBright…), "#rrggbb" or 0-255`);
	return undefined;
}

/** Lays a theme file over its base (already complete), or checks it is complete on its own. */
export function completeTheme(file: ThemeFile, base: Theme | null): Theme {
	const roles = {} as Record<ThemeRole, RoleStyle>;
	for (const role of THEME_ROLES) roles[role] = file.roles[role] ?? base?.roles[role] ?? {};
	return {name: file.name, color: file.color, roles};
}
