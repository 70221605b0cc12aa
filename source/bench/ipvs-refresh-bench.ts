// Bench: one IPVS panel refresh at scale — read the poll output of 1,000 services x 10 real servers
// (-Ln --exact and --stats --exact, a fresh text with moved counters every refresh), merge, compute
// rates against the previous poll (counters move every poll here, the busiest case), store it (with
// the sparkline history) and render the panel with Ink as the user sees it: the side panel of a
// 120x40 terminal, and the C-a i overlay at 80x24. Each view is its own series. Budget: 50 ms.
import type {ReactElement} from 'react';
import {readPollOutput} from '../domain/ipvs/ipvs-poll-command.js';
import {initialIpvs, ipvsPollSucceeded, type IpvsData} from '../store/ipvs-slice.js';
import {SIDE_PANEL_WIDTH} from '../store/layout.js';
import {trackRates, type RateTrackerState} from '../domain/ipvs/ipvs-rate-tracker.js';

/** One view's series: wall and CPU per refresh. */
export interface IpvsViewFigures {
	view: string;
	minMs: number;
	medianMs: number;
	p95Ms: number;
	cpuMedianMs: number;
}

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
	/** Each view measured (the figures above are the slower view's). */
	views?: IpvsViewFigures[];
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
	// One ipvsadm -R prints both listings one after the other (its exit status is the command's).
	return [`${M} uptime ${1000 + tick}.00`, `${M} listings`, ...list, ...stats, ''].join('\n');
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** How the panel is drawn in each view, with the sizes the app gives it. */
async function views(): Promise<Array<{name: string; render(data: IpvsData, now: number): void}>> {
	// The app runs React's production build (cli.ts sets NODE_ENV before React loads); measure that.
	process.env.NODE_ENV ??= 'production';
	const {createElement} = await import('react');
	const {Box, Text, renderToString} = await import('ink');
	const {IpvsView, overlayHintLines} = await import('../ui/panels/ipvs-panel.js');
	const draw = (element: ReactElement, columns: number) => renderToString(element, {columns});
	// 120x40: the side panel is SIDE_PANEL_WIDTH wide beside the panes; IPVS (weight 2) shares the
	// 38 rows under the tab line with the interfaces panel (weight 1), inside a border.
	const sideWidth = SIDE_PANEL_WIDTH - 2;
	const sideHeight = Math.floor((38 * 2) / 3) - 3;
	// 80x24: the overlay takes the rows above the status line, its key hints first.
	const hints = overlayHintLines(80);
	return [
		{
			name: 'side panel at 120x40',
			render: (data, now) => draw(createElement(IpvsView, {data, width: sideWidth, height: sideHeight, focused: false, now}), sideWidth),
		},
		{
			name: 'C-a i overlay at 80x24',
			render: (data, now) =>
				draw(
					createElement(
						Box,
						{flexDirection: 'column', width: 80, height: 23},
						...hints.map((hint, i) => createElement(Text, {key: `h${i}`, wrap: 'truncate'}, hint)),
						createElement(IpvsView, {key: 'view', data, width: 80, height: 23 - hints.length, focused: true, now}),
					),
					80,
				),
		},
	];
}

const round = (ms: number) => Math.round(ms * 100) / 100;

export async function runIpvsBench(options: {services?: number; servers?: number; iterations?: number} = {}): Promise<IpvsBenchResult> {
	const services = options.services ?? 1000;
	const servers = options.servers ?? 10;
	const iterations = options.iterations ?? 20;
	const figures: IpvsViewFigures[] = [];
	let slowest: {samples: number[]; cpu: number[]} | null = null;
	for (const view of await views()) {
		let data: IpvsData = initialIpvs(['director']);
		let rates: RateTrackerState | null = null;
		let tick = 0;
		const refresh = () => {
			// A fresh text each refresh, counters moved.
			const reading = readPollOutput(nextOutput, 0);
			if (reading.kind !== 'table') throw new Error('bench output did not parse');
			if (reading.issues.length) throw new Error(`bench output had ${reading.issues.length} unreadable lines`);
			const tracked = trackRates(rates, reading.table, 1000 + tick);
			rates = tracked.state;
			data = ipvsPollSucceeded('director', {table: tracked.table, issues: reading.issues, sampleTime: 1000 + tick}, tick * 1000)(data);
			view.render(data, tick * 1000);
		};
		// Every refresh parses a text of its own, all made before the clock starts.
		const outputs = Array.from({length: iterations + 5}, (_, i) => syntheticPollOutput(services, servers, i));
		let nextOutput = '';
		const samples: number[] = [];
		const cpu: number[] = [];
		// Warm-up: JIT and the first polls (no rates yet, then the sparkline filling).
		for (let i = 0; i < outputs.length; i++) {
			tick = i;
			nextOutput = outputs[i];
			const start = performance.now();
			const cpuStart = process.cpuUsage();
			refresh();
			const used = process.cpuUsage(cpuStart);
			if (i < 5) continue;
			samples.push(performance.now() - start);
			cpu.push((used.user + used.system) / 1000);
		}
		samples.sort((a, b) => a - b);
		cpu.sort((a, b) => a - b);
		figures.push({view: view.name, minMs: round(samples[0]), medianMs: round(percentile(samples, 0.5)), p95Ms: round(percentile(samples, 0.95)), cpuMedianMs: round(percentile(cpu, 0.5))});
		if (!slowest || Math.max(percentile(samples, 0.5), percentile(cpu, 0.5)) > Math.max(percentile(slowest.samples, 0.5), percentile(slowest.cpu, 0.5))) slowest = {samples, cpu};
	}
	const {samples, cpu} = slowest!;
	const medianMs = percentile(samples, 0.5);
	return {
		name: `ipvs.refresh (parse + rates + store + render, ${services} services x ${servers} real servers)`,
		services,
		serversPerService: servers,
		iterations,
		minMs: round(samples[0]),
		cpuMedianMs: round(percentile(cpu, 0.5)),
		medianMs: round(medianMs),
		p95Ms: round(percentile(samples, 0.95)),
		maxMs: round(samples[samples.length - 1]),
		budgetMs: 50,
		ok: Math.max(medianMs, percentile(cpu, 0.5)) < 50,
		views: figures,
	};
}
