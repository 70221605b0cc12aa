// Runs a planned ipvsadm change on a director: refuses in read-only mode, shows ipvsadm's own
// error verbatim, records every change in the audit log (time, host, command, exit status), and
// re-polls so the panel shows the effect at once.
import type {CommandRunner} from '../transports/command-runner.js';
import type {AuditEntry} from './audit-log.js';
import {parseIpvsadmSave} from '../domain/ipvs/ipvsadm-save.js';
import type {IpvsRealServer, IpvsService} from '../domain/ipvs/ipvs-model.js';
import {RULES_FILES, type PlannedCommand, type ServerSettings, type ServiceTarget} from '../domain/ipvs/ipvs-plan.js';
import {actionChanged, type IpvsActionRecord} from '../store/ipvs-slice.js';
import type {IpvsPublish} from './ipvs-poller.js';

export interface IpvsActionsOptions {
	/** The runner for a director by config name. */
	runner(host: string): CommandRunner | undefined;
	audit: {record(entry: AuditEntry): void};
	publish: IpvsPublish;
	readOnly: () => boolean;
	/** Re-poll a director after a change (the poller's refreshNow). */
	refresh?(host: string): Promise<unknown>;
	now?: () => number;
	timeoutMs?: number;
}

export const READ_ONLY_MESSAGE = 'read-only mode: lvs-tui makes no changes (started with --read-only or options.readOnly)';

/** The planner's view of a listed service. */
export function serviceTarget(service: IpvsService): ServiceTarget {
	const t: ServiceTarget = {protocol: service.protocol};
	if (service.address) {
		t.address = service.address.host;
		if (typeof service.address.port === 'number') t.port = service.address.port;
	}
	if (service.fwmark !== undefined) t.fwmark = service.fwmark;
	if (service.persistent) t.persistent = service.persistent;
	return t;
}

export function serverTarget(server: IpvsRealServer): {address: string; port?: number} {
	const port = server.address.port;
	return typeof port === 'number' && port > 0 ? {address: server.address.host, port} : {address: server.address.host};
}

export class IpvsActions {
	constructor(private readonly options: IpvsActionsOptions) {}

	private now(): number {
		return (this.options.now ?? Date.now)();
	}

	/**
	 * What `ipvsadm -e` must restate for this server (forward method, thresholds, tunnel options),
	 * read from `ipvsadm -S -n` on the director; the listed forward method if that read fails.
	 */
	async serverSettings(host: string, service: IpvsService, server: IpvsRealServer): Promise<ServerSettings> {
		const fallback: ServerSettings = {forward: server.forward === 'local' || !server.forward ? 'route' : server.forward};
		if (server.upperThreshold !== undefined) fallback.upperThreshold = server.upperThreshold;
		if (server.lowerThreshold !== undefined) fallback.lowerThreshold = server.lowerThreshold;
		if (server.tunnelInfo) fallback.tunnelInfo = server.tunnelInfo;
		const runner = this.options.runner(host);
		if (!runner) return fallback;
		try {
			const r = await runner.exec('PATH="$PATH:/usr/sbin:/sbin"; ipvsadm -S -n', {timeoutMs: this.options.timeoutMs ?? 10_000});
			if (r.code !== 0) return fallback;
			const saved = parseIpvsadmSave(r.stdout).value.services.find(s => s.key === service.key)?.realServers.find(x => x.key === server.key);
			if (!saved) return fallback;
			const settings: ServerSettings = {forward: saved.forward ?? fallback.forward};
			if (saved.upperThreshold) settings.upperThreshold = saved.upperThreshold;
			if (saved.lowerThreshold) settings.lowerThreshold = saved.lowerThreshold;
			if (saved.tunnelInfo) settings.tunnelInfo = saved.tunnelInfo;
			return settings;
		} catch {
			return fallback;
		}
	}

	/** Which rules file the director's distribution restores at boot. */
	async rulesFile(host: string): Promise<string> {
		const runner = this.options.runner(host);
		if (!runner) return RULES_FILES.debian;
		try {
			const r = await runner.exec(
				`if [ -f ${RULES_FILES.rhel} ] || { [ -d /etc/sysconfig ] && [ ! -f ${RULES_FILES.debian} ]; }; then echo ${RULES_FILES.rhel}; else echo ${RULES_FILES.debian}; fi`,
				{timeoutMs: 10_000},
			);
			const path = r.stdout.trim();
			return path === RULES_FILES.rhel ? path : RULES_FILES.debian;
		} catch {
			return RULES_FILES.debian;
		}
	}

	/** Run a confirmed plan on `host`; the returned record is also published to the store. */
	async run(host: string, plan: PlannedCommand): Promise<IpvsActionRecord> {
		const base = {host, summary: plan.summary, command: plan.command, output: '', exitCode: null, at: this.now()};
		const done = (record: IpvsActionRecord) => {
			this.options.publish(actionChanged(record));
			return record;
		};
		if (this.options.readOnly()) return done({...base, state: 'refused', message: READ_ONLY_MESSAGE});
		const runner = this.options.runner(host);
		if (!runner) return done({...base, state: 'failed', message: `${host}: no connection to this director`});
		this.options.publish(actionChanged({...base, state: 'running', message: `${plan.summary}…`}));
		let result;
		try {
			result = await runner.exec(plan.command, {timeoutMs: this.options.timeoutMs ?? 30_000});
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			this.options.audit.record({host, command: plan.command, exitCode: null, error: message, source: 'ipvs'});
			return done({...base, state: 'failed', message});
		}
		// ipvsadm writes its errors to stderr ("Destination already exists"); shown exactly as printed.
		const output = [result.stderr.trim(), result.stdout.trim()].filter(Boolean).join('\n');
		const firstError = output.split('\n')[0];
		const entry: AuditEntry = {host, command: plan.command, exitCode: result.code, source: 'ipvs'};
		if (result.code !== 0) entry.error = firstError || result.interrupted || 'failed';
		this.options.audit.record(entry);
		await this.options.refresh?.(host);
		if (result.code === 0) return done({...base, state: 'done', message: `${plan.summary}: done`, output, exitCode: 0});
		const why = result.interrupted ? `interrupted (${result.interrupted})` : output || `exit status ${result.code}`;
		return done({...base, state: 'failed', message: why.split('\n')[0], output: output || why, exitCode: result.code});
	}
}
