// The three multiplexers the bench drives the same way: how to start each in the bench terminal,
// open a pane, find its processes, and stop it.
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {BenchTerminal} from './bench-terminal.js';
import {pidsMatching} from './process-stats.js';

export interface Variant {
	name: string;
	start(env: Record<string, string>, dir: string): BenchTerminal;
	/** Keys that open a new shell pane. */
	newPane: string;
	/** Keys that hide lvs-tui's side panel (its pollers stop): none for tmux and screen. */
	hidePanel?: string;
	/**
	 * Keys that select pane n, open the scrollback view at its oldest line, and leave it again:
	 * the bench checks there that the 10,000 lines are really held (lvs-tui moves them out of
	 * xterm into a compact store). Not set for tmux and screen.
	 */
	scrollback?: {select(pane: number): string; top: string; leave: string};
	/** The multiplexer's own processes (client and server), not the shells. */
	processes(): number[];
	stop(): void;
}

// Started as users start it, through its shebang, so the node flags there apply.
const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli.js');

export function hasProgram(name: string): boolean {
	try {
		execFileSync('sh', ['-c', `command -v ${name}`], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

export function lvsTui(): Variant {
	let terminal: BenchTerminal | null = null;
	return {
		name: 'lvs-tui',
		start(env) {
			// Panes in the UI process: one process to measure, like the single-process design measured.
			terminal = new BenchTerminal(CLI, [], {...env, LVS_TUI_NO_SESSION: '1'});
			return terminal;
		},
		newPane: '\x01c',
		hidePanel: '\x01|',
		scrollback: {select: pane => `\x01${pane}`, top: '\x01[g', leave: 'q'},
		processes: () => (terminal ? [terminal.pty.pid] : []),
		stop() {
			terminal?.kill();
		},
	};
}

export function tmux(): Variant {
	const socket = `lvs-tui-bench-${process.pid}`;
	return {
		name: 'tmux',
		start(env, dir) {
			const conf = join(dir, 'tmux.conf');
			// tmux starts a login shell, whose profile would replace the bench prompt.
			writeFileSync(conf, `set -g history-limit 10000\nset -g default-shell /bin/sh\nset -g default-command "env PS1='${env.PS1}' /bin/sh"\n`);
			return new BenchTerminal('tmux', ['-L', socket, '-f', conf, 'new-session'], env);
		},
		newPane: '\x02c',
		processes: () => pidsMatching(socket),
		stop() {
			try {
				execFileSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore'});
			} catch {
				// already gone
			}
		},
	};
}

export function screen(): Variant {
	const session = `lvs-tui-bench-${process.pid}`;
	return {
		name: 'screen',
		start(env, dir) {
			const conf = join(dir, 'screenrc');
			writeFileSync(conf, 'defscrollback 10000\nshell /bin/sh\nstartup_message off\nvbell off\n');
			return new BenchTerminal('screen', ['-S', session, '-c', conf], env);
		},
		newPane: '\x01c',
		processes: () => pidsMatching(session),
		stop() {
			try {
				execFileSync('screen', ['-S', session, '-X', 'quit'], {stdio: 'ignore'});
			} catch {
				// already gone
			}
		},
	};
}
