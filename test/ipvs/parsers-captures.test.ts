// Every real capture is a test case: each ipvsadm / /proc/net/ip_vs* output parses with no issue,
// into the format its command says; each failing command is classified with its text verbatim.
import {describe, expect, it} from 'vitest';
import {captures} from './fixtures.js';
import {detectIpvsFormat, parseIpvsAny, type IpvsFormat} from '../../source/domain/ipvs/ipvsadm-detect.js';
import {classifyIpvsadmFailure} from '../../source/domain/ipvs/ipvsadm-failure.js';
import {parseProcIpVsApp} from '../../source/domain/ipvs/proc-ip-vs-app.js';
import {parseProcIpVsStatsPerCpu} from '../../source/domain/ipvs/proc-ip-vs-stats-percpu.js';

function expectedFormat(command: string): IpvsFormat | 'other' {
	if (command === 'cat /proc/net/ip_vs') return 'proc-ip-vs';
	if (command === 'cat /proc/net/ip_vs_stats') return 'proc-ip-vs-stats';
	if (command === 'cat /proc/net/ip_vs_conn') return 'proc-ip-vs-conn';
	if (!command.startsWith('ipvsadm ') || command === 'ipvsadm --version') return 'other';
	if (/ -S/.test(command)) return 'save';
	if (/--timeout/.test(command)) return 'timeout';
	if (/--daemon/.test(command)) return 'daemon';
	if (/-Lnc/.test(command)) return 'connections';
	if (/--stats/.test(command)) return 'stats';
	if (/--rate/.test(command)) return 'rate';
	if (/--thresholds/.test(command)) return 'thresholds';
	if (/--persistent-conn/.test(command)) return 'persistent-conn';
	if (/^ipvsadm -L/.test(command)) return 'list';
	return 'other';
}

const all = captures();

describe('every real capture', () => {
	it('finds the captures', () => {
		expect(all.length).toBeGreaterThan(50);
	});

	for (const c of all.filter(c => c.exitCode === 0 && expectedFormat(c.command) !== 'other')) {
		it(`${c.file}: ${c.command}`, () => {
			const expected = expectedFormat(c.command);
			const detected = detectIpvsFormat(c.stdout);
			// Empty outputs (no daemon, empty table in -S) carry no header to detect.
			if (detected !== 'empty') expect(detected).toBe(expected);
			const parsed = parseIpvsAny(c.stdout);
			expect(parsed.issues).toEqual([]);
		});
	}

	for (const c of all.filter(c => c.exitCode !== 0 && c.command.startsWith('ipvsadm '))) {
		it(`${c.file}: failure '${c.stderr.trim()}' is kept verbatim`, () => {
			const f = classifyIpvsadmFailure(c.exitCode, c.stdout + c.stderr);
			expect(f.kind).toBe('error');
			expect(f.message).toBe(c.stderr.trim());
		});
	}

	it('reads /proc/net/ip_vs_app and ip_vs_stats_percpu', () => {
		const app = parseProcIpVsApp(all.find(c => c.command === 'cat /proc/net/ip_vs_app')!.stdout);
		expect(app).toEqual({value: [{protocol: 'TCP', port: 21, useCount: 0, name: 'ftp'}], issues: []});
		const percpu = parseProcIpVsStatsPerCpu(all.find(c => c.command === 'cat /proc/net/ip_vs_stats_percpu')!.stdout);
		expect(percpu.issues).toEqual([]);
		expect(Object.keys(percpu.value.cpus)).toEqual(['0']);
		expect(percpu.value.total?.conns).toBe(0);
		expect(percpu.value.rates?.cps).toBe(0);
	});
});
