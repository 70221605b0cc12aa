// The IPVS side of adding and removing a node on the director: read the live table, add the node at
// weight 0, ramp its weight in steps while reporting its connections, drain it and take it out.
// Commands come from the IPVS planner (validated ipvsadm argv); each change is audited.
import {parseIpvsadmList} from '../domain/ipvs/ipvsadm-list.js';
import {parseIpvsadmSave} from '../domain/ipvs/ipvsadm-save.js';
import type {IpvsRealServer, IpvsService, IpvsTable} from '../domain/ipvs/ipvs-model.js';
import {type PlannedCommand, type ServerTarget, type ServiceTarget} from '../domain/ipvs/ipvs-plan.js';
import {appError, fail, ok, type AppError, type Result} from '../domain/result.js';
import type {CommandRunner} from '../transports/command-runner.js';
import type {AuditEntry} from './audit-log.js';

const PATH_PREFIX = 'PATH="$PATH:/usr/sbin:/sbin"; ';

export interface NodeIpvsContext {
	runner: CommandRunner;
	audit: {record(entry: AuditEntry): void};
	source: string;
	signal?: AbortSignal;
}

function serviceMatches(service: IpvsService, target: ServiceTarget): boolean {
	if (target.protocol === 'fwm') return service.protocol === 'fwm' && service.fwmark === target.fwmark;
	return service.protocol === target.protocol && service.address?.host === target.address && service.address?.port === target.port;
}

export function findService(table: IpvsTable, target: ServiceTarget): IpvsService | undefined {
	return table.services.find(s => serviceMatches(s, target));
}

export function findServer(service: IpvsService | undefined, server: ServerTarget): IpvsRealServer | undefined {
	return service?.realServers.find(r => r.address.host === server.address && (server.port === undefined || r.address.port === server.port || r.address.port === 0));
}

async function read(context: NodeIpvsContext, command: string, parse: (text: string) => IpvsTable): Promise<Result<IpvsTable>> {
	const where = {host: context.runner.host};
	let r;
	try {
		r = await context.runner.exec(PATH_PREFIX + command, {timeoutMs: 30_000, signal: context.signal});
	} catch (error) {
		return fail(appError('node.ipvs-read', `cannot read the IPVS table: ${(error as Error).message}`, {where}));
	}
	if (r.code !== 0) return fail(appError('node.ipvs-read', `cannot read the IPVS table on ${context.runner.host} (${command})`, {where, detail: (r.stderr || r.stdout).trim() || r.interrupted}));
	return ok(parse(r.stdout));
}

/** Services, real servers, weights and forward methods (`ipvsadm -S -n`). */
export function readIpvsRules(context: NodeIpvsContext): Promise<Result<IpvsTable>> {
	return read(context, 'ipvsadm -S -n', text => parseIpvsadmSave(text).value);
}

/** The table with ActiveConn / InActConn (`ipvsadm -Ln --exact`). */
export function readIpvsConnections(context: NodeIpvsContext): Promise<Result<IpvsTable>> {
	return read(context, 'ipvsadm -Ln --exact', text => parseIpvsadmList(text).value);
}

/** Run one planned ipvsadm change, audited; ipvsadm's own words on failure. */
export async function runIpvsChange(context: NodeIpvsContext, plan: Result<PlannedCommand>): Promise<Result<PlannedCommand>> {
	if (!plan.ok) return plan;
	const host = context.runner.host;
	let r;
	try {
		r = await context.runner.exec(PATH_PREFIX + plan.value.command, {timeoutMs: 30_000, signal: context.signal});
	} catch (error) {
		const message = (error as Error).message;
		context.audit.record({host, command: plan.value.command, exitCode: null, error: message, source: context.source});
		return fail(appError('node.ipvs', `${plan.value.summary}: ${message}`, {where: {host}}));
	}
	const output = [r.stderr.trim(), r.stdout.trim()].filter(Boolean).join('\n');
	const entry: AuditEntry = {host, command: plan.value.command, exitCode: r.code, source: context.source};
	if (r.code !== 0) entry.error = output.split('\n')[0] || r.interrupted || 'failed';
	context.audit.record(entry);
	if (r.code !== 0) return fail(appError('node.ipvs', `${plan.value.summary} failed on ${host}`, {where: {host}, detail: output || r.interrupted}));
	return ok(plan.value);
}


/** A delay that ends early (with false) when the signal fires. */
export function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
	return new Promise(resolve => {
		if (signal?.aborted) return resolve(false);
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve(true);
		}, ms);
		const onAbort = () => {
			clearTimeout(timer);
			resolve(false);
		};
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

export function cancelled(what: string): AppError {
	return appError('node.cancelled', `cancelled during ${what}`);
}
