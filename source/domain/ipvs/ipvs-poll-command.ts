// The one command a poll runs on the director: the director's uptime (for elapsed time measured
// where the counters are), the table (-Ln --exact) and the exact counters (--stats --exact), each
// with its exit status, between markers. One exec per refresh; shell builtins only besides ipvsadm.
import {classifyIpvsadmFailure, type IpvsadmFailure} from './ipvsadm-failure.js';
import {parseIpvsadmList} from './ipvsadm-list.js';
import {parseIpvsadmStats} from './ipvsadm-stats.js';
import {attachStatsInPlace} from './ipvs-merge.js';
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

/** Cut the output at its markers with indexOf/slice: no per-line copy of a 20,000-line answer. */
function sections(stdout: string): {uptime: number | null; list?: Section; stats?: Section} {
	const out: {uptime: number | null; list?: Section; stats?: Section} = {uptime: null};
	const up = stdout.indexOf(`${MARK} uptime`);
	if (up >= 0) {
		const eol = stdout.indexOf('\n', up);
		const text = stdout.slice(up + `${MARK} uptime`.length, eol < 0 ? undefined : eol).trim();
		const v = Number(text);
		out.uptime = text !== '' && Number.isFinite(v) ? v : null;
	}
	const section = (name: string): Section | undefined => {
		const head = `${MARK} ${name}\n`;
		const at = stdout.startsWith(head) ? 0 : stdout.indexOf(`\n${head}`) + 1;
		if (at <= 0 && !stdout.startsWith(head)) return undefined;
		const body = at + head.length;
		const rcAt = stdout.indexOf(`${MARK} rc `, body);
		if (rcAt < 0) return {text: stdout.slice(body), rc: null};
		const eol = stdout.indexOf('\n', rcAt);
		const rc = Number(stdout.slice(rcAt + `${MARK} rc `.length, eol < 0 ? undefined : eol).trim());
		return {text: stdout.slice(body, rcAt), rc: Number.isInteger(rc) ? rc : null};
	};
	const list = section('list');
	const stats = section('stats');
	if (list) out.list = list;
	if (stats) out.stats = stats;
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
		table = attachStatsInPlace(table, stats.value);
	} else if (s.stats) {
		issues.push({line: s.stats.text.trim(), lineNumber: 0, reason: `ipvsadm --stats failed (status ${s.stats.rc})`});
	}
	return {kind: 'table', table, issues, directorUptime: s.uptime};
}
