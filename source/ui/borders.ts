// Border style for Ink boxes: Unicode when the terminal can show it, ASCII with --ascii or a
// non-UTF-8 locale (decided by useAsciiBorders in domain/theme/terminal-capabilities.ts).
import {useAsciiBorders} from '../domain/theme/terminal-capabilities.js';

export type BorderChoice = 'round' | 'classic';

export function borderStyle(ascii: boolean): BorderChoice {
	return ascii ? 'classic' : 'round';
}


/** True when the locale is UTF-8 (kept for callers of the first version; the rule is useAsciiBorders). */
export function localeIsUtf8(env: NodeJS.ProcessEnv = process.env): boolean {
	return !useAsciiBorders({env});
}
