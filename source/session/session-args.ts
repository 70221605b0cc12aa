// screen's session options, taken off the front of the UI's argv: -S NAME names a session, -r
// reattaches, -d -r takes over from another client, -x (or --watch) watches read-only. Whatever is
// left is the UI's own options (--config, --ascii, …).
import {appError, fail, ok, type Result} from '../domain/result.js';
import {validateSessionName} from './session-paths.js';

export type SessionMode =
	/** Plain `lvs-tui`: attach to the session if it exists and is detached, else start it. */
	| 'auto'
	/** `-r`: the session must exist. */
	| 'reattach'
	/** `-d -r`: detach whoever has it, then attach. */
	| 'takeover'
	/** `-x` / `--watch`: a read-only second client. */
	| 'watch'
	/** `--no-session`: run the panes inside this process; they end with it. */
	| 'inline';

export interface SessionArgs {
	mode: SessionMode;
	/** Undefined: the default ('main', or the only session for -r). */
	name?: string;
	rest: string[];
}

export const SESSION_USAGE = `session options (like GNU screen):
  -S NAME        use the session NAME (default 'main'); started when it does not exist
  -r [NAME]      reattach to a detached session
  -d -r [NAME]   take the session over from the client attached to it (that client is detached)
  -x, --watch    attach read-only while another client stays in control
  --no-session   run without a session server: the panes end when lvs-tui ends
  C-a d detaches; closing the terminal (SIGHUP) detaches too; the panes keep running.`;

export function parseSessionArgs(argv: string[]): Result<SessionArgs> {
	let detach = false;
	let reattach = false;
	let watch = false;
	let inline = false;
	let name: string | undefined;
	const rest: string[] = [];
	const takeName = (value: string | undefined, flag: string, required: boolean): Result<boolean> => {
		if (value === undefined || value.startsWith('-')) {
			return required ? fail(appError('session.args', `${flag} needs a session name`)) : ok(false);
		}
		const valid = validateSessionName(value);
		if (!valid.ok) return valid;
		if (name !== undefined && name !== value) return fail(appError('session.args', `two session names given: '${name}' and '${value}'`));
		name = value;
		return ok(true);
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		switch (arg) {
			case '-S': {
				const taken = takeName(argv[i + 1], '-S', true);
				if (!taken.ok) return taken;
				i++;
				break;
			}
			case '-r':
			case '-dr':
			case '-rd':
			case '-R': {
				reattach = true;
				if (arg !== '-r' && arg !== '-R') detach = true;
				const taken = takeName(argv[i + 1], arg, false);
				if (!taken.ok) return taken;
				if (taken.value) i++;
				break;
			}
			case '-d':
				detach = true;
				break;
			case '-x':
			case '--watch': {
				watch = true;
				const taken = takeName(argv[i + 1], arg, false);
				if (!taken.ok) return taken;
				if (taken.value) i++;
				break;
			}
			case '--no-session':
				inline = true;
				break;
			default:
				rest.push(arg);
		}
	}
	if (inline && (reattach || detach || watch || name)) {
		return fail(appError('session.args', '--no-session cannot be combined with -S, -r, -d or -x'));
	}
	if (detach && !reattach) return fail(appError('session.args', "-d takes a session over only with -r ('lvs-tui -d -r NAME'); 'lvs-tui kill NAME' ends one"));
	if (watch && (detach || reattach)) return fail(appError('session.args', '-x (watch) cannot be combined with -r or -d'));
	const mode: SessionMode = inline ? 'inline' : watch ? 'watch' : detach ? 'takeover' : reattach ? 'reattach' : 'auto';
	return ok({mode, name, rest});
}
