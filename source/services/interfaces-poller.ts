// Keeps the interfaces panel true: probes the director and the real servers (for the LVS
// warnings) every interval, one command per host, and publishes each answer to the store. A failed
// poll keeps the last good picture, marked stale with the error. Polls never overlap.
import type {HostFacts} from '../domain/net/host-probe.js';
import type {Result} from '../domain/result.js';
import type {CommandRunner} from '../transports/command-runner.js';
import {pollFailed, pollSucceeded, type InterfacesData} from '../store/interfaces-slice.js';
import {probeHost, PROBE_TIMEOUT_MS} from './interfaces-probe.js';
import {plainEqual} from '../store/plain-equal.js';
import {PollLoop} from './poll-loop.js';

export type InterfacesPublish = (reduce: (data: InterfacesData) => InterfacesData) => void;

export interface InterfacesPollerOptions {
	/** Runner on the director; its `host` is the director's config name. */
	director: CommandRunner;
	/** Runners on the real servers, each `host` the config name (rs1…). */
	realServers?: readonly CommandRunner[];
	publish: InterfacesPublish;
	intervalMs: number;
	/** Real servers are read every Nth cycle (their settings rarely change; default 5). */
	realServerEvery?: number;
	timeoutMs?: number;
	now?: () => number;
}

/**
 * Interfaces change rarely (and lvs-tui's own VIP actions re-read at once): after this many
 * director probes in a row read the same facts, probe every SETTLED_FACTOR intervals until
 * something differs. Each probe is a process on the director (locally a fork of this whole
 * process), the largest part of idle CPU with the side panel shown.
 */
export const SETTLED_AFTER_PROBES = 10;
export const SETTLED_FACTOR = 3;

export class InterfacesPoller {
	private readonly loop = new PollLoop<void>({poll: () => this.pollAll(), round: refreshNow => this.round(refreshNow)});
	private cycles = 0;
	/** Per host, ms of the last good probe: unchanged probes are not published, so the store may hold an older one. */
	private readonly lastGoodAt = new Map<string, number>();
	private lastDirectorFacts: HostFacts | undefined;
	private unchangedProbes = 0;

	constructor(private readonly options: InterfacesPollerOptions) {}

	start(): void {
		this.loop.start();
	}

	stop(): void {
		this.loop.stop();
	}

	/** Poll every host now (joins a poll already under way) and publish. */
	refreshNow(): Promise<void> {
		return this.loop.refreshNow();
	}

	/** Resolves when no poll is under way. */
	idle(): Promise<void> {
		return this.loop.idle();
	}

	/** A next poll is scheduled (false after stop(), once the poll in flight ended). */
	get scheduled(): boolean {
		return this.loop.scheduled;
	}

	/** The director's facts have not changed for SETTLED_AFTER_PROBES probes: polling at the slower pace. */
	get settled(): boolean {
		return this.unchangedProbes >= SETTLED_AFTER_PROBES;
	}

	/** Re-read the director only (after a VIP change) and publish; returns what it read. */
	async refreshDirector(): Promise<Result<HostFacts>> {
		return this.pollOne(this.options.director);
	}

	/** Every host each realServerEvery-th round, else the director only; slower once settled. */
	private async round(refreshNow: () => Promise<void>): Promise<number> {
		const every = Math.max(1, this.options.realServerEvery ?? 5);
		if (this.cycles++ % every === 0) await refreshNow();
		else await this.pollOne(this.options.director);
		return this.options.intervalMs * (this.settled ? SETTLED_FACTOR : 1);
	}

	private async pollAll(): Promise<void> {
		await Promise.all([this.options.director, ...(this.options.realServers ?? [])].map(r => this.pollOne(r)));
	}

	private async pollOne(runner: CommandRunner): Promise<Result<HostFacts>> {
		const result = await probeHost(runner, this.options.timeoutMs ?? PROBE_TIMEOUT_MS);
		const now = (this.options.now ?? Date.now)();
		if (result.ok) this.lastGoodAt.set(runner.host, now);
		if (runner === this.options.director) {
			const same = result.ok && plainEqual(this.lastDirectorFacts, result.value);
			this.unchangedProbes = same ? this.unchangedProbes + 1 : 0;
			this.lastDirectorFacts = result.ok ? result.value : undefined;
		}
		this.options.publish(result.ok ? pollSucceeded(runner.host, result.value, now) : pollFailed(runner.host, result.error, this.lastGoodAt.get(runner.host)));
		return result;
	}
}
