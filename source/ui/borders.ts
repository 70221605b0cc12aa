// Border style for Ink boxes: Unicode when the terminal can show it, ASCII with --ascii or a
// non-UTF-8 locale (PuTTY with the wrong character set draws garbage otherwise).
export type BorderChoice = 'round' | 'classic';

export function borderStyle(ascii: boolean): BorderChoice {
	return ascii ? 'classic' : 'round';
}

/** True when LC_ALL / LC_CTYPE / LANG (first one set) names a UTF-8 locale. */
export function localeIsUtf8(env: NodeJS.ProcessEnv = process.env): boolean {
	const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
	return /utf-?8/i.test(locale);
}
