// Decisions from the environment, as pure functions of the env values so they are testable.

export interface LocaleEnv {
	LC_ALL?: string;
	LC_CTYPE?: string;
	LANG?: string;
	NO_COLOR?: string;
}

/**
 * Box-drawing characters only when the locale's charset is UTF-8; PuTTY with a wrong
 * character set (or LANG=C) shows garbage otherwise. `--ascii` forces ASCII.
 * POSIX precedence: the first non-empty of LC_ALL, LC_CTYPE, LANG decides; none means "C".
 */
export function useAsciiBorders(options: {ascii?: boolean; env: LocaleEnv}): boolean {
	if (options.ascii) return true;
	const {LC_ALL, LC_CTYPE, LANG} = options.env;
	const locale = [LC_ALL, LC_CTYPE, LANG].find(v => v !== undefined && v !== '') ?? 'C';
	return !/(^|\.)utf-?8(@|$)/i.test(locale);
}

/** https://no-color.org: NO_COLOR set to any non-empty value disables colour. */
export function noColorRequested(env: LocaleEnv): boolean {
	return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}
