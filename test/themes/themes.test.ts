import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {formatError} from '../../source/domain/result.js';
import {noColorRequested, useAsciiBorders} from '../../source/domain/theme/terminal-capabilities.js';
import {THEME_ROLES, isThemeColor, textProps, type Theme} from '../../source/domain/theme/theme.js';
import {availableThemes, builtinThemesDir, loadTheme, userThemesDir} from '../../source/services/theme-loader.js';

const fixtures = new URL('./fixtures/', import.meta.url).pathname;
const shipped = builtinThemesDir();
const temp = mkdtempSync(join(tmpdir(), 'lvs-tui-themes-'));
afterAll(() => rmSync(temp, {recursive: true, force: true}));

function load(name: string, dirs: string[], noColor = false): Theme {
	const result = loadTheme(name, {noColor, dirs});
	if (!result.ok) throw new Error(result.error.map(formatError).join('\n'));
	return result.value;
}

function problems(name: string, dirs: string[]) {
	const result = loadTheme(name, {noColor: false, dirs});
	if (result.ok) throw new Error(`expected theme ${name} to be rejected`);
	return result.error;
}

const same = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);

describe('shipped themes', () => {
	test('at least default, light, high-contrast and no-color are shipped', () => {
		expect(availableThemes([shipped])).toEqual(expect.arrayContaining(['default', 'light', 'high-contrast', 'no-color']));
	});

	test.each(['default', 'light', 'high-contrast', 'no-color'])('%s styles every role with valid colours, and the roles that must differ do', name => {
		const theme = load(name, [shipped]);
		expect(theme.name).toBe(name);
		expect(Object.keys(theme.roles).sort()).toEqual([...THEME_ROLES].sort());
		for (const role of THEME_ROLES) {
			for (const c of [theme.roles[role].fg, theme.roles[role].bg]) if (c !== undefined) expect(isThemeColor(c)).toBe(true);
		}
		// What a person must tell apart at a glance, with or without colour.
		expect(same(theme.roles['tab.active'], theme.roles['tab.inactive'])).toBe(false);
		expect(same(theme.roles['tab.activity'], theme.roles['tab.inactive'])).toBe(false);
		expect(same(theme.roles['tab.bell'], theme.roles['tab.activity'])).toBe(false);
		expect(same(theme.roles['vip.up'], theme.roles['vip.down'])).toBe(false);
		expect(same(theme.roles['status.error'], theme.roles['status.ok'])).toBe(false);
		expect(same(theme.roles['panel.selected'], theme.roles['text.primary'])).toBe(false);
	});

	test('no-color has no colour anywhere and Ink gets no colour props from it', () => {
		const theme = load('no-color', [shipped]);
		expect(theme.color).toBe(false);
		for (const role of THEME_ROLES) {
			expect(theme.roles[role].fg).toBeUndefined();
			expect(theme.roles[role].bg).toBeUndefined();
			const props = textProps(theme, role);
			expect(props.color).toBeUndefined();
			expect(props.backgroundColor).toBeUndefined();
		}
		expect(textProps(theme, 'tab.active')).toEqual({bold: true, inverse: true});
	});

	test('Ink props: 256-colour indexes become ansi256(n)', () => {
		expect(textProps(load('default', [shipped]), 'tab.active')).toEqual({color: 'ansi256(16)', backgroundColor: 'ansi256(39)', bold: true});
		expect(textProps(load('high-contrast', [shipped]), 'tab.active')).toEqual({color: 'black', backgroundColor: 'yellowBright', bold: true});
	});
});

describe('NO_COLOR', () => {
	test('any non-empty NO_COLOR means no colour; empty or unset does not', () => {
		expect(noColorRequested({NO_COLOR: '1'})).toBe(true);
		expect(noColorRequested({NO_COLOR: 'false'})).toBe(true);
		expect(noColorRequested({NO_COLOR: ''})).toBe(false);
		expect(noColorRequested({})).toBe(false);
	});

	test('with NO_COLOR the chosen theme gives way to no-color', () => {
		expect(load('light', [shipped], noColorRequested({NO_COLOR: '1'})).name).toBe('no-color');
		expect(load('light', [shipped], noColorRequested({NO_COLOR: ''})).name).toBe('light');
	});
});

