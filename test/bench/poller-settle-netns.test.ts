// Idle CPU on a real host-in-a-namespace: the interfaces poller slows down once the director's
// facts stop changing, and a change (an address added by hand) brings it back to full pace and
// into the store.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';
import {createAppStore} from '../../source/store/app-store.js';
import {createInterfacesSlice} from '../../source/store/interfaces-slice.js';
import {InterfacesPoller, SETTLED_AFTER_PROBES} from '../../source/services/interfaces-poller.js';
import {NetnsRunner} from '../net/netns-runner.js';
import type {CommandRunner} from '../../source/transports/command-runner.js';

const NS = `lvstui-settle-${process.pid % 100000}`;
const net = `10.${150 + (process.pid % 50)}.${(Math.floor(process.pid / 50) + 3) % 250}`;
const sh = (argv: string[]) => execFileSync(argv[0], argv.slice(1), {stdio: ['ignore', 'ignore', 'pipe']});
const inNs = (argv: string[]) => sh(['ip', 'netns', 'exec', NS, ...argv]);

async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise(r => setTimeout(r, 10));
	}
}

describe.skipIf(missing(isRoot, hasCommand('ip')))('interfaces poller settles when nothing changes', () => {
	let poller: InterfacesPoller | undefined;

	beforeAll(() => {
		sh(['ip', 'netns', 'add', NS]);
		inNs(['ip', 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth1']);
		inNs(['ip', 'addr', 'add', `${net}.1/24`, 'dev', 'eth0']);
		inNs(['ip', 'link', 'set', 'eth0', 'up']);
		inNs(['ip', 'link', 'set', 'eth1', 'up']);
	});

	afterAll(async () => {
		poller?.stop();
		await poller?.idle();
		try {
			sh(['ip', 'netns', 'del', NS]);
		} catch {
			// Already gone.
		}
	});

	it('slows down after unchanged probes and picks up a change', async () => {
		const store = createAppStore({}, [
			createInterfacesSlice({lvsType: 'nat', director: {name: 'director', transport: 'local'}, realServers: [], vips: [], dip: {address: `${net}.1`, device: 'eth0'}}),
		]);
		let probes = 0;
		const inner = new NetnsRunner('director', NS);
		const director: CommandRunner = {host: 'director', exec: (command, options) => (probes++, inner.exec(command, options))};
		poller = new InterfacesPoller({director, publish: reduce => store.getState().updateInterfaces(reduce), intervalMs: 5});
		poller.start();
		await waitFor('the first probe', () => store.getState().interfaces.director.status === 'ok');
		expect(poller.settled).toBe(false);
		await waitFor('a settled poller', () => poller!.settled);
		expect(probes).toBeGreaterThan(SETTLED_AFTER_PROBES);
		inNs(['ip', 'addr', 'add', `${net}.77/32`, 'dev', 'eth0', 'label', 'eth0:77']);
		const hasNew = () => JSON.stringify(store.getState().interfaces.director.facts?.listing).includes(`${net}.77`);
		await waitFor('the new address in the store', hasNew);
		expect(poller.settled).toBe(false);
	});
});
