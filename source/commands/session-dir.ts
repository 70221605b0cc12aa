// The session directory as `ls` and `kill` use it: they only read it, so a missing one is fine
// (nothing was started yet), but one that is unsafe (a symlink, another owner, open to others) is
// refused with the reason rather than trusted.
import {existsSync} from 'node:fs';
import {formatError} from '../domain/result.js';
import {checkSocketDir, defaultSocketDir} from '../session/session-paths.js';

/** The directory's path, or null after printing why it cannot be used. */
export function readableSessionDir(): string | null {
	const dir = defaultSocketDir();
	if (!existsSync(dir)) return dir;
	const checked = checkSocketDir(dir);
	if (checked.ok) return dir;
	process.stderr.write(`lvs-tui: ${formatError(checked.error)}\n`);
	return null;
}
