// The in-place row scan (the refresh's hot path) against the word reader it stands in for: on every
// real capture, on the bench's 11,000-row table, and on generated rows full of the things that
// could make the two disagree (tabs, other whitespace, suffixes, signs, huge numbers, CRs, extras).
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {captures, formatSamples} from './fixtures.js';
import {parseListing, type ListingFormat} from '../../source/domain/ipvs/ipvsadm-listing.js';
import type {IpvsTable} from '../../source/domain/ipvs/ipvs-model.js';
import {LIST_FORMAT} from '../../source/domain/ipvs/ipvsadm-list.js';
import {STATS_FORMAT} from '../../source/domain/ipvs/ipvsadm-stats.js';
import {syntheticPollOutput} from '../../source/bench/ipvs-refresh-bench.js';

const byWords = (format: ListingFormat): ListingFormat => ({...format, scanRealServer: undefined});

/** Tables to offer as the expected layout: right, shifted, from another listing, from a names listing. */
const hints: IpvsTable[] = [];

function agree(text: string, format: ListingFormat, names = false) {
	const scanned = parseListing(text, format, {names});
	const worded = parseListing(text, byWords(format), {names});
	expect(scanned).toEqual(worded);
	// The expected-layout hint only saves work: with any table offered the result is the same.
	for (const expectTable of [scanned.value, {services: scanned.value.services.slice(1)}, ...hints.slice(-3)]) expect(parseListing(text, format, {names, expect: expectTable})).toEqual(scanned);
	hints.push(scanned.value);
	return scanned;
}

