// Memory policy of the long-running app process (lvs-tui in one process, and the session server
// if it opts in): one deliberate full collection right after many scrollback rows were dropped
// (moved into the compact store once output was quiet, or cleared by CSI 3 J — see
// source/terminal/emulator.ts), so their memory is reused at once by the next rows instead of
// adding to them until V8 gets round to it. Off unless enableQuietCollection() ran: tests and
// short commands never pay for it.
import v8 from 'node:v8';
import vm from 'node:vm';
import {PerformanceObserver} from 'node:perf_hooks';

type Collect = (options?: {type: 'major'; execution: 'async' | 'sync'}) => unknown;
let collect: Collect | null = null;
let soon: NodeJS.Timeout | null = null;
/** Full collections run (tests and the bench read it). */
export let quietCollections = 0;

/** Allow collectSoon() to run a full GC (takes effect at run time: V8 exposes gc on request). */
export function enableQuietCollection(): void {
	if (collect) return;
	v8.setFlagsFromString('--expose-gc');
	// V8's memory reducer runs its own full GCs ~8-12 s after activity, up to three in a row (~20 ms
	// of CPU each, in what is otherwise idle time); after ours one is enough (read at run time:
	// measured 2 -> 1 reducer GC after the bench's flood).
	v8.setFlagsFromString('--memory-reducer-single-gc');
	const gc: unknown = vm.runInNewContext('gc');
	if (typeof gc === 'function') collect = gc as Collect;
}

/**
 * Run one full collection in `delayMs` (calls meanwhile share it; ~20-40 ms of CPU). `busy`: output
 * may be streaming (a scrollback cleared before a flood): mark incrementally, mostly on V8's
 * helper threads, instead of stopping the main thread for the whole collection.
 */
export function collectSoon(delayMs = 50, busy = false): void {
	if (!collect || soon) return;
	soon = setTimeout(() => {
		soon = null;
		quietCollections++;
		collect?.(busy ? {type: 'major', execution: 'async'} : undefined);
	}, delayMs);
	soon.unref();
}

let youngLimit: PerformanceObserver | null = null;

/**
 * Keep V8's young generation at `semiSpaceMb` per semi-space (default 8) instead of the 16 it
 * grows to on 64-bit: start-up alone grows it to the maximum, and with 2 x 16 MB resident it was
 * the largest single item of the app's RSS. --max-semi-space-size only works on the node command
 * line (not for `node dist/cli.js` or from setFlagsFromString), but the growth factor is read at
 * every resize: after each GC it is 1 (no growth) once the limit is reached and 2 below it (V8
 * may shrink the space when idle; it must be able to grow back for the next flood).
 */
export function limitYoungGeneration(semiSpaceMb = 8): void {
	if (youngLimit || !(semiSpaceMb > 0)) return;
	const limit = semiSpaceMb * 2 * 1024 * 1024;
	let growing = true;
	const check = () => {
		const young = v8.getHeapSpaceStatistics().find(s => s.space_name === 'new_space');
		if (!young) return;
		const grow = young.space_size < limit;
		if (grow === growing) return;
		growing = grow;
		v8.setFlagsFromString(`--semi-space-growth-factor=${grow ? 2 : 1}`);
	};
	youngLimit = new PerformanceObserver(check);
	youngLimit.observe({entryTypes: ['gc']});
}

/** Size of V8's young generation now, in MB (both semi-spaces; the bench and tests read it). */
export function youngGenerationMb(): number {
	return (v8.getHeapSpaceStatistics().find(s => s.space_name === 'new_space')?.space_size ?? 0) / (1024 * 1024);
}
