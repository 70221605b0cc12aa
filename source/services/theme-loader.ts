// Theme name -> Theme: ~/.config/lvs-tui/themes/NAME.json (so an admin can override a shipped
// theme), then the package's themes/NAME.json. NO_COLOR or --theme no-color gives the no-color
// theme, whose roles carry meaning with bold/underline/reverse instead of colour.

import {readdirSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {appError, fail, ok, type AppError, type Result} from '../domain/result.js';
import {completeTheme, isThemeName, parseThemeFile} from '../domain/theme/theme-file.js';
import type {Theme} from '../domain/theme/theme.js';

export const NO_COLOR_THEME = 'no-color';

/** themes/ beside dist/ and source/: this file is <root>/{dist,source}/services/theme-loader.*. */
export function builtinThemesDir(): string {
	return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'themes');
}

export function userThemesDir(env: NodeJS.ProcessEnv = process.env): string {
	return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'lvs-tui', 'themes');
}

export interface LoadThemeOptions {
	/** From NO_COLOR (noColorRequested) or --theme no-color: always the no-color theme. */
	noColor: boolean;
	/** Directories searched in order; defaults to the user's, then the shipped ones. */
	dirs?: string[];
}

export function loadTheme(name: string, options: LoadThemeOptions): Result<Theme, AppError[]> {
	const dirs = options.dirs ?? [userThemesDir(), builtinThemesDir()];
	const wanted = options.noColor ? NO_COLOR_THEME : name;
	return loadNamed(wanted, dirs, []);
}

/** Theme names found in the directories, for --help and "unknown theme" messages. */
export function availableThemes(dirs: string[] = [userThemesDir(), builtinThemesDir()]): string[] {
	const names = new Set<string>();
	for (const dir of dirs) {
		try {
			for (const entry of readdirSync(dir)) if (entry.endsWith('.json')) names.add(entry.slice(0, -5));
		} catch {
			// A missing user directory is normal.
		}
	}
	return [...names].sort();
}

/** `seen` holds the files on the extends chain, so a theme extending itself (or a cycle) stops. */
function loadNamed(name: string, dirs: string[], seen: string[]): Result<Theme, AppError[]> {
	if (!isThemeName(name)) {
		return fail([appError('theme.name', `'${name}' is not a theme name (letters, digits, '.', '_' and '-'; e.g. default, light)`)]);
	}
	for (const dir of dirs) {
		const file = join(dir, `${name}.json`);
		if (seen.includes(file)) continue;
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
			return fail([appError('theme.read', `cannot read the theme: ${(error as Error).message}`, {where: {file}})]);
		}
		const parsed = parseThemeFile(text, file, name);
		if (!parsed.ok) return parsed;
		if (!parsed.value.extends) return ok(completeTheme(parsed.value, null));
		const base = loadNamed(parsed.value.extends, dirs, [...seen, file]);
		if (!base.ok) {
			return fail([appError('theme.extends', `"extends": "${parsed.value.extends}" cannot be loaded`, {where: {file}}), ...base.error]);
		}
		return ok(completeTheme(parsed.value, base.value));
	}
	const known = availableThemes(dirs);
	return fail([appError('theme.unknown', `unknown theme '${name}'; available: ${known.join(', ') || 'none found'} (looked in ${dirs.join(', ')})`)]);
}
