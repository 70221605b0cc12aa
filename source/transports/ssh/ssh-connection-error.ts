// The Error SSH transports reject with: its message names the host (CommandRunner's contract) and it
// carries the AppError so callers that want the code and file:line can have them.
import {formatError, type AppError} from '../../domain/result.js';

export class SshConnectionError extends Error {
	constructor(
		readonly host: string,
		readonly appError: AppError,
	) {
		super(appError.where?.host || appError.where?.file ? formatError(appError) : `${host}: ${formatError(appError)}`);
		this.name = 'SshConnectionError';
	}
}