describe('in-place scan = word reader, with or without an expected layout', () => {
	const lists = captures().filter(c => c.exitCode === 0 && /^ipvsadm -L/.test(c.command) && !/--stats|--rate|--thresholds|--persistent-conn|-Lnc|-L -c|--timeout|--daemon/.test(c.command));
	const stats = captures().filter(c => c.exitCode === 0 && /^ipvsadm -L.*--stats/.test(c.command));

	it('on every real -L capture', () => {
		expect(lists.length).toBeGreaterThan(5);
		for (const c of lists) agree(c.stdout, LIST_FORMAT, !/ -\w*n\b| --numeric/.test(c.command));
		// A listing with names (as without -n) read as numeric, offered its own names table: an
		// endpoint a numeric listing could not have printed is never taken from a hint.
		const full = lists.find(c => c.file === '02-full/ipvsadm_-Ln.txt')!.stdout;
		for (const named of [full.replace(/-> (\S+):80\b/g, '-> $1:http'), full.replace(/10\.0\.2\.21:80/g, 'rs1:80')]) {
			const withNames = parseListing(named, LIST_FORMAT, {names: true}).value;
			const numeric = parseListing(named, LIST_FORMAT);
			expect(numeric.issues.length).toBeGreaterThan(0);
			expect(parseListing(named, LIST_FORMAT, {expect: withNames})).toEqual(numeric);
		}
	});

	it('on every real --stats capture, with and without --exact (K/M suffixes)', () => {
		expect(stats.length).toBeGreaterThan(2);
		for (const c of stats) agree(c.stdout, STATS_FORMAT);
		const samples = formatSamples();
		for (const [command, text] of Object.entries(samples)) {
			if (/--stats/.test(command)) expect(agree(text, STATS_FORMAT).value.services.length).toBeGreaterThan(0);
			else if (/^ipvsadm -L -n( --exact)?$/.test(command)) agree(text, LIST_FORMAT);
		}
	});

	it('a listing read in place inside a larger text (start/end) = the same listing sliced out', () => {
		for (const c of [...lists, ...stats]) {
			const format = /--stats/.test(c.command) ? STATS_FORMAT : LIST_FORMAT;
			for (const [before, after] of [['', ''], ['@@lvs-tui listings\n', 'IP Virtual Server version 1.2.1 (size=4096)\n  -> 10.9.9.9:80 Masq 1 0 0\n'], ['junk -> 1.2.3.4:80', '\r\nTCP 1.2.3.4:80 rr']]) {
				const text = before + c.stdout + after;
				const inPlace = parseListing(text, format, {start: before.length, end: before.length + c.stdout.length});
				expect(inPlace).toEqual(parseListing(c.stdout, format));
			}
		}
	});

	it('on the bench table (1,000 services x 10 servers), both listings', () => {
		const out = syntheticPollOutput(1000, 10, 3);
		const at = out.lastIndexOf('IP Virtual Server version');
		const body = out.slice(out.indexOf('IP Virtual Server version'), at);
		const list = agree(body, LIST_FORMAT);
		expect(list.issues).toEqual([]);
		expect(list.value.services).toHaveLength(1000);
		expect(list.value.services[999].realServers).toHaveLength(10);
		const st = agree(out.slice(at), STATS_FORMAT);
		expect(st.value.services[0].realServers[9].stats?.exact).toBe(true);
	});

	// Mostly well-formed (so the scan takes the row), with every odd case mixed in.
	const blank = fc.oneof({weight: 8, arbitrary: fc.constantFrom(' ', '  ', '\t', ' \t ')}, {weight: 1, arbitrary: fc.constantFrom('\u00a0', '\v', '\f', '')});
	const count = fc.oneof(
		{weight: 6, arbitrary: fc.nat().map(String)},
		{weight: 1, arbitrary: fc.maxSafeNat().map(String)},
		{weight: 3, arbitrary: fc.constantFrom('9007199254740993', '99999999999999999999', '-1', '1.5', '0x10', '007', 'K', '12K', '3M', '4G', '5T', '6k', '7KK', '8K9', '+1', '')},
	);
	const address = fc.oneof(
		{weight: 4, arbitrary: fc.constantFrom('10.0.2.21:80', '[2001:db8::21]:80')},
		{weight: 2, arbitrary: fc.constantFrom('10.0.2.21:080', '[2001:DB8:0::21]:443', '10.0.2.300:80', 'rs1.example:http', '10.0.2.21', 'RemoteAddress:Port', '')},
	);
	const forward = fc.oneof({weight: 4, arbitrary: fc.constantFrom('Masq', 'Route', 'Tunnel', 'Local', 'Bypass')}, {weight: 1, arbitrary: fc.constantFrom('masq', 'Masquerade', 'Masq\u00a0', '')});
	const arrow = fc.oneof({weight: 4, arbitrary: fc.constant('  -> ')}, {weight: 1, arbitrary: fc.constantFrom('-> ', '\t->\t', '  ->', '  ->x ', ' \u00a0-> ')});
	const row = (fields: fc.Arbitrary<string[]>) =>
		fc
			.tuple(arrow, address, fields, fc.array(blank, {minLength: 8, maxLength: 8}), fc.oneof({weight: 3, arbitrary: fc.constant('')}, {weight: 1, arbitrary: fc.constantFrom('\r', ' ', ' extra', '\r\r')}))
			.map(([a, addr, f, gaps, tail]) => a + addr + f.map((x, i) => gaps[i] + x).join('') + tail);
	const listService = fc.constantFrom('TCP  10.0.2.100:80 wlc', 'UDP  10.0.2.100:53 rr ops', 'FWM  7 sh (sh-fallback,sh-port) persistent 60', 'TCP  bad');
	const statsService = fc.constantFrom('TCP  10.0.2.100:80                 10        2        3      400      500', 'FWM  7  1 2 3 4 5', 'TCP  10.0.2.100:80 wlc');
	const header = fc.constantFrom('  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn', '  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn', '  -> RemoteAddress:Port');

	it('on generated -L rows', () => {
		const listRow = row(fc.tuple(forward, count, count, count, fc.oneof({weight: 4, arbitrary: fc.constant('')}, {weight: 1, arbitrary: fc.constantFrom('n/a', 'ipip')})).map(([f, a, b, c, d]) => (d ? [f, a, b, c, d] : [f, a, b, c])));
		fc.assert(
			fc.property(fc.array(fc.oneof({weight: 1, arbitrary: listService}, {weight: 1, arbitrary: header}, {weight: 6, arbitrary: listRow}), {maxLength: 12}), fc.boolean(), (lines, names) => {
				agree(lines.join('\n'), LIST_FORMAT, names);
			}),
			{numRuns: 2000},
		);
	});

	it('on generated --stats rows', () => {
		const statsRow = row(fc.oneof({weight: 4, arbitrary: fc.array(count, {minLength: 5, maxLength: 5})}, {weight: 1, arbitrary: fc.array(count, {maxLength: 7})}));
		fc.assert(
			fc.property(fc.array(fc.oneof({weight: 1, arbitrary: statsService}, {weight: 6, arbitrary: statsRow}), {maxLength: 12}), lines => {
				agree(lines.join('\n'), STATS_FORMAT);
			}),
			{numRuns: 2000},
		);
	});
});
