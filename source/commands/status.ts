// `lvs-tui status [--json] [--config FILE] [--window SECONDS]`: a one-shot snapshot of every
// director — services, real servers, weights, connections, rates over a short window, VIP states —
// for scripts and monitoring. Exit 0 when every director was read, 1 when one could not be, 2 for
// bad usage or config.
import {setTimeout as sleep} from 'node:timers/promises';
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import {formatError} from '../domain/result.js';
import {validateVip} from '../domain/net/vip-spec.js';
import {formatCompact} from '../domain/ipvs/ipvs-numbers.js';
import {endpointText, serviceLabel, type IpvsTable} from '../domain/ipvs/ipvs-model.js';
import {namesFromConfig} from '../store/ipvs-slice.js';
import {countersMoved, trackRates} from '../domain/ipvs/ipvs-rate-tracker.js';
import {AuditLog} from '../services/audit-log.js';
import {commandHosts} from './command-hosts.js';
import {readIpvs} from '../services/ipvs-poller.js';
import {VipControl} from '../services/vip-control.js';
import type {CommandRunner} from '../transports/command-runner.js';
import {CONFIG_OPTIONS, loadCommandConfig, readCommandLine, settleCommandLine} from './command-line.js';

export const STATUS_USAGE = `usage: lvs-tui status [options]

  --config FILE     lvs-tui.yaml (default: ./lvs-tui.yaml, ~/.config/lvs-tui/lvs-tui.yaml, else
                    local mode: this host is the director)
  --window SECONDS  wait up to this long to measure rates (default 5; the kernel updates its
                    counters every 2 s, so 2–4 s is typical; 0 = counters only)
  --json            print the snapshot as JSON

exit status: 0 every director read, 1 a director could not be read (or has no IPVS), 2 bad usage or config`;

interface StatusArgs {
	config?: string;
	windowSeconds: number;
	json: boolean;
	help: boolean;
}

// Read-only by nature, so no --read-only.
const STATUS_OPTIONS = {
	config: CONFIG_OPTIONS.config,
	help: CONFIG_OPTIONS.help,
	window: {type: 'string'},
	json: {type: 'boolean'},
} as const;

export function parseStatusArgs(argv: string[]): StatusArgs | string {
	const parsed = readCommandLine({args: argv, options: STATUS_OPTIONS});
	if (typeof parsed === 'string') return parsed;
	const v = parsed.values;
	const window = v.window ?? '5';
	if (!/^\d+(\.\d+)?$/.test(window) || Number(window) > 300) return `--window needs seconds between 0 and 300, not '${window}'`;
	return {config: v.config, windowSeconds: Number(window), json: v.json === true, help: v.help === true};
}

export interface DirectorSnapshot {
	host: string;
	ok: boolean;
	/** True when the kernel has no IPVS (ipvsadm: Protocol not available). */
	noIpvs?: boolean;
	error?: string;
	version?: string;
	/** Seconds the rates were measured over (null: counters only). */
	rateWindowSeconds: number | null;
	services: IpvsTable['services'];
	/** Address → configured name, for the real servers that have one. */
	names: Record<string, string>;
	vips: Array<{address: string; label?: string; state: 'up' | 'down' | 'error'; error?: string}>;
	issues: Array<{lineNumber: number; line: string; reason: string}>;
}

/**
 * Read one director, and (window > 0) its rates: the kernel publishes counters every 2 s, so keep
 * reading every 250 ms until the counters have moved twice — the rate is then measured over one
 * whole kernel period — or the window runs out (no movement: idle, rates 0).
 */
