// Prepares a dhcpd.conf reservation change on a host (the director, or this machine): reads the
// file, refuses a config dhcpd already rejects (with dhcpd's own words), plans the edit, and
// finds how to restart the server. Nothing is written here: the plan goes to the wizard runner.
import {appError, fail, ok, type Result} from '../domain/result.js';
import {shellJoin} from '../domain/shell-quote.js';
import {addReservation, removeReservation, type Reservation} from '../domain/wizards/dhcp-reservation.js';
import {planDhcpEdit} from '../domain/wizards/dhcp-edit-plan.js';
import type {Plan} from '../domain/wizards/wizard-plan.js';
import type {CommandRunner, FileAccess} from '../transports/command-runner.js';

export type DhcpChange = {kind: 'add'; reservation: Reservation} | {kind: 'remove'; name: string};

export interface DhcpTarget {
	runner: CommandRunner;
	files: FileAccess;
	/** dhcpd.conf path on that host (options.dhcpdConf). */
	path: string;
	/** The host's name in plans and the audit log (default: the runner's host). */
	name?: string;
	/** Restart command; undefined finds the host's service, null plans no restart (a file that no running dhcpd reads). */
	restart?: string | null;
}

/** sbin is missing from PATH for non-root SSH logins on many systems. */
const SBIN_PATH = 'PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"';

/** dhcpd's -t output starts with a copyright banner: keep only the lines that say what is wrong. */
export function dhcpdComplaint(output: string): string {
	const banner = /^(Internet Systems Consortium|Copyright|All rights reserved|For info, please visit|Config file:|Database file:|PID file:|$|If you think you have received|than a configuration issue|bugs on either our web page|before submitting a bug|process and the information|exiting\.)/;
	return output
		.split('\n')
		.filter(line => !banner.test(line.trim()))
		.join('\n')
		.trim();
}

async function findDhcpd(runner: CommandRunner): Promise<string | null> {
	const found = await runner.exec(`${SBIN_PATH} command -v dhcpd`, {timeoutMs: 15_000});
	const path = found.stdout.trim().split('\n')[0];
	return found.code === 0 && path.startsWith('/') ? path : null;
}

/** The restart command for whichever DHCP service the host has, or null. */
export async function findDhcpRestart(runner: CommandRunner): Promise<string | null> {
	const probe = await runner.exec(
		[
			'if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then',
			'  for u in isc-dhcp-server dhcpd; do systemctl list-unit-files "$u.service" 2>/dev/null | grep -q "^$u.service" && { echo "systemd $u"; exit 0; }; done',
			'fi',
			'for s in /etc/init.d/isc-dhcp-server /etc/rc.d/init.d/dhcpd /etc/init.d/dhcpd; do [ -x "$s" ] && { echo "initscript $s"; exit 0; }; done',
			'echo none',
		].join('\n'),
		{timeoutMs: 15_000},
	);
	const [kind, name] = probe.stdout.trim().split(/\s+/);
	if (kind === 'systemd' && name) return shellJoin(['systemctl', 'restart', name]);
	if (kind === 'initscript' && name) return shellJoin([name, 'restart']);
	return null;
}

export interface PreparedDhcpEdit {
	plan: Plan;
	summary: string;
}

export async function prepareDhcpEdit(target: DhcpTarget, change: DhcpChange, now: Date = new Date()): Promise<Result<PreparedDhcpEdit>> {
	const {runner, files, path} = target;
	const host = target.name ?? runner.host;
	const where = {file: path, host};
	const info = await files.stat(path);
	if (!info) return fail(appError('dhcp.missing', `${path} does not exist on ${host} (set options.dhcpdConf or pass --file)`, {where}));
	if (info.isDirectory) return fail(appError('dhcp.missing', `${path} is a directory, not dhcpd.conf`, {where}));
	let text: string;
	try {
		text = new TextDecoder('utf-8', {fatal: true}).decode(await files.readFile(path));
	} catch (cause) {
		return fail(appError('dhcp.read', `cannot read ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, {where}));
	}
	const dhcpd = await findDhcpd(runner);
	if (dhcpd) {
		const check = await runner.exec(shellJoin([dhcpd, '-t', '-cf', path]), {timeoutMs: 30_000});
		if (check.code !== 0) {
			return fail(appError('dhcp.already-invalid', `${path} already fails 'dhcpd -t': fix it first, nothing was changed`, {where, detail: dhcpdComplaint(check.stderr + check.stdout)}));
		}
	}
	const edit = change.kind === 'add' ? addReservation(text, change.reservation, path) : removeReservation(text, change.name, path);
	if (!edit.ok) return edit;
	const restart = target.restart === undefined ? await findDhcpRestart(runner) : target.restart;
	const plan = planDhcpEdit({host, path, newText: edit.value.text, oldText: text, mode: info.mode & 0o7777, summary: edit.value.summary, now, dhcpd, restart});
	return ok({plan, summary: edit.value.summary});
}
