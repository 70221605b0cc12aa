// Runs commands in the lab VM with the system OpenSSH client. The lab's own controls (traffic,
// add-host) and the tests' independent checks use this, not the product's ssh2 transport, so a
// bug there cannot hide behind itself.
import {runProgram, type ProgramResult} from './run-program.js';

export interface LabSshTarget {
	port: number;
	identityFile: string;
	knownHostsFile: string;
	user?: string;
}

export function sshArgs(target: LabSshTarget): string[] {
	return [
		'-F', '/dev/null', // the user's ~/.ssh/config must not redirect or alter lab connections
		'-i', target.identityFile,
		'-p', String(target.port),
		'-o', 'IdentitiesOnly=yes',
		'-o', `UserKnownHostsFile=${target.knownHostsFile}`,
		'-o', 'GlobalKnownHostsFile=/dev/null',
		'-o', 'StrictHostKeyChecking=yes',
		'-o', 'BatchMode=yes',
		'-o', 'ConnectTimeout=15',
		'-o', 'LogLevel=ERROR',
		`${target.user ?? 'root'}@127.0.0.1`,
	];
}

/** Run one command line (built with shellJoin) on the director. */
export function labSsh(target: LabSshTarget, command: string, options: {input?: string | Buffer; timeoutMs?: number} = {}): Promise<ProgramResult> {
	return runProgram('ssh', [...sshArgs(target), command], {input: options.input, timeoutMs: options.timeoutMs ?? 60_000});
}
