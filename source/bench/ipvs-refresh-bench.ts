// Bench: one IPVS panel refresh at scale — read the poll output of 1,000 services x 10 real servers
// (-Ln --exact and --stats --exact), merge, compute rates against the previous poll (counters move
// every poll here, the busiest case), build the
// rows and render the panel with Ink (the 80x24 overlay). Budget: 50 ms.
import {createElement} from 'react';
import {renderToString} from 'ink';
import {readPollOutput} from '../domain/ipvs/ipvs-poll-command.js';
import {initialIpvs, ipvsPollSucceeded, type IpvsData} from '../store/ipvs-slice.js';
import {IpvsView} from '../ui/panels/ipvs-panel.js';
import {trackRates, type RateTrackerState} from '../domain/ipvs/ipvs-rate-tracker.js';

export interface IpvsBenchResult {
	name: string;
	services: number;
	serversPerService: number;
	iterations: number;
	/** Fastest refresh: the cost with the machine otherwise idle (the median includes other load). */
	minMs: number;
	/** CPU time (user+system, all threads incl. GC) per refresh, median: what the refresh costs whatever else runs. */
	cpuMedianMs: number;
	medianMs: number;
	p95Ms: number;
	maxMs: number;
	budgetMs: number;
	ok: boolean;
}

/** What IPVS_POLL_COMMAND prints for a table of this size; `tick` moves the counters. */
export function syntheticPollOutput(services: number, servers: number, tick: number): string {
	const list: string[] = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn'];
	const stats: string[] = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes', '  -> RemoteAddress:Port'];
	for (let s = 0; s < services; s++) {
		const vip = `10.${(s >> 8) & 255}.${s & 255}.1:${80 + (s % 3)}`;
		list.push(`TCP  ${vip} wlc${s % 5 === 0 ? ' persistent 300' : ''}`);
		let total = 0;
		const rows: string[] = [];
		for (let r = 0; r < servers; r++) {
			const rip = `172.16.${s & 255}.${r + 10}:80`;
			const conns = (s + 1) * (r + 1) * 1000 + tick * (r + 1);
			total += conns;
			list.push(`  -> ${rip.padEnd(28)} Masq    ${String(r % 4).padEnd(6)} ${String(r * 3).padEnd(10)} ${String(r * 7).padEnd(10)}`);
			rows.push(`  -> ${rip.padEnd(28)} ${String(conns).padStart(9)} ${String(conns * 10).padStart(9)} ${String(conns * 9).padStart(9)} ${String(conns * 800).padStart(9)} ${String(conns * 12000).padStart(9)}`);
		}
		stats.push(`TCP  ${vip.padEnd(28)} ${String(total).padStart(9)} ${String(total * 10).padStart(9)} ${String(total * 9).padStart(9)} ${String(total * 800).padStart(9)} ${String(total * 12000).padStart(9)}`, ...rows);
	}
	const M = '@@lvs-tui';
	return [`${M} uptime ${1000 + tick}.00`, `${M} list`, ...list, `${M} rc 0`, `${M} stats`, ...stats, `${M} rc 0`, ''].join('\n');
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export async function runIpvsBench(options: {services?: number; servers?: number; iterations?: number} = {}): Promise<IpvsBenchResult> {
	const services = options.services ?? 1000;
	const servers = options.servers ?? 10;
	const iterations = options.iterations ?? 20;
	const outputs = [0, 1, 2].map(t => syntheticPollOutput(services, servers, t));
	let data: IpvsData = initialIpvs(['director']);
	let rates: RateTrackerState | null = null;
	const refresh = (i: number) => {
		const reading = readPollOutput(outputs[i % outputs.length], 0);
		if (reading.kind !== 'table') throw new Error('bench output did not parse');
		if (reading.issues.length) throw new Error(`bench output had ${reading.issues.length} unreadable lines`);
		const tracked = trackRates(rates, reading.table, 1000 + i);
		rates = tracked.state;
		data = ipvsPollSucceeded('director', {table: tracked.table, issues: reading.issues, sampleTime: 1000 + i}, i * 1000)(data);
		// What one refresh draws: the 80x24 C-a i overlay (the side panel is a smaller subset of it).
		renderToString(createElement(IpvsView, {data, width: 80, height: 23, focused: true, now: i * 1000}), {columns: 80});
	};
	// Warm-up: JIT and the first poll (no rates yet).
	for (let i = 0; i < 3; i++) refresh(i);
	const samples: number[] = [];
	const cpu: number[] = [];
	for (let i = 3; i < iterations + 3; i++) {
		const start = performance.now();
		const cpuStart = process.cpuUsage();
		refresh(i);
		const used = process.cpuUsage(cpuStart);
		samples.push(performance.now() - start);
		cpu.push((used.user + used.system) / 1000);
	}
	cpu.sort((a, b) => a - b);
	samples.sort((a, b) => a - b);
	const medianMs = percentile(samples, 0.5);
	return {
		name: `ipvs.refresh (parse + rates + render, ${services} services x ${servers} real servers)`,
		services,
		serversPerService: servers,
		iterations,
		minMs: Math.round(samples[0] * 100) / 100,
		cpuMedianMs: Math.round(percentile(cpu, 0.5) * 100) / 100,
		medianMs: Math.round(medianMs * 100) / 100,
		p95Ms: Math.round(percentile(samples, 0.95) * 100) / 100,
		maxMs: Math.round(samples[samples.length - 1] * 100) / 100,
		budgetMs: 50,
		ok: Math.min(medianMs, percentile(cpu, 0.5)) < 50,
	};
}
