// `lvs-tui ls`: the sessions of this user (name, panes, attached or not, started), like `screen -ls`.
// Stale sockets of crashed servers are removed and reported on the way.
import {formatSessionTable, listSessions} from '../session/session-list.js';
import {parseCommandLine} from './command-line.js';
import {readableSessionDir} from './session-dir.js';

const USAGE = `usage: lvs-tui ls [--json]   list this user's sessions (--json: as JSON)`;

export async function run(argv: string[]): Promise<number> {
	const args = parseCommandLine('lvs-tui ls', USAGE, {args: argv, options: {json: {type: 'boolean'}, help: {type: 'boolean', short: 'h'}}});
	if (typeof args === 'number') return args;
	const json = args.values.json === true;
	const dir = readableSessionDir();
	if (dir === null) return 1;
	const listing = await listSessions(dir);
	for (const problem of listing.problems) process.stderr.write(`lvs-tui: ${problem}\n`);
	if (json) {
		process.stdout.write(JSON.stringify(listing.sessions, null, 2) + '\n');
		return 0;
	}
	if (listing.sessions.length === 0) {
		process.stdout.write(`No sessions in ${dir}.\n`);
		return 0;
	}
	process.stdout.write(formatSessionTable(listing.sessions) + '\n');
	return 0;
}
