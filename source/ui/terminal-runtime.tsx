// Runs the UI on a real terminal: alternate screen, raw stdin through the input router, Ink for
// the chrome (through InkStdout), the compositor for the active pane, SIGWINCH, and a clean
// terminal on every way out.
import React from 'react';
import {PassThrough} from 'node:stream';
import {StringDecoder} from 'node:string_decoder';
import {render} from 'ink';
import type {Instance} from 'ink';
import type {Theme} from '../domain/theme/theme.js';
import type {ComposedApp, ComposeOptions} from '../compose.js';
import {Compositor} from '../terminal/compositor.js';
import {InputRouter} from '../keymap/input-router.js';
import {App} from './app.js';
import {AppContext} from './app-context.js';
import {ThemeContext} from './theme.js';
import {InkStdout} from './ink-stdout.js';
import {PaneViewBinder} from './pane-view-binder.js';

export interface TerminalStreams {
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
}

type RuntimeHooks = Pick<ComposeOptions, 'quit' | 'redraw' | 'activeModes' | 'activeScreen' | 'size'>;

export interface TerminalUi {
	app: ComposedApp;
	/** Resolves with the exit code when the user quits (or the last pane closes). */
	exited: Promise<number>;
	quit(code?: number): void;
}

const ENTER = '\x1b[?1049h\x1b[2J\x1b[H\x1b[?2004h';
const LEAVE = '\x1b[?2004l\x1b[0m\x1b[?25h\x1b[?1049l';

function terminalSize(stdout: NodeJS.WriteStream): {cols: number; rows: number} {
	return {cols: Math.max(20, stdout.columns || 80), rows: Math.max(5, stdout.rows || 24)};
}

export function startTerminalUi(streams: TerminalStreams, theme: Theme, compose: (hooks: RuntimeHooks) => ComposedApp, onAppReady?: (app: ComposedApp) => void): TerminalUi {
	const {stdin, stdout} = streams;
	let binder: PaneViewBinder | null = null;
	let resolveExit: (code: number) => void = () => {};
	const exited = new Promise<number>(resolve => {
		resolveExit = resolve;
	});
	let closing = false;
	let ink: Instance | null = null;
	let inkOut: InkStdout | null = null;
	const compositor = new Compositor(data => stdout.write(data));

	const app = compose({
		size: terminalSize(stdout),
		quit: () => quit(0),
		redraw: () => redraw(),
		activeModes: () => binder?.activeScreen()?.modes() ?? null,
		activeScreen: () => binder?.activeScreen() ?? null,
	});
	const {store, host, controller} = app;
	onAppReady?.(app);

	const redraw = () => {
		compositor.invalidate();
		stdout.write('\x1b[2J');
		inkOut?.replayLastFrame();
		compositor.paint();
	};

	stdout.write(ENTER);
	binder = new PaneViewBinder(store, host, compositor, app.panels, {
		bell: () => stdout.write('\x07'),
		allPanesClosed: () => quit(0),
	});
	binder.start();

	inkOut = new InkStdout(stdout, () => store.getState().size, () => {
		compositor.invalidate();
		return compositor.frame();
	});
	ink = render(
		<AppContext.Provider value={{store, keymap: app.keymap, panels: app.panels}}>
			<ThemeContext.Provider value={theme}>
				<App />
			</ThemeContext.Provider>
		</AppContext.Provider>,
		{
			stdout: inkOut as unknown as NodeJS.WriteStream,
			stdin: new PassThrough() as unknown as NodeJS.ReadStream,
			exitOnCtrlC: false,
			patchConsole: false,
			maxFps: 30,
		},
	);

	const router = new InputRouter(app.keymap, controller);
	const decoder = new StringDecoder('utf8');
	const onData = (chunk: Buffer | string) => {
		try {
			router.feed(typeof chunk === 'string' ? chunk : decoder.write(chunk));
		} catch (error) {
			store.getState().showStatus(`input error: ${error instanceof Error ? error.message : String(error)}`, 'error');
		}
	};
	if (stdin.isTTY) stdin.setRawMode(true);
	stdin.on('data', onData);
	stdin.resume();

	const onResize = () => {
		const size = terminalSize(stdout);
		const current = store.getState().size;
		if (size.cols === current.cols && size.rows === current.rows) return;
		stdout.write('\x1b[2J');
		inkOut?.resetAnchor();
		compositor.invalidate();
		store.getState().setSize(size.cols, size.rows);
		inkOut?.emit('resize');
	};
	stdout.on('resize', onResize);
	// Clean up, then die of the signal as a Unix program should. Re-raising also skips Node's own
	// tty reset, which aborts the process when the terminal is already gone (SIGHUP).
	const onSignal = (signal: NodeJS.Signals) => {
		quit(128);
		process.kill(process.pid, signal);
	};
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	// Writing to a terminal that has gone away must not crash the cleanup.
	const onWriteError = () => undefined;
	stdout.on('error', onWriteError);

	function quit(code = 0): void {
		if (closing) return;
		closing = true;
		stdin.off('data', onData);
		stdout.off('resize', onResize);
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
		binder?.stop();
		try {
			ink?.unmount();
		} catch {
			// Ink failing to unmount must not leave the terminal in raw mode.
		}
		const reset = compositor.resetOuterModes();
		compositor.dispose();
		stdout.write(reset + LEAVE);
		if (stdin.isTTY) stdin.setRawMode(false);
		stdin.pause();
		app.dispose();
		resolveExit(code);
	}

	return {app, exited, quit};
}
