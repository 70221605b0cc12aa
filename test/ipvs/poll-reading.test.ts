// Reading the poller's one-command output, merging counters and computing rates — pure, on the
// real captures.
import {describe, expect, it} from 'vitest';
import {fixture, formatSamples} from './fixtures.js';
import {IPVS_POLL_COMMAND, readPollOutput} from '../../source/domain/ipvs/ipvs-poll-command.js';
import {parseIpvsadmStats} from '../../source/domain/ipvs/ipvsadm-stats.js';
import {carryRatesInPlace, fillRatesInPlace, rateBetween, withRates} from '../../source/domain/ipvs/ipvs-rates.js';
import {attachStatsInPlace} from '../../source/domain/ipvs/ipvs-merge.js';
import {parseIpvsadmList} from '../../source/domain/ipvs/ipvsadm-list.js';
import {historyOf, initialIpvs, ipvsPollSucceeded} from '../../source/store/ipvs-slice.js';
import {trackRates, type RateTrackerState} from '../../source/domain/ipvs/ipvs-rate-tracker.js';

const M = '@@lvs-tui';
const output = (list: string, listRc: number, stats: string, statsRc: number, uptime = '1234.56') =>
	`${M} uptime ${uptime}\n${M} list\n${list}${M} rc ${listRc}\n${M} stats\n${stats}${M} rc ${statsRc}\n`;

describe('poll output', () => {
	it('merges the table and the exact counters, with the director uptime', () => {
		const r = readPollOutput(output(fixture('02-full/ipvsadm_-Ln.txt'), 0, fixture('02-full/ipvsadm_-Ln_--stats_--exact.txt'), 0), 0);
		expect(r.kind).toBe('table');
		if (r.kind !== 'table') return;
		expect(r.issues).toEqual([]);
		expect(r.directorUptime).toBe(1234.56);
		expect(r.table.services).toHaveLength(8);
		expect(r.table.services[0].stats).toEqual({conns: 0, inPackets: 0, outPackets: 0, inBytes: 0, outBytes: 0, exact: true});
		expect(r.table.services[0].realServers[0]).toMatchObject({weight: 3, stats: {conns: 0}});
	});

	it('recognises a kernel without IPVS from the list section', () => {
		const msg = "Can't initialize ipvs: Protocol not available\nAre you sure that IP Virtual Server is built in the kernel or as module?\n";
		const r = readPollOutput(output(msg, 2, msg, 2), 0);
		expect(r).toEqual({kind: 'failure', failure: {kind: 'no-ipvs', message: msg.trim()}});
	});

	it('a cut connection (no list status) is a failure, not a crash', () => {
		const r = readPollOutput(`${M} uptime 1.0\n${M} list\nIP Virtual Server version 1.2.1 (size=4096)\n`, null);
		expect(r.kind).toBe('failure');
		if (r.kind === 'failure') expect(r.failure.message).toMatch(/incomplete poll output/);
	});

	it('a failed stats run keeps the table and reports it', () => {
		const r = readPollOutput(output(fixture('01-basic/ipvsadm_-Ln.txt'), 0, 'boom\n', 1), 0);
		expect(r.kind).toBe('table');
		if (r.kind === 'table') expect(r.issues[0].reason).toMatch(/--stats failed \(status 1\)/);
	});
});

// What IPVS_POLL_COMMAND prints now: both listings from one `ipvsadm -R`, its status the command's.
const listings = (text: string, uptime = '1234.56') => `${M} uptime ${uptime}\n${M} listings\n${text}`;

