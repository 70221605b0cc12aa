// The timing both pollers (IPVS, interfaces) share: rounds never overlap, a refresh joins the poll
// under way, stop() ends the loop once the round in flight is done. Real timers; every wait is for
// a condition with a bounded timeout.
import {describe, expect, it} from 'vitest';
import {PollLoop} from '../../source/services/poll-loop.js';

async function waitFor(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 5));
	}
}

/** A poll that stays under way until release() is called: lets a test hold it open. */
function heldPoll() {
	let polls = 0;
	let active = 0;
	let maxActive = 0;
	let release: (() => void) | null = null;
	return {
		get polls() {
			return polls;
		},
		get maxActive() {
			return maxActive;
		},
		get waiting() {
			return release !== null;
		},
		release() {
			const r = release;
			release = null;
			r?.();
		},
		poll: () => {
			polls++;
			active++;
			maxActive = Math.max(maxActive, active);
			return new Promise<number>(resolve => {
				release = () => {
					active--;
					resolve(polls);
				};
			});
		},
	};
}

describe('PollLoop', () => {
	it('refreshNow while a poll is under way joins it instead of starting another', async () => {
		const held = heldPoll();
		const loop = new PollLoop({poll: held.poll, round: async refresh => (await refresh(), 1000)});
		const a = loop.refreshNow();
		const b = loop.refreshNow();
		expect(held.polls).toBe(1);
		held.release();
		expect(await a).toBe(1);
		expect(await b).toBe(1);
		const c = loop.refreshNow();
		expect(held.polls).toBe(2);
		held.release();
		expect(await c).toBe(2);
		await loop.idle();
	});

	it('runs rounds one after another with the delay each round returned, and stop() clears the next', async () => {
		const held = heldPoll();
		const delays: number[] = [];
		const loop = new PollLoop({
			poll: held.poll,
			round: async refresh => {
				const n = await refresh();
				// Short waits for three rounds, then one long enough to see it scheduled.
				const delay = n < 4 ? n : 60_000;
				delays.push(delay);
				return delay;
			},
		});
		loop.start();
		loop.start(); // a second start is ignored: still one loop
		for (let round = 1; round <= 4; round++) {
			await waitFor(`poll ${round}`, () => held.waiting && held.polls === round);
			expect(loop.scheduled).toBe(false); // nothing is scheduled while a round is under way
			held.release();
		}
		await waitFor('the long wait scheduled', () => loop.scheduled);
		expect(held.maxActive).toBe(1);
		expect(delays).toEqual([1, 2, 3, 60_000]);
		loop.stop();
		expect(loop.scheduled).toBe(false);
		// A refresh after stop() polls once and schedules nothing.
		const refreshed = loop.refreshNow();
		held.release();
		expect(await refreshed).toBe(5);
		expect(delays).toHaveLength(4);
		expect(loop.scheduled).toBe(false);
	});

	it('stop() during a round: that round finishes and nothing more is scheduled', async () => {
		const held = heldPoll();
		let rounds = 0;
		const loop = new PollLoop({poll: held.poll, round: async refresh => (await refresh(), rounds++, 1)});
		loop.start();
		await waitFor('the first poll', () => held.waiting);
		loop.stop();
		held.release();
		await waitFor('the round to end', () => rounds === 1);
		await new Promise(resolve => setImmediate(resolve)); // the loop's own continuation after the round
		expect(loop.scheduled).toBe(false);
		expect(held.polls).toBe(1);
	});
});
