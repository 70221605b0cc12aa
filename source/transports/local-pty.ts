// PaneProcess over node-pty: a local shell, or a command line run the way screen runs
// `screen -t rs1 2 ssh rs1`. A program that cannot start becomes an exit with a message (the pane
// shows it); nothing here throws into the pane manager.
import pty from 'node-pty';
import type {IPty} from 'node-pty';
import {basename, delimiter, join} from 'node:path';
import {accessSync, constants, statSync} from 'node:fs';
import {PtySlaveHold} from './pty-slave-hold.js';
import type {PaneProcess, PaneProcessExit, PaneProcessSpec} from './pane-process.js';
import {Listeners} from './listeners.js';

export interface LocalPtyTarget {
	/** A command line, run with `sh -c 'exec …'` so quoting and PATH work as in a shell. */
	command?: string;
	/** The shell for a plain shell pane (default $SHELL, then /bin/sh). */
	shell?: string;
}

/** Exit status the shell uses for "command not found" / "not executable". */
const NOT_FOUND = 127;
const NOT_EXECUTABLE = 126;

function childEnv(spec: PaneProcessSpec): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
	// Ink and test runners look at CI; a program inside a pane is interactive whatever we run under.
	delete env.CI;
	env.TERM = spec.term;
	Object.assign(env, spec.env ?? {});
	return env;
}

export function defaultShell(): string {
	return process.env.SHELL || '/bin/sh';
}

/** A short title for a pane: the shell's name or the command's first word. */
export function localTitle(target: LocalPtyTarget): string {
	if (target.command) return target.command.trim().split(/\s+/)[0] ?? 'command';
	return basename(target.shell || defaultShell());
}

export class LocalPty implements PaneProcess {
	private pty: IPty | null = null;
	private readonly exitListeners = new Listeners<PaneProcessExit>();
	private readonly dataListeners = new Listeners<string>();
	private exited: PaneProcessExit | null = null;
	private slave: PtySlaveHold | null = null;

	constructor(target: LocalPtyTarget, spec: PaneProcessSpec) {
		const file = target.command ? '/bin/sh' : target.shell || defaultShell();
		const args = target.command ? ['-c', `exec ${target.command}`] : [];
		this.pty = this.spawn(file, args, spec);
		const started = this.pty;
		if (!started) return;
		this.slave = new PtySlaveHold(started);
		started.onData(data => {
			this.dataListeners.emit(data);
		});
		started.onExit(({exitCode, signal}) => {
			const exit: PaneProcessExit = signal ? {code: null, signal: signalName(signal)} : {code: exitCode};
			if (exitCode === NOT_FOUND && target.command) exit.message = `command not found: ${localTitle(target)}`;
			else if (exitCode === NOT_EXECUTABLE && target.command) exit.message = `cannot execute: ${localTitle(target)}`;
			this.exited = exit;
			this.slave?.release();
			this.emitExit(exit);
		});
	}

	/** Start the program, or record why it cannot start (reported as an exit once subscribed). */
	private spawn(file: string, args: string[], spec: PaneProcessSpec): IPty | null {
		let message: string;
		if (!findExecutable(file)) {
			message = `cannot start ${file}: no such program (check the shell option or $SHELL)`;
		} else {
			try {
				return pty.spawn(file, args, {
					name: spec.term,
					cols: Math.max(1, spec.cols),
					rows: Math.max(1, spec.rows),
					cwd: spec.cwd ?? startDirectory(),
					env: childEnv(spec),
				});
			} catch (error) {
				message = `cannot start ${file}: ${error instanceof Error ? error.message : String(error)}`;
			}
		}
		this.exited = {code: null, message};
		queueMicrotask(() => this.emitExit(this.exited!));
		return null;
	}

	get pid(): number | undefined {
		return this.pty?.pid;
	}

	private emitExit(exit: PaneProcessExit): void {
		this.exitListeners.emit(exit);
	}

	write(data: string): void {
		if (this.pty && !this.exited) this.pty.write(data);
	}

	resize(cols: number, rows: number): void {
		if (!this.pty || this.exited) return;
		try {
			this.pty.resize(Math.max(1, cols), Math.max(1, rows));
		} catch {
			// The pty closed between the exit check and the ioctl: nothing to resize.
		}
	}

	onData(listener: (data: string) => void): () => void {
		return this.dataListeners.add(listener);
	}

	onExit(listener: (exit: PaneProcessExit) => void): () => void {
		return this.exitListeners.add(listener);
	}

	pause(): void {
		this.pty?.pause();
	}

	resume(): void {
		this.pty?.resume();
	}

	kill(): void {
		if (!this.pty || this.exited) return;
		// Our slave handle would keep the terminal alive for programs that ignore SIGHUP.
		this.slave?.release();
		try {
			this.pty.kill('SIGHUP');
		} catch {
			// Already gone.
		}
	}
}

/** node-pty reports a missing program only as "execvp(3) failed" from the child: check first. */
export function findExecutable(file: string, path = process.env.PATH ?? '/usr/bin:/bin'): string | null {
	const candidates = file.includes('/') ? [file] : path.split(delimiter).filter(Boolean).map(dir => join(dir, file));
	for (const candidate of candidates) {
		try {
			accessSync(candidate, constants.X_OK);
			if (statSync(candidate).isFile()) return candidate;
		} catch {
			// not this one
		}
	}
	return null;
}

function signalName(signal: number): string {
	const names: Record<number, string> = {1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 13: 'SIGPIPE', 15: 'SIGTERM'};
	return names[signal] ?? `signal ${signal}`;
}

/** Like screen and tmux, new panes start where lvs-tui was started (HOME if that directory is gone). */
function startDirectory(): string {
	try {
		return process.cwd();
	} catch {
		return process.env.HOME ?? '/';
	}
}
