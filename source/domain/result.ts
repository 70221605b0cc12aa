// Errors are data: every fallible operation returns a Result instead of throwing across layers,
// so a bad host or a bad file becomes a message in the UI, never a crash.

/** Where a problem is: a file and line for configs, a host for remote operations. */
export interface ProblemLocation {
	file?: string;
	line?: number;
	column?: number;
	host?: string;
}

export interface AppError {
	/** Stable machine-readable code, e.g. 'config.unknown-key', 'ssh.auth', 'ipvsadm.failed'. */
	code: string;
	/** One clear sentence for a person: what went wrong and, where possible, what to do. */
	message: string;
	where?: ProblemLocation;
	/** Verbatim output of the failing program, when there is one (shown as is, never parsed). */
	detail?: string;
}

export type Result<T, E = AppError> = {ok: true; value: T} | {ok: false; error: E};

export const ok = <T>(value: T): Result<T, never> => ({ok: true, value});
export const fail = <E = AppError>(error: E): Result<never, E> => ({ok: false, error});

export function appError(code: string, message: string, extra: Omit<AppError, 'code' | 'message'> = {}): AppError {
	return {code, message, ...extra};
}

/** "file:line: message" the way compilers and OpenSSH print it. */
export function formatError(error: AppError): string {
	const w = error.where;
	let prefix = '';
	if (w?.file) prefix = w.line ? `${w.file}:${w.line}: ` : `${w.file}: `;
	else if (w?.host) prefix = `${w.host}: `;
	return prefix + error.message + (error.detail ? `\n${error.detail.trimEnd()}` : '');
}
