// The one name for the copy of a file lvs-tui is about to change, on any host, by any feature
// (dhcpd.conf, /etc/hosts, kickstart files, the IPVS rules file): FILE.lvs-tui-YYYYmmdd-HHMMSS,
// beside the file, in UTC — backups sort by age, never overwrite each other, and one glob
// (FILE.lvs-tui-2*) finds them all.

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYYmmdd-HHMMSS in UTC: sorts by time, and the same on every host. */
export function backupStamp(now: Date): string {
	return `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}-${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
}

/** Where the backup of `path` goes: `when` is the time, or a stamp taken earlier (so one plan names one file). */
export function backupPath(path: string, when: Date | string): string {
	return `${path}.lvs-tui-${typeof when === 'string' ? when : backupStamp(when)}`;
}
