// CPU time and peak memory of a set of processes, from /proc (Linux).
import {readFileSync, readdirSync} from 'node:fs';

const TICKS_PER_SECOND = 100;

/** utime + stime in seconds. */
export function cpuSeconds(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
	} catch {
		return 0;
	}
}

/** Peak resident set (VmHWM) in MB. */
export function peakRssMb(pid: number): number {
	try {
		const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) / 1024 : 0;
	} catch {
		return 0;
	}
}

/** Pids whose command line contains `needle` (for tmux/screen servers the bench started). */
export function pidsMatching(needle: string): number[] {
	const pids: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
			if (cmd.includes(needle)) pids.push(Number(entry));
		} catch {
			// exited meanwhile
		}
	}
	return pids;
}
