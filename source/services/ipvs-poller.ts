// Keeps the IPVS panel live: one command per refresh on each director over its CommandRunner (the
// pooled SSH connection: no new handshake per poll), exact counters, rates from their deltas over
// the director's own elapsed time. A failed poll keeps the last good table, marked stale with the
// age and the error, and the next tick retries. Polls never overlap.
import {appError, type AppError} from '../domain/result.js';
import {IPVS_POLL_COMMAND, readPollOutput} from '../domain/ipvs/ipvs-poll-command.js';
import type {IpvsTable, ParseIssue} from '../domain/ipvs/ipvs-model.js';
import type {CommandRunner} from '../transports/command-runner.js';
import {ipvsNoIpvs, ipvsPollFailed, ipvsPollSucceeded, type IpvsData} from '../store/ipvs-slice.js';
import {trackRates, type RateTrackerState} from '../domain/ipvs/ipvs-rate-tracker.js';
import {PollLoop} from './poll-loop.js';

export type IpvsPublish = (reduce: (data: IpvsData) => IpvsData) => void;

export const IPVS_POLL_TIMEOUT_MS = 5000;

export type IpvsRead =
	| {ok: true; table: IpvsTable; issues: ParseIssue[]; sampleTime: number; clock: 'director' | 'local'}
	| {ok: false; noIpvs: boolean; error: AppError};

const localSeconds = () => performance.now() / 1000;

/** One poll: run IPVS_POLL_COMMAND on the runner and read it. Never throws. */
export async function readIpvs(runner: CommandRunner, timeoutMs = IPVS_POLL_TIMEOUT_MS): Promise<IpvsRead> {
	const where = {host: runner.host};
	let result;
	try {
		result = await runner.exec(IPVS_POLL_COMMAND, {timeoutMs, maxOutputBytes: 64 * 1024 * 1024});
	} catch (error) {
		return {ok: false, noIpvs: false, error: appError('ipvs.transport', error instanceof Error ? error.message : String(error), {where})};
	}
	const local = localSeconds();
	if (result.interrupted === 'timeout') {
		return {ok: false, noIpvs: false, error: appError('ipvs.timeout', `ipvsadm did not answer within ${Math.round(timeoutMs / 1000)} s`, {where})};
	}
	if (result.interrupted) {
		return {ok: false, noIpvs: false, error: appError('ipvs.interrupted', `the poll was ${result.interrupted}`, {where, detail: result.stderr})};
	}
	const reading = readPollOutput(result.stdout, result.code);
	if (reading.kind === 'failure') {
		const f = reading.failure;
		const verbatim = [f.message, result.stderr.trim()].filter(Boolean).join('\n');
		const first = f.message.split('\n')[0];
		const message =
			f.kind === 'no-ipvs'
				? `no IPVS in this kernel: ${f.message.split('\n').find(l => l.startsWith("Can't initialize ipvs")) ?? first}`
				: f.kind === 'not-installed'
					? 'ipvsadm is not installed on this host (apt install ipvsadm / dnf install ipvsadm)'
					: first;
		const extra = verbatim !== first ? {detail: verbatim} : {};
		return {ok: false, noIpvs: f.kind === 'no-ipvs', error: appError(`ipvs.${f.kind}`, message, {where, ...extra})};
	}
	const director = reading.directorUptime;
	return {
		ok: true,
		table: reading.table,
		issues: reading.issues,
		sampleTime: director ?? local,
		clock: director !== null ? 'director' : 'local',
	};
}

export interface IpvsPollerOptions {
	/** Runner on the director; its `host` is the director's config name. */
	runner: CommandRunner;
	publish: IpvsPublish;
	/** Default 1000 (config options.pollIntervalMs). */
	intervalMs?: number;
	timeoutMs?: number;
	now?: () => number;
}

/** A kernel without IPVS does not gain it by itself: re-check every this many intervals (refreshNow still reads at once). */
export const NO_IPVS_FACTOR = 5;

export class IpvsPoller {
	private readonly loop = new PollLoop<IpvsRead>({poll: () => this.pollOnce(), round: refreshNow => this.round(refreshNow)});
	private clock: 'director' | 'local' | null = null;
	/** Where the rates are measured from (see ipvs-rate-tracker.ts); not shown, so not in the store. */
	private rates: RateTrackerState | null = null;
	/** ms of the last good poll: unchanged polls are not published, so the store may hold an older one. */
	private lastGoodAt: number | undefined;

	constructor(private readonly options: IpvsPollerOptions) {}

	get host(): string {
		return this.options.runner.host;
	}

	start(): void {
		this.loop.start();
	}

	stop(): void {
		this.loop.stop();
	}

	/** Poll now (joining a poll under way) and publish; actions call this to show their effect at once. */
	refreshNow(): Promise<IpvsRead> {
		return this.loop.refreshNow();
	}

	/** A poll every interval; a kernel without IPVS is re-checked NO_IPVS_FACTOR times less often. */
	private async round(refreshNow: () => Promise<IpvsRead>): Promise<number> {
		const read = await refreshNow();
		return (this.options.intervalMs ?? 1000) * (!read.ok && read.noIpvs ? NO_IPVS_FACTOR : 1);
	}

	private async pollOnce(): Promise<IpvsRead> {
		const read = await readIpvs(this.options.runner, this.options.timeoutMs);
		const now = (this.options.now ?? Date.now)();
		const host = this.options.runner.host;
		if (!read.ok) {
			this.options.publish(read.noIpvs ? ipvsNoIpvs(host, read.error, now) : ipvsPollFailed(host, read.error, now, this.lastGoodAt));
			return read;
		}
		// Rates need both readings on one clock; if the director's uptime comes and goes, restart the series.
		if (this.clock !== null && this.clock !== read.clock) this.rates = null;
		this.clock = read.clock;
		const tracked = trackRates(this.rates, read.table, read.sampleTime);
		this.rates = tracked.state;
		this.lastGoodAt = now;
		this.options.publish(ipvsPollSucceeded(host, {table: tracked.table, issues: read.issues, sampleTime: read.sampleTime}, now));
		return read;
	}
}
