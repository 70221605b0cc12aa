// Runs one host program with an argv (never a shell string) and a timeout, collecting its output.
// The lab's build and control steps all go through here so a hung tool becomes a message, not a hang.
import {spawn} from 'node:child_process';

export interface ProgramResult {
	code: number | null;
	stdout: string;
	stderr: string;
	/** Set when the program could not start (ENOENT…) or was killed for the timeout. */
	failure?: string;
}

export interface RunOptions {
	cwd?: string;
	timeoutMs?: number;
	input?: string | Buffer;
	env?: NodeJS.ProcessEnv;
}

export function runProgram(file: string, args: readonly string[], options: RunOptions = {}): Promise<ProgramResult> {
	return new Promise(resolvePromise => {
		const child = spawn(file, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
		});
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		let failure: string | undefined;
		const timeoutMs = options.timeoutMs ?? 120_000;
		const timer = setTimeout(() => {
			failure = `${file} did not finish within ${Math.round(timeoutMs / 1000)} s`;
			child.kill('SIGKILL');
		}, timeoutMs);
		child.stdout!.on('data', (b: Buffer) => out.push(b));
		child.stderr!.on('data', (b: Buffer) => err.push(b));
		child.on('error', error => {
			failure ??= `cannot run ${file}: ${error.message}`;
		});
		if (options.input !== undefined) {
			child.stdin!.on('error', () => {});
			child.stdin!.end(options.input);
		}
		child.on('close', code => {
			clearTimeout(timer);
			resolvePromise({code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), failure});
		});
	});
}

/** One line saying why a program failed: its own failure, else the last lines of stderr. */
export function describeFailure(name: string, result: ProgramResult): string {
	if (result.failure) return result.failure;
	const tail = result.stderr.trim().split('\n').slice(-3).join('\n');
	return `${name} exited with ${result.code}${tail ? `: ${tail}` : ''}`;
}