describe('ASCII borders', () => {
	test.each([
		[{LANG: 'en_US.UTF-8'}, false],
		[{LANG: 'C.utf8'}, false],
		[{LC_CTYPE: 'UTF-8'}, false],
		[{LANG: 'de_DE.UTF-8@euro'}, false],
		[{LANG: 'en_US.ISO-8859-1'}, true],
		[{LANG: 'C'}, true],
		[{}, true],
		[{LC_ALL: 'C', LANG: 'en_US.UTF-8'}, true],
		[{LC_ALL: '', LC_CTYPE: 'en_GB.UTF-8', LANG: 'C'}, false],
		[{LC_CTYPE: 'POSIX', LANG: 'en_US.UTF-8'}, true],
	])('%j -> ascii %s', (env, ascii) => {
		expect(useAsciiBorders({env})).toBe(ascii);
	});

	test('--ascii wins over a UTF-8 locale', () => {
		expect(useAsciiBorders({ascii: true, env: {LANG: 'en_US.UTF-8'}})).toBe(true);
	});
});

describe('theme files: validation, user themes, extends', () => {
	test('a broken theme reports every bad key with file and line', () => {
		const found = problems('broken', [fixtures, shipped]);
		const file = join(fixtures, 'broken.json');
		expect(found.map(p => [p.where?.file, p.where?.line, p.code])).toEqual([
			[file, 3, 'theme.unknown-key'],
			[file, 5, 'theme.value'],
			[file, 6, 'theme.value'],
			[file, 9, 'theme.missing'],
			[file, 10, 'theme.value'],
			[file, 11, 'theme.unknown-key'],
			[file, 12, 'theme.unknown-key'],
			[file, 12, 'theme.value'],
			[file, 13, 'theme.type'],
		]);
		const text = found.map(formatError);
		expect(text[0]).toBe(`${file}:3: unknown key 'colour' (did you mean 'color'?); expected one of: name, description, extends, color, palette, roles`);
		expect(text[1]).toMatch(/^.*:5: palette\.fg: 300 is not a colour; use a colour name/);
		expect(text[2]).toBe(`${file}:6: palette.red: 'red' is a colour name already; choose another palette name`);
		expect(text[4]).toMatch(/:10: roles\.text\.primary\.fg: "sofft" is not a palette name or a colour \(did you mean 'soft'\?\)/);
		expect(text[5]).toMatch(/:11: roles: unknown role 'tab\.activ' \(did you mean 'tab\.active'\?\)/);
		expect(text[6]).toMatch(/:12: unknown key 'roles\.status\.error\.blink'/);
		expect(text[8]).toBe(`${file}:13: roles.vip.up.bold: expected true or false, got the text 'yes'`);
	});

	test('JSON syntax errors carry the line', () => {
		const found = problems('trailing-comma', [fixtures]);
		expect(found[0].code).toBe('theme.syntax');
		expect(found[0].where?.line).toBe(4);
	});

	test('a user theme extends a shipped one, and a user file overrides a shipped name', () => {
		const user = join(temp, 'user-themes');
		mkdirSync(user, {recursive: true});
		writeFileSync(join(user, 'light.json'), JSON.stringify({name: 'light', extends: 'light', roles: {accent: {fg: 'magenta'}}}));
		const mine = load('mine', [fixtures, shipped]);
		const base = load('default', [shipped]);
		expect(mine.roles['tab.active']).toEqual({fg: 'black', bg: '#ff5fd7', bold: true});
		expect(mine.roles['vip.down']).toEqual(base.roles['vip.down']);
		// The override extends the shipped theme of the same name instead of itself.
		const light = load('light', [user, shipped]);
		expect(light.roles.accent).toEqual({fg: 'magenta'});
		expect(light.roles['tab.active']).toEqual(load('light', [shipped]).roles['tab.active']);
	});

	test('an extends loop, an unknown theme, a bad name and an unreadable file are clear errors', () => {
		const loop = problems('loop-a', [fixtures]);
		expect(loop.map(p => p.code)).toEqual(['theme.extends', 'theme.extends', 'theme.unknown']);
		expect(loop[2].message).toMatch(/^unknown theme 'loop-a'; available: .*loop-a/);
		const unknown = problems('solarized', [shipped]);
		expect(unknown[0].message).toBe(`unknown theme 'solarized'; available: default, high-contrast, light, no-color (looked in ${shipped})`);
		expect(problems('../etc/passwd', [shipped])[0].code).toBe('theme.name');
		// A directory where the file should be: readable by nobody, even root.
		const dir = join(temp, 'unreadable');
		mkdirSync(join(dir, 'odd.json'), {recursive: true});
		const unreadable = problems('odd', [dir]);
		expect(unreadable[0].code).toBe('theme.read');
		expect(formatError(unreadable[0])).toMatch(/odd\.json: cannot read the theme: EISDIR/);
	});

	test("the user theme directory honours XDG_CONFIG_HOME", () => {
		expect(userThemesDir({XDG_CONFIG_HOME: '/srv/cfg'})).toBe('/srv/cfg/lvs-tui/themes');
		expect(userThemesDir({HOME: '/root'})).toMatch(/\/\.config\/lvs-tui\/themes$/);
	});
});
