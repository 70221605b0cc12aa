// Runs doctor's one probe command on each host in parallel and turns the answers into checks.
// A host that cannot be reached is a row in the report, not an exception.
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import {appError, type AppError} from '../domain/result.js';
import {evaluateHost, type DoctorCheck, type DoctorContext, type HostRole} from '../domain/wizards/doctor-checks.js';
import {doctorProbeCommand, parseProbe, type HostFacts} from '../domain/wizards/doctor-probe.js';
import type {CommandRunner} from '../transports/command-runner.js';

export interface DoctorTarget {
	name: string;
	role: HostRole;
	runner: CommandRunner;
}

export interface DoctorHostReport {
	host: string;
	role: HostRole;
	checks: DoctorCheck[];
	facts?: HostFacts;
	error?: AppError;
}

export function doctorContext(config: ClusterConfig): DoctorContext {
	return {
		lvsType: config.lvsType,
		dip: config.dip?.address,
		network: config.dip?.network,
		vips: config.vips.map(v => v.address),
		schedulers: [...new Set(config.services.map(s => s.scheduler))],
	};
}

export async function probeHost(target: DoctorTarget, ctx: DoctorContext, timeoutMs = 30_000): Promise<DoctorHostReport> {
	try {
		const result = await target.runner.exec(doctorProbeCommand(), {timeoutMs});
		if (result.interrupted) {
			const error = appError('doctor.probe', `the probe on ${target.name} was cut short (${result.interrupted})`, {where: {host: target.name}});
			return {host: target.name, role: target.role, checks: [{host: target.name, id: 'reach', title: 'host reachable', status: 'fail', detail: error.message}], error};
		}
		const facts = parseProbe(result.stdout);
		return {host: target.name, role: target.role, facts, checks: evaluateHost(target.name, target.role, facts, ctx)};
	} catch (cause) {
		const message = cause instanceof Error ? cause.message : String(cause);
		const error = appError('doctor.unreachable', message, {where: {host: target.name}});
		return {host: target.name, role: target.role, checks: [{host: target.name, id: 'reach', title: 'host reachable', status: 'fail', detail: message}], error};
	}
}

export async function runDoctor(targets: DoctorTarget[], ctx: DoctorContext, timeoutMs?: number): Promise<DoctorHostReport[]> {
	return Promise.all(targets.map(t => probeHost(t, ctx, timeoutMs)));
}
