// The one command a poll runs on the director: the director's uptime (for elapsed time measured
// where the counters are), the table (-Ln --exact) and the exact counters (--stats --exact), each
// with its exit status, between markers. One exec per refresh; shell builtins only besides ipvsadm.
import {classifyIpvsadmFailure, type IpvsadmFailure} from './ipvsadm-failure.js';
import {parseIpvsadmList} from './ipvsadm-list.js';
import {parseIpvsadmStats} from './ipvsadm-stats.js';
import {mergeStats} from './ipvs-merge.js';
import type {IpvsTable, ParseIssue} from './ipvs-model.js';

const MARK = '@@lvs-tui';

export const IPVS_POLL_COMMAND = [
	'PATH="$PATH:/usr/sbin:/sbin"; LC_ALL=C; export PATH LC_ALL',
	`up=; read -r up rest < /proc/uptime 2>/dev/null; echo "${MARK} uptime $up"`,
	`echo "${MARK} list"; ipvsadm -Ln --exact 2>&1; echo "${MARK} rc $?"`,
	`echo "${MARK} stats"; ipvsadm -Ln --stats --exact 2>&1; echo "${MARK} rc $?"`,
].join('; ');

export type PollReading =
	| {kind: 'table'; table: IpvsTable; issues: ParseIssue[]; directorUptime: number | null}
	| {kind: 'failure'; failure: IpvsadmFailure};

interface Section {
	text: string;
	rc: number | null;
}

function sections(stdout: string): {uptime: number | null; list?: Section; stats?: Section} {
	const out: {uptime: number | null; list?: Section; stats?: Section} = {uptime: null};
	let current: Section | null = null;
	for (const line of stdout.split('\n')) {
		if (line.startsWith(`${MARK} uptime`)) {
			const v = Number(line.slice(`${MARK} uptime`.length).trim());
			out.uptime = line.trim() !== `${MARK} uptime` && Number.isFinite(v) ? v : null;
		} else if (line === `${MARK} list` || line === `${MARK} stats`) {
			current = {text: '', rc: null};
			out[line === `${MARK} list` ? 'list' : 'stats'] = current;
		} else if (line.startsWith(`${MARK} rc `)) {
			if (current) current.rc = Number(line.slice(`${MARK} rc `.length));
			current = null;
		} else if (current) {
			current.text += line + '\n';
		}
	}
	return out;
}

/** Read what IPVS_POLL_COMMAND printed. A missing section (cut connection) is a failure, not a crash. */
export function readPollOutput(stdout: string, exitCode: number | null): PollReading {
	const s = sections(stdout);
	if (!s.list || s.list.rc === null) {
		return {kind: 'failure', failure: {kind: 'error', message: `incomplete poll output (exit status ${exitCode ?? 'none'})${stdout.trim() ? ': ' + stdout.trim().split('\n').slice(-3).join(' / ') : ''}`}};
	}
	if (s.list.rc !== 0) return {kind: 'failure', failure: classifyIpvsadmFailure(s.list.rc, s.list.text)};
	const list = parseIpvsadmList(s.list.text);
	const issues = [...list.issues];
	let table = list.value;
	if (s.stats && s.stats.rc === 0) {
		const stats = parseIpvsadmStats(s.stats.text);
		issues.push(...stats.issues.map(i => ({...i, reason: `--stats: ${i.reason}`})));
		table = mergeStats(table, stats.value);
	} else if (s.stats) {
		issues.push({line: s.stats.text.trim(), lineNumber: 0, reason: `ipvsadm --stats failed (status ${s.stats.rc})`});
	}
	return {kind: 'table', table, issues, directorUptime: s.uptime};
}
