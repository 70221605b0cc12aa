// The one command a poll runs on the director: the director's uptime (for elapsed time measured
// where the counters are), then the table (-Ln --exact) and the exact counters (--stats --exact),
// both listed by ONE ipvsadm: `ipvsadm -R` runs each line of its input as an ipvsadm command line,
// and `exec` turns the shell into that ipvsadm. So a refresh costs the director exactly one
// process (the one its SSH server starts for the command); read, echo and the here-document are
// the shell's own. Its exit status is the command's.
import {classifyIpvsadmFailure, type IpvsadmFailure} from './ipvsadm-failure.js';
import {parseIpvsadmList} from './ipvsadm-list.js';
import {parseIpvsadmStats} from './ipvsadm-stats.js';
import {attachStatsInPlace} from './ipvs-merge.js';
import type {IpvsTable, ParseIssue} from './ipvs-model.js';

const MARK = '@@lvs-tui';

export const IPVS_POLL_COMMAND = [
	'PATH="$PATH:/usr/sbin:/sbin"; LC_ALL=C; export PATH LC_ALL',
	`up=; read -r up rest < /proc/uptime 2>/dev/null; echo "${MARK} uptime $up"; echo "${MARK} listings"`,
	"exec ipvsadm -R 2>&1 <<'LVS_TUI_END'",
	'-L -n --exact',
	'-L -n --stats --exact',
	'LVS_TUI_END',
	'',
].join('\n');

export type PollReading =
	| {kind: 'table'; table: IpvsTable; issues: ParseIssue[]; directorUptime: number | null}
	| {kind: 'failure'; failure: IpvsadmFailure};

interface Section {
	text: string;
	/** The section is text[start, end) (the whole text when absent). */
	start?: number;
	end?: number;
	rc: number | null;
}

/** Cut the output at its markers with indexOf/slice: no per-line copy of a 20,000-line answer. */
function sections(stdout: string): {uptime: number | null; list?: Section; stats?: Section} {
	const out: {uptime: number | null; list?: Section; stats?: Section} = {uptime: uptimeOf(stdout)};
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

const BANNER = 'IP Virtual Server version ';

/** Where the second listing starts in stdout[from…]: at the last banner, when there are two. -1 when there is one. */
function secondListing(stdout: string, from: number): number {
	const first = stdout.indexOf(BANNER, from);
	const last = stdout.lastIndexOf(BANNER);
	if (first < 0 || last <= first || stdout.charCodeAt(last - 1) !== 10) return -1;
	return last;
}

/**
 * The table the last poll read: the next poll's listing almost always repeats its servers, and
 * parseListing takes their endpoints from it by comparing text in place (see ListingOptions.expect).
 * Only a hint: with several directors it may be another one's table, which merely finds no match.
 */
let lastTable: IpvsTable | undefined;

/**
 * What one `ipvsadm -R` printed for both listings, from stdout[from…] to the end; `exitCode` is
 * ipvsadm's (the shell became it). The listings are read in place, never sliced out.
 */
function readListings(stdout: string, from: number, exitCode: number | null, uptime: number | null): PollReading {
	if (exitCode === null) return incomplete(stdout, exitCode);
	if (exitCode !== 0) return {kind: 'failure', failure: classifyIpvsadmFailure(exitCode, stdout.slice(from))};
	const at = secondListing(stdout, from);
	if (at < 0) {
		const list = parseIpvsadmList(stdout, {start: from});
		return {kind: 'table', table: list.value, issues: [...list.issues, {line: '', lineNumber: 0, reason: 'the --stats listing is missing from the poll output'}], directorUptime: uptime};
	}
	return merged({text: stdout, start: from, end: at, rc: 0}, {text: stdout, start: at, end: stdout.length, rc: 0}, uptime);
}

function incomplete(stdout: string, exitCode: number | null): PollReading {
	return {kind: 'failure', failure: {kind: 'error', message: `incomplete poll output (exit status ${exitCode ?? 'none'})${stdout.trim() ? ': ' + stdout.trim().split('\n').slice(-3).join(' / ') : ''}`}};
}

function merged(listSection: Section, statsSection: Section | undefined, uptime: number | null): PollReading {
	const list = parseIpvsadmList(listSection.text, {expect: lastTable, start: listSection.start, end: listSection.end});
	const issues = [...list.issues];
	let table = list.value;
	if (statsSection && statsSection.rc === 0) {
		const stats = parseIpvsadmStats(statsSection.text, {expect: table, start: statsSection.start, end: statsSection.end});
		issues.push(...stats.issues.map(i => ({...i, reason: `--stats: ${i.reason}`})));
		table = attachStatsInPlace(table, stats.value);
	} else if (statsSection) {
		issues.push({line: statsSection.text.trim(), lineNumber: 0, reason: `ipvsadm --stats failed (status ${statsSection.rc})`});
	}
	lastTable = table;
	return {kind: 'table', table, issues, directorUptime: uptime};
}

/** The director's uptime from the line the command printed first. */
function uptimeOf(stdout: string): number | null {
	const head = `${MARK} uptime`;
	const up = stdout.indexOf(head);
	if (up < 0) return null;
	const eol = stdout.indexOf('\n', up);
	const text = stdout.slice(up + head.length, eol < 0 ? undefined : eol).trim();
	const v = Number(text);
	return text !== '' && Number.isFinite(v) ? v : null;
}

/**
 * Read what IPVS_POLL_COMMAND printed. A missing section (cut connection) is a failure, not a crash.
 * Also reads the earlier two-process form (`list`/`stats` sections each with its own status).
 */
export function readPollOutput(stdout: string, exitCode: number | null): PollReading {
	// The marker comes first: look for it near the start before searching a 20,000-line answer
	// (something the login shell printed may come before it).
	const listingsHead = `${MARK} listings\n`;
	let marker = stdout.startsWith(listingsHead) ? -1 : stdout.lastIndexOf(`\n${listingsHead}`, 200);
	if (marker < 0 && !stdout.startsWith(listingsHead)) marker = stdout.indexOf(`\n${listingsHead}`);
	const listingsAt = marker + 1;
	if (listingsAt > 0 || stdout.startsWith(listingsHead)) {
		return readListings(stdout, listingsAt + listingsHead.length, exitCode, uptimeOf(stdout.slice(0, listingsAt)));
	}
	const s = sections(stdout);
	if (!s.list || s.list.rc === null) return incomplete(stdout, exitCode);
	if (s.list.rc !== 0) return {kind: 'failure', failure: classifyIpvsadmFailure(s.list.rc, s.list.text)};
	return merged(s.list, s.stats, s.uptime);
}
