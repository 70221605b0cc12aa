// The steps that put a new dhcpd.conf in place without ever leaving a half-edited or invalid
// file: back up, write beside it, let dhcpd itself validate the new text, rename over, restart.
import {shellJoin, shellQuote} from '../shell-quote.js';
import {backupPath} from '../backup-name.js';
import {changedRegion} from './text-change.js';
import type {Plan} from './wizard-plan.js';

export interface DhcpEditFacts {
	host: string;
	path: string;
	newText: string;
	/** The file as it is now (for the changed lines the plan shows). */
	oldText: string;
	/** The original file's permission bits, kept on the new file. */
	mode: number;
	summary: string;
	/** When the backup is taken (names the backup file). */
	now: Date;
	/** Absolute path of dhcpd on that host, or null when it is not installed there (no validation possible). */
	dhcpd: string | null;
	/** How to restart the server: a command, or null with a note when none was found. */
	restart: string | null;
}

export function tempPath(path: string): string {
	return `${path}.lvs-tui-new`;
}

export function planDhcpEdit(facts: DhcpEditFacts): Plan {
	const temp = tempPath(facts.path);
	const backup = backupPath(facts.path, facts.now);
	const plan: Plan = {
		title: `DHCP reservation on ${facts.host}: ${facts.summary}`,
		steps: [
			{kind: 'run', host: facts.host, title: 'back up the current file', command: shellJoin(['cp', '-p', facts.path, backup])},
			{kind: 'write', host: facts.host, title: 'write the new file beside the old one', path: temp, content: facts.newText, mode: facts.mode, change: changedRegion(facts.oldText, facts.newText)},
		],
		notes: [`backup: ${backup}`],
	};
	if (facts.dhcpd) {
		// Leave no temp file behind when dhcpd rejects it; dhcpd's own message is the step's output.
		const command = `${shellJoin([facts.dhcpd, '-t', '-cf', temp])} || { rc=$?; rm -f ${shellQuote(temp)}; exit $rc; }`;
		plan.steps.push({kind: 'run', host: facts.host, title: 'validate it with dhcpd -t', command});
	} else {
		plan.notes!.push(`dhcpd is not installed on ${facts.host}: the new file cannot be validated with dhcpd -t`);
	}
	plan.steps.push({kind: 'run', host: facts.host, title: 'put it in place', command: shellJoin(['mv', '-f', temp, facts.path])});
	if (facts.restart) plan.steps.push({kind: 'run', host: facts.host, title: 'restart the DHCP server', command: facts.restart});
	else plan.notes!.push(`no DHCP service was found on ${facts.host}: restart dhcpd by hand (e.g. /etc/rc.d/init.d/dhcpd restart) so it reads the new file`);
	return plan;
}