describe('poll output of the one-process command (ipvsadm -R)', () => {
	const list = fixture('02-full/ipvsadm_-Ln.txt');
	const stats = fixture('02-full/ipvsadm_-Ln_--stats_--exact.txt');

	it('the command runs exactly one program: the shell becomes ipvsadm -R reading both listings from a here-document', () => {
		expect(IPVS_POLL_COMMAND).toMatch(/\nexec ipvsadm -R 2>&1 <<'LVS_TUI_END'\n-L -n --exact\n-L -n --stats --exact\nLVS_TUI_END\n$/);
		// Before the exec only builtins: no other command name, no pipe, no command substitution.
		const head = IPVS_POLL_COMMAND.slice(0, IPVS_POLL_COMMAND.indexOf('\nexec '));
		expect(head).not.toMatch(/[|`]|\$\(/);
		expect(head.split(/[;\n]/).map(c => c.trim().split(/\s+/)[0])).toEqual(['PATH="$PATH:/usr/sbin:/sbin"', 'LC_ALL=C', 'export', 'up=', 'read', 'echo', 'echo']);
	});

	it('reads both listings into the same table as the two-section form', () => {
		const one = readPollOutput(listings(list + stats), 0);
		const two = readPollOutput(output(list, 0, stats, 0), 0);
		expect(one.kind).toBe('table');
		expect(one).toEqual(two);
		if (one.kind !== 'table') return;
		expect(one.issues).toEqual([]);
		expect(one.directorUptime).toBe(1234.56);
		expect(one.table.services).toHaveLength(8);
		expect(one.table.services[0].realServers[0]).toMatchObject({weight: 3, stats: {conns: 0, exact: true}});
	});

	it("ipvsadm's failure (its exit status is the command's) keeps its words", () => {
		const msg = "Can't initialize ipvs: Protocol not available\nAre you sure that IP Virtual Server is built in the kernel or as module?\n";
		expect(readPollOutput(listings(msg), 2)).toEqual({kind: 'failure', failure: {kind: 'no-ipvs', message: msg.trim()}});
		// bash's own words when there is no ipvsadm to exec.
		const missing = readPollOutput(listings('bash: line 3: exec: ipvsadm: not found\n'), 127);
		expect(missing).toEqual({kind: 'failure', failure: {kind: 'not-installed', message: 'bash: line 3: exec: ipvsadm: not found'}});
	});

	it('a cut connection (no exit status) is a failure, not a half table', () => {
		const r = readPollOutput(listings(list), null);
		expect(r.kind).toBe('failure');
		if (r.kind === 'failure') expect(r.failure.message).toMatch(/incomplete poll output \(exit status none\)/);
	});

	it('a missing --stats listing keeps the table and says so', () => {
		const r = readPollOutput(listings(list), 0);
		expect(r.kind).toBe('table');
		if (r.kind !== 'table') return;
		expect(r.table.services).toHaveLength(8);
		expect(r.table.services[0].stats).toBeUndefined();
		expect(r.issues.map(i => i.reason)).toEqual(['the --stats listing is missing from the poll output']);
	});
});

describe('rates from exact counter deltas', () => {
	const samples = formatSamples();
	const before = parseIpvsadmStats(samples['ipvsadm -L -n --stats --exact']).value;

	it('divides deltas by the elapsed seconds', () => {
		const after = structuredClone(before);
		const svc = after.services[0];
		svc.stats = {...svc.stats!, conns: svc.stats!.conns + 30, inBytes: svc.stats!.inBytes + 6000};
		svc.realServers[0].stats = {...svc.realServers[0].stats!, conns: svc.realServers[0].stats!.conns + 20};
		const t = withRates(before, after, 2);
		expect(t.services[0].rates).toEqual({cps: 15, inPps: 0, outPps: 0, inBps: 3000, outBps: 0});
		expect(t.services[0].realServers[0].rates?.cps).toBe(10);
		expect(t.services[0].realServers[1].rates?.cps).toBe(0);
	});

	it('gives no rate across a counter reset (ipvsadm -Z), for inexact counters, or for zero time', () => {
		const zeroed = parseIpvsadmStats(fixture('04-zeroed/ipvsadm_-Ln_--stats.txt')).value;
		const a = {conns: 10, inPackets: 10, outPackets: 10, inBytes: 10, outBytes: 10, exact: true};
		expect(rateBetween(a, {...a, conns: 0}, 1)).toBeUndefined();
		expect(rateBetween(a, {...a, exact: false}, 1)).toBeUndefined();
		expect(rateBetween(a, a, 0)).toBeUndefined();
		expect(withRates(zeroed, zeroed, 1).services[0].rates).toEqual({cps: 0, inPps: 0, outPps: 0, inBps: 0, outBps: 0});
	});
});

describe('matching by key when the order changes between readings', () => {
	it('rates and merged counters follow each service and server, not its position', () => {
		const before = parseIpvsadmStats(fixture('02-full/ipvsadm_-Ln_--stats_--exact.txt')).value;
		const after = structuredClone(before);
		after.services.reverse();
		for (const s of after.services) {
			s.realServers.reverse();
			s.stats = s.stats && {...s.stats, conns: s.stats.conns + 4};
			for (const r of s.realServers) r.stats = r.stats && {...r.stats, conns: r.stats.conns + 2};
		}
		fillRatesInPlace(before, after, 2);
		for (const s of after.services) {
			expect(s.rates?.cps).toBe(2);
			for (const r of s.realServers) expect(r.rates?.cps).toBe(1);
		}
		const carried = structuredClone(before);
		carried.services.reverse();
		carryRatesInPlace(after, carried);
		expect(carried.services.every(s => s.rates?.cps === 2 && s.realServers.every(r => r.rates?.cps === 1))).toBe(true);

		const list = parseIpvsadmList(fixture('02-full/ipvsadm_-Ln.txt')).value;
		list.services.reverse();
		const merged = attachStatsInPlace(list, parseIpvsadmStats(fixture('02-full/ipvsadm_-Ln_--stats_--exact.txt')).value);
		const byKey = new Map(before.services.map(s => [s.key, s]));
		for (const s of merged.services) {
			expect(s.stats).toEqual(byKey.get(s.key)!.stats);
			for (const r of s.realServers) expect(r.stats).toEqual(byKey.get(s.key)!.realServers.find(x => x.key === r.key)!.stats);
		}
	});
});

describe('rates across the kernel estimator period (counters published every 2 s)', () => {
	// The pattern seen on the lab VM: 1 s polls, counters move only every other poll.
	const table = (conns: number) => {
		const t = parseIpvsadmStats(fixture('01-basic/ipvsadm_-Ln_--stats.txt')).value;
		t.services[0].stats = {...t.services[0].stats!, conns};
		t.services[0].realServers[0].stats = {...t.services[0].realServers[0].stats!, conns};
		return t;
	};
	it('measures between polls that saw the counters move, carries the rate in between, then falls to 0 when idle', () => {
		let data = initialIpvs(['d']);
		let rates: RateTrackerState | null = null;
		const cps: Array<number | undefined> = [];
		for (const [t, c] of [
			[100, 0],
			[101, 0],
			[102, 20],
			[103, 20],
			[104, 40],
			[105, 40],
			[106, 40],
			[107, 40],
			[108, 40],
			[119, 40],
			[120, 60],
		]) {
			const tracked = trackRates(rates, table(c), t);
			rates = tracked.state;
			data = ipvsPollSucceeded('d', {table: tracked.table, issues: [], sampleTime: t}, t * 1000)(data);
			cps.push(data.directors.d.table!.services[0].rates?.cps);
		}
		expect(cps).toEqual([undefined, undefined, 10, 10, 10, 10, 10, 10, 0, 0, 10]);
		expect(historyOf(data.directors.d, 'tcp 10.0.2.100:80 -> 10.0.2.21:80')).toEqual([10, 10, 10, 10, 10, 10, 0, 0, 10]);
	});
});
