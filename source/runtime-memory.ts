// Memory policy of the long-running app process (lvs-tui in one process, and the session server
// if it opts in): one deliberate full collection once pane output has gone quiet after scrollback
// moved into the compact store (source/terminal/emulator.ts), so the rows xterm let go of are
// freed and their memory reused at once, instead of V8 collecting in bursts for seconds later.
// Off unless enableQuietCollection() ran: tests and short commands never pay for it.
import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | null = null;
let timer: NodeJS.Timeout | null = null;
let soon: NodeJS.Timeout | null = null;
/** Full collections run (tests and the bench read it). */
export let quietCollections = 0;

/** Allow collectWhenQuiet() to run a full GC (takes effect at run time: V8 exposes gc on request). */
export function enableQuietCollection(): void {
	if (collect) return;
	v8.setFlagsFromString('--expose-gc');
	const gc: unknown = vm.runInNewContext('gc');
	if (typeof gc === 'function') collect = gc as () => void;
}

/** Run one full collection `delayMs` after the last call (each call pushes it back). */
export function collectWhenQuiet(delayMs = 500): void {
	if (!collect) return;
	if (timer) {
		timer.refresh();
		return;
	}
	timer = setTimeout(() => {
		timer = null;
		quietCollections++;
		collect?.();
	}, delayMs);
	timer.unref();
}

/**
 * Run one full collection shortly even while output streams: after a pane's scrollback was
 * cleared (CSI 3 J before a flood, as `clear` sends it), so the ~1 KB rows xterm dropped are
 * freed and reused by the rows the flood allocates instead of adding to them.
 */
export function collectSoon(delayMs = 50): void {
	if (!collect || soon) return;
	soon = setTimeout(() => {
		soon = null;
		quietCollections++;
		collect?.();
	}, delayMs);
	soon.unref();
}
