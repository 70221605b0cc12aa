// Step 4 of adding a node: poll until the node answers on SSH (through the director for LVS-NAT),
// reporting the elapsed time, until it answers, the timeout passes or the run is cancelled. The
// host key is checked on first contact through the session's prompter; a refused key or a refused
// login needs a person, so those stop the wait at once with what to do.
import {appError, fail, ok, type AppError, type Result} from '../domain/result.js';
import {isPermanentSshError} from '../transports/ssh/ssh-connect.js';
import type {SshConnectionError} from '../transports/ssh/ssh-connection-error.js';
import {pause} from './node-ipvs.js';
import type {SshHostConnection} from './ssh-connection-pool.js';

export interface WaitOptions {
	/** Give up after this long (default 30 minutes: an install takes a while). */
	timeoutMs: number;
	/** Pause between attempts. */
	intervalMs: number;
	signal?: AbortSignal;
	onAttempt?(elapsedMs: number, attempt: number, lastError: string): void;
	/** What to tell the admin on timeout/auth failure (how to resume). */
	resumeHint: string;
	/** Jump host name, to tell a broken jump host from a node that is not up yet. */
	jump?: string;
	/**
	 * The node refused the key: try to fix that once (push the admin key with a password). ok(true)
	 * retries at once, ok(false) stops with advice, an error stops with that error.
	 */
	onAuthRefused?(error: AppError): Promise<Result<boolean>>;
}

function authAdvice(error: AppError, node: string, hint: string): string {
	return [
		`${node} answers on SSH but refused the login: ${error.message}`,
		`The kickstart puts your public key in root's authorized_keys; if ${node} was installed another way, copy the key yourself,`,
		`e.g. ssh-copy-id -o ProxyJump=DIRECTOR root@${node} (or append ~/.ssh/id_ed25519.pub to /root/.ssh/authorized_keys on its console), then ${hint}.`,
	].join('\n');
}

export async function waitForSsh(connection: SshHostConnection, options: WaitOptions): Promise<Result<{elapsedMs: number; attempts: number}>> {
	const start = Date.now();
	let lastError = 'not tried yet';
	let triedFix = false;
	for (let attempt = 1; ; attempt++) {
		if (options.signal?.aborted) return fail(appError('node.cancelled', `cancelled while waiting for ${connection.host} (after ${Math.round((Date.now() - start) / 1000)} s); ${options.resumeHint}`));
		const s = connection.state.state;
		if (s === 'waiting' || s === 'failed') connection.retryNow();
		try {
			await connection.getClient();
			return ok({elapsedMs: Date.now() - start, attempts: attempt});
		} catch (cause) {
			const error = (cause as SshConnectionError).appError ?? appError('ssh.connect', (cause as Error).message);
			if (error.code === 'ssh.auth') {
				if (!triedFix && options.onAuthRefused) {
					triedFix = true;
					const fixed = await options.onAuthRefused(error);
					if (!fixed.ok) return fail({...fixed.error, message: `${fixed.error.message}; ${options.resumeHint}`});
					if (fixed.value) {
						connection.retryNow();
						continue;
					}
				}
				return fail(appError('node.ssh-auth', authAdvice(error, connection.host, options.resumeHint), {where: {host: connection.host}}));
			}
			if (isPermanentSshError(error)) {
				return fail(appError('node.ssh-host-key', `${error.message}; ${options.resumeHint}`, {where: error.where ?? {host: connection.host}, detail: error.detail}));
			}
			if (error.code === 'ssh.jump' && options.jump && error.message.startsWith(`jump host ${options.jump}:`)) {
				return fail(appError('node.ssh-jump', `cannot reach ${connection.host} because ${error.message}; ${options.resumeHint}`, {where: {host: options.jump}, detail: error.detail}));
			}
			lastError = error.message;
		}
		const elapsed = Date.now() - start;
		options.onAttempt?.(elapsed, attempt, lastError);
		if (elapsed >= options.timeoutMs) {
			return fail(
				appError('node.timeout', `${connection.host} did not answer on SSH within ${Math.round(options.timeoutMs / 1000)} s (last: ${lastError}). Is it installed and booted with the boot line above? ${options.resumeHint}`, {
					where: {host: connection.host},
				}),
			);
		}
		if (!(await pause(Math.min(options.intervalMs, Math.max(0, options.timeoutMs - elapsed)), options.signal))) continue;
	}
}
