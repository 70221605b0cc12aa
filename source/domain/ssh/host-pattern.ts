// OpenSSH host patterns: `*` and `?` wildcards, `!` negation, matched case-insensitively. Used by
// ~/.ssh/config `Host` lines (space-separated) and known_hosts host fields (comma-separated).

/** Does one glob pattern (no negation) match the whole name? */
export function matchPattern(pattern: string, name: string): boolean {
	const p = pattern.toLowerCase();
	const n = name.toLowerCase();
	// Iterative glob with backtracking to the last `*`: linear enough for host names.
	let pi = 0;
	let ni = 0;
	let star = -1;
	let mark = 0;
	while (ni < n.length) {
		if (pi < p.length && (p[pi] === '?' || p[pi] === n[ni])) {
			pi++;
			ni++;
		} else if (pi < p.length && p[pi] === '*') {
			star = pi++;
			mark = ni;
		} else if (star !== -1) {
			pi = star + 1;
			ni = ++mark;
		} else {
			return false;
		}
	}
	while (pi < p.length && p[pi] === '*') pi++;
	return pi === p.length;
}

/**
 * OpenSSH's match_pattern_list: a negated pattern that matches rejects the name outright, whatever
 * else matches; otherwise the name matches when any positive pattern does.
 */
export function matchPatternList(patterns: readonly string[], name: string): boolean {
	let matched = false;
	for (const raw of patterns) {
		if (raw.startsWith('!')) {
			if (matchPattern(raw.slice(1), name)) return false;
		} else if (matchPattern(raw, name)) {
			matched = true;
		}
	}
	return matched;
}
