// Every change lvs-tui makes on a host is appended here as one JSON line (time, host, command,
// exit status). The file holds commands that may name hosts and keys, so it is owner-only.
import {appendFileSync, mkdirSync, openSync, closeSync, chmodSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {homedir} from 'node:os';

export interface AuditEntry {
	host: string;
	/** The exact command run, or a description of a file change ("write /etc/dhcp/dhcpd.conf"). */
	command: string;
	exitCode: number | null;
	/** First line of stderr or the error, when it failed. */
	error?: string;
	/** Which feature made the change (vip, ipvs, wizard.kickstart…). */
	source: string;
}

export function defaultAuditLogPath(): string {
	const state = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
	return join(state, 'lvs-tui', 'audit.log');
}

export class AuditLog {
	constructor(readonly path: string = defaultAuditLogPath()) {}

	record(entry: AuditEntry): void {
		mkdirSync(dirname(this.path), {recursive: true, mode: 0o700});
		// Create with 0600 before the first write so the file is never briefly world-readable.
		closeSync(openSync(this.path, 'a', 0o600));
		chmodSync(this.path, 0o600);
		const line = JSON.stringify({time: new Date().toISOString(), ...entry});
		appendFileSync(this.path, line + '\n', {mode: 0o600});
	}
}
