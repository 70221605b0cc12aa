// `lvs-tui attach [NAME] [-d] [-x|--watch] [ui options]`: reattach to a running session, like
// `screen -r`. Same as `lvs-tui -r NAME`; -d takes it over from another client.
import {runSessionUi} from '../session/session-ui.js';
import {SESSION_USAGE} from '../session/session-args.js';
import {badUsage} from './command-line.js';

const USAGE = `usage: lvs-tui attach [NAME] [-d] [-x|--watch] [ui options]
  NAME        the session (default: the only one, or 'main'; 'lvs-tui ls' lists them)
  -d          take the session over from the client attached to it
  -x, --watch attach read-only while the other client keeps control

${SESSION_USAGE}`;

export async function run(argv: string[]): Promise<number> {
	if (argv.includes('--help') || argv.includes('-h')) {
		process.stdout.write(USAGE + '\n');
		return 0;
	}
	let name: string | undefined;
	let detach = false;
	let watch = false;
	const rest: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '-d') detach = true;
		else if (arg === '-x' || arg === '--watch') watch = true;
		else if (arg === '-r') continue;
		else if (!arg.startsWith('-') && name === undefined && (i === 0 || !argv[i - 1]!.startsWith('--'))) name = arg;
		else rest.push(arg);
	}
	if (detach && watch) return badUsage('lvs-tui attach', '-d (take over) and --watch (read-only) exclude each other');
	const sessionArgs = watch ? ['-x', ...(name ? [name] : [])] : [...(detach ? ['-d'] : []), '-r', ...(name ? [name] : [])];
	const outcome = await runSessionUi([...sessionArgs, ...rest]);
	if ('inline' in outcome) return badUsage('lvs-tui attach', '--no-session makes no sense here');
	return outcome.exitCode;
}
