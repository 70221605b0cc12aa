// Where the copy of a file goes before lvs-tui changes it: beside it, named by the UTC time, so
// backups sort by age and never overwrite each other.

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYYmmdd-HHMMSS in UTC: sorts by time, and the same on every host. */
export function backupStamp(now: Date): string {
	return `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}-${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
}

export function backupPath(path: string, now: Date): string {
	return `${path}.lvs-tui-${backupStamp(now)}`;
}
