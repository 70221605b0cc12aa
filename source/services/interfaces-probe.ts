// Runs the one-round-trip host probe over any CommandRunner and turns every way it can go wrong
// (transport error, timeout, odd output) into an AppError naming the host.
import {appError, fail, type Result} from '../domain/result.js';
import {buildHostProbeCommand, parseHostProbe, type HostFacts} from '../domain/net/host-probe.js';
import type {CommandRunner} from '../transports/command-runner.js';

export const PROBE_TIMEOUT_MS = 10_000;

export async function probeHost(runner: CommandRunner, timeoutMs = PROBE_TIMEOUT_MS): Promise<Result<HostFacts>> {
	let result;
	try {
		result = await runner.exec(buildHostProbeCommand(), {timeoutMs, maxOutputBytes: 1024 * 1024});
	} catch (error) {
		return fail(appError('net.poll-failed', `cannot read interfaces: ${(error as Error).message}`, {where: {host: runner.host}}));
	}
	if (result.interrupted) {
		const why = result.interrupted === 'timeout' ? `no answer within ${timeoutMs / 1000} s` : result.interrupted;
		return fail(appError('net.poll-failed', `cannot read interfaces: ${why}`, {where: {host: runner.host}, detail: result.stderr}));
	}
	return parseHostProbe(result.stdout, runner.host);
}