export async function snapshotDirector(config: ClusterConfig, runner: CommandRunner, windowSeconds: number): Promise<DirectorSnapshot> {
	const names = namesFromConfig(config);
	const host = runner.host;
	const base: DirectorSnapshot = {host, ok: false, rateWindowSeconds: null, services: [], names, vips: [], issues: []};
	const first = await readIpvs(runner);
	if (!first.ok) return {...base, noIpvs: first.noIpvs, error: formatError(first.error)};
	let tracked = trackRates(null, first.table, first.sampleTime);
	let issues = first.issues;
	let window: number | null = null;
	if (windowSeconds > 0) {
		const deadline = Date.now() + windowSeconds * 1000;
		let previous = first.table;
		const moves: number[] = [first.sampleTime];
		while (moves.length < 3 && Date.now() < deadline) {
			await sleep(250);
			const next = await readIpvs(runner);
			if (!next.ok) return {...base, noIpvs: next.noIpvs, error: formatError(next.error)};
			if (countersMoved(previous, next.table)) moves.push(next.sampleTime);
			previous = next.table;
			tracked = trackRates(next.clock === first.clock ? tracked.state : null, next.table, next.sampleTime);
			issues = next.issues;
			window = Math.round((moves.length > 1 ? moves[moves.length - 1] - moves[moves.length - 2] : next.sampleTime - first.sampleTime) * 1000) / 1000;
		}
	}
	const table = tracked.table;
	const vips: DirectorSnapshot['vips'] = [];
	if (config.vips.length) {
		const control = new VipControl({director: runner, audit: new AuditLog(config.options.auditLog), readOnly: true, lvsType: config.lvsType});
		for (const v of config.vips) {
			const spec = validateVip(v);
			if (!spec.ok) {
				vips.push({address: v.address, label: v.label, state: 'error', error: spec.error.message});
				continue;
			}
			const s = await control.status(spec.value);
			vips.push(s.ok ? {address: v.address, label: v.label, state: s.value.up ? 'up' : 'down'} : {address: v.address, label: v.label, state: 'error', error: formatError(s.error)});
		}
	}
	return {...base, ok: true, version: table.version, rateWindowSeconds: window, services: table.services, vips, issues};
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const rpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

export function formatSnapshot(s: DirectorSnapshot): string {
	const out: string[] = [];
	if (!s.ok) {
		out.push(`${s.host}: ${s.noIpvs ? 'no IPVS in this kernel (see `lvs-tui doctor` and the kernel wizard, C-a W)' : 'cannot read the IPVS table'}`);
		if (s.error) out.push(...s.error.split('\n').map(l => `  ${l}`));
		return out.join('\n');
	}
	const n = s.services.length;
	out.push(`${s.host}: IPVS ${s.version ?? '?'}, ${n} service${n === 1 ? '' : 's'}${s.rateWindowSeconds ? `, rates over ${s.rateWindowSeconds} s` : ''}`);
	for (const v of s.vips) out.push(`  VIP ${v.address}${v.label ? ` (${v.label})` : ''}: ${v.state}${v.error ? ` — ${v.error}` : ''}`);
	for (const svc of s.services) {
		const flags = [svc.scheduler ?? '?', svc.schedulerFlags.length ? `(${svc.schedulerFlags.join(',')})` : '', svc.persistent ? `persistent ${svc.persistent}` : '', svc.netmask ? `mask ${svc.netmask}` : '', svc.onePacket ? 'ops' : '']
			.filter(Boolean)
			.join(' ');
		const rate = svc.rates ? `  ${formatCompact(svc.rates.cps)} conn/s` : '';
		out.push(`${serviceLabel(svc)} ${flags}${rate}`);
		out.push(`  ${pad('real server', 26)} ${pad('fwd', 6)} ${rpad('weight', 6)} ${rpad('active', 7)} ${rpad('inact', 7)} ${rpad('conn/s', 7)} ${rpad('in B/s', 7)} ${rpad('out B/s', 7)}`);
		for (const r of svc.realServers) {
			const name = s.names[r.address.host];
			const label = name ? `${name} ${endpointText(r.address)}` : endpointText(r.address);
			const rt = r.rates;
			out.push(
				`  ${pad(label, 26)} ${pad(r.forward ?? '?', 6)} ${rpad(String(r.weight ?? '?'), 6)} ${rpad(String(r.activeConns ?? '?'), 7)} ${rpad(String(r.inactiveConns ?? '?'), 7)} ${rpad(rt ? formatCompact(rt.cps) : '-', 7)} ${rpad(rt ? formatCompact(rt.inBps) : '-', 7)} ${rpad(rt ? formatCompact(rt.outBps) : '-', 7)}`,
			);
		}
	}
	for (const i of s.issues) out.push(`  unreadable line ${i.lineNumber}: ${i.reason}: ${i.line}`);
	return out.join('\n');
}

export async function run(argv: string[]): Promise<number> {
	const args = settleCommandLine('lvs-tui status', STATUS_USAGE, parseStatusArgs(argv));
	if (typeof args === 'number') return args;
	const config = loadCommandConfig({configPath: args.config});
	if (!config) return 2;
	// One director per config today; the loop is where more would go.
	const directors = [config.director];
	const hosts = commandHosts(config);
	try {
		const snapshots = await Promise.all(directors.map(d => snapshotDirector(config, hosts.get(d.name)!.runner, args.windowSeconds)));
		if (args.json) process.stdout.write(JSON.stringify({time: new Date().toISOString(), directors: snapshots}, null, 2) + '\n');
		else for (const s of snapshots) (s.ok ? process.stdout : process.stderr).write(formatSnapshot(s) + '\n');
		return snapshots.every(s => s.ok) ? 0 : 1;
	} finally {
		hosts.close();
	}
}
