// The last step before a command changes hosts (dhcp-host, node add, node remove): --yes goes on,
// --dry-run changes nothing so there is nothing to ask, a terminal is asked, and without one the
// command refuses rather than guess. Declining is not an error of use: exit 1, "nothing was changed".
import {confirm, isInteractive} from '../services/wizard-prompts.js';
import {badUsage} from './command-line.js';

/** Null to go on, or the exit code to end with: 2 no terminal to ask on, 1 declined. */
export async function confirmChange(command: string, question: string, flags: {yes?: boolean; dryRun?: boolean}): Promise<number | null> {
	if (flags.yes || flags.dryRun) return null;
	if (!isInteractive()) return badUsage(command, 'confirm on a terminal or pass --yes to apply (or --dry-run to see every change)');
	if (await confirm(question)) return null;
	process.stdout.write('nothing was changed\n');
	return 1;
}
