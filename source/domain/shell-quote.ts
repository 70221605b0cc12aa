// Every remote command is built from validated values and quoted here, so no name, label or
// address can inject shell syntax on a host.

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quote one argument for a POSIX shell (sh, bash, dash, busybox ash). */
export function shellQuote(arg: string | number): string {
	const s = String(arg);
	if (s === '') return "''";
	if (SAFE.test(s)) return s;
	return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Join argv into one shell command line, each word quoted. */
export function shellJoin(argv: ReadonlyArray<string | number>): string {
	return argv.map(shellQuote).join(' ');
}
