// Idle CPU: a poll that reads what the store already shows must not wake a subscriber (every
// subscriber wake re-renders the side panel). Real captures through the real reducers and the real
// store; the counting subscriber is the same hook Ink's useStore uses.
import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {createAppStore} from '../../source/store/app-store.js';
import {createIpvsSlice, HISTORY_LENGTH, historyOf, ipvsNoIpvs, ipvsPollFailed, ipvsPollSucceeded} from '../../source/store/ipvs-slice.js';
import {createInterfacesSlice, pollFailed, pollSucceeded} from '../../source/store/interfaces-slice.js';
import {trackRates, type RateTrackerState} from '../../source/domain/ipvs/ipvs-rate-tracker.js';
import {readPollOutput} from '../../source/domain/ipvs/ipvs-poll-command.js';
import {parseHostProbe} from '../../source/domain/net/host-probe.js';
import {appError} from '../../source/domain/result.js';
import {bump} from '../ipvs/table-data.js';

const fixture = (p: string) => readFileSync(fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url)), 'utf8');
const M = '@@lvs-tui';
const pollOutput = `${M} uptime 100.0\n${M} list\n${fixture('ipvs/02-full/ipvsadm_-Ln.txt')}${M} rc 0\n${M} stats\n${fixture('ipvs/02-full/ipvsadm_-Ln_--stats_--exact.txt')}${M} rc 0\n`;

function readTable() {
	const r = readPollOutput(pollOutput, 0);
	if (r.kind !== 'table') throw new Error('fixture did not parse');
	return r;
}

describe('unchanged polls publish nothing', () => {
	it('IPVS: identical tables stop waking subscribers once the sparkline window is settled; a change wakes them', () => {
		const store = createAppStore({}, [createIpvsSlice(['director'])]);
		let wakes = 0;
		store.subscribe(() => wakes++);
		let rates: RateTrackerState | null = null;
		const poll = (table = readTable().table, t: number) => {
			const tracked = trackRates(rates, table, t);
			rates = tracked.state;
			store.getState().updateIpvs(ipvsPollSucceeded('director', {table: tracked.table, issues: [], sampleTime: t}, t * 1000));
		};
		// Nothing moves: each poll with rates adds a 0-CPS sample until the window of HISTORY_LENGTH
		// samples is all zeros (the tracker's first readings and its carry window of a few seconds
		// publish too); from then on nothing is published.
		for (let i = 0; i < 2 * HISTORY_LENGTH; i++) poll(undefined, 100 + i);
		expect(wakes).toBeGreaterThan(0);
		expect(wakes).toBeLessThanOrEqual(HISTORY_LENGTH + 4);
		const settledWakes = wakes;
		const settled = store.getState().ipvs;
		expect(historyOf(settled.directors.director, 'tcp 10.0.2.100:80 -> 10.0.2.21:80')).toEqual(Array(HISTORY_LENGTH).fill(0));
		for (let i = 2 * HISTORY_LENGTH; i < 3 * HISTORY_LENGTH; i++) poll(undefined, 100 + i);
		expect(wakes).toBe(settledWakes);
		expect(store.getState().ipvs).toBe(settled);
		// Counters move: published, and the sparkline shows it.
		poll(bump(readTable().table, {'tcp 10.0.2.100:80 -> 10.0.2.21:80': 40}), 200);
		expect(wakes).toBe(settledWakes + 1);
		const d = store.getState().ipvs.directors.director;
		expect(historyOf(d, 'tcp 10.0.2.100:80 -> 10.0.2.21:80').at(-1)).toBeGreaterThan(0);
	});

	it('IPVS: a failed poll after unpublished polls counts the stale age from the last good poll', () => {
		const store = createAppStore({}, [createIpvsSlice(['director'])]);
		const table = readTable().table;
		store.getState().updateIpvs(ipvsPollSucceeded('director', {table, issues: [], sampleTime: 1}, 1_000));
		store.getState().updateIpvs(ipvsPollSucceeded('director', {table, issues: [], sampleTime: 2}, 2_000));
		expect(store.getState().ipvs.directors.director.updatedAt).toBe(1_000);
		store.getState().updateIpvs(ipvsPollFailed('director', appError('ipvs.timeout', 'no answer'), 3_000, 2_000));
		const d = store.getState().ipvs.directors.director;
		expect(d.status).toBe('stale');
		expect(d.updatedAt).toBe(2_000);
	});

	it('IPVS: the same failure again (no IPVS in the kernel, or never a table) publishes nothing; a different one does', () => {
		const store = createAppStore({}, [createIpvsSlice(['director'])]);
		let wakes = 0;
		store.subscribe(() => wakes++);
		const msg = "Can't initialize ipvs: Protocol not available";
		for (let i = 0; i < 5; i++) store.getState().updateIpvs(ipvsNoIpvs('director', appError('ipvs.no-ipvs', 'no IPVS in this kernel', {detail: msg}), i * 1000));
		expect(wakes).toBe(1);
		for (let i = 0; i < 5; i++) store.getState().updateIpvs(ipvsPollFailed('director', appError('ipvs.timeout', 'no answer'), i * 1000));
		expect(wakes).toBe(2);
		store.getState().updateIpvs(ipvsPollFailed('director', appError('ipvs.transport', 'connection lost'), 9000));
		expect(wakes).toBe(3);
		expect(store.getState().ipvs.directors.director).toMatchObject({status: 'error', error: {message: 'connection lost'}});
	});

	it('interfaces: the same probe publishes nothing; different facts and failures do', () => {
		const store = createAppStore({}, [
			createInterfacesSlice({lvsType: 'nat', director: {name: 'director', transport: 'local'}, realServers: [], vips: [{address: '10.77.0.50', device: 'eth0', prefix: 32}]} as never),
		]);
		let wakes = 0;
		store.subscribe(() => wakes++);
		const facts = () => {
			const r = parseHostProbe(fixture('net/captured-probe-netns.txt'), 'director');
			if (!r.ok) throw new Error(r.error.message);
			return r.value;
		};
		store.getState().updateInterfaces(pollSucceeded('director', facts(), 1_000));
		expect(wakes).toBe(1);
		for (let i = 2; i < 10; i++) store.getState().updateInterfaces(pollSucceeded('director', facts(), i * 1_000));
		expect(wakes).toBe(1);
		const changed = facts();
		changed.sysctl = {...changed.sysctl, 'net.ipv4.ip_forward': changed.sysctl['net.ipv4.ip_forward'] === '1' ? '0' : '1'};
		store.getState().updateInterfaces(pollSucceeded('director', changed, 10_000));
		expect(wakes).toBe(2);
		store.getState().updateInterfaces(pollFailed('director', appError('net.poll-failed', 'no answer'), 10_000));
		expect(wakes).toBe(3);
		expect(store.getState().interfaces.director).toMatchObject({status: 'stale', updatedAt: 10_000});
	});
});
