// The poller against real hosts-in-namespaces: a NAT director and one real server. It publishes
// into the real app store; when a host vanishes the last good picture stays, marked stale.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';
import {createAppStore} from '../../source/store/app-store.js';
import {createInterfacesSlice, vipStates} from '../../source/store/interfaces-slice.js';
import {InterfacesPoller} from '../../source/services/interfaces-poller.js';
import type {ClusterConfig} from '../../source/domain/config/cluster-config.js';
import {NetnsRunner} from './netns-runner.js';
import type {CommandRunner} from '../../source/transports/command-runner.js';

const id = `${process.pid % 100000}`;
const DIRECTOR = `lvstui-pold-${id}`;
const RS = `lvstui-polr-${id}`;
const net = `10.${100 + (process.pid % 100)}.${(Math.floor(process.pid / 100) + 7) % 250}`;

function sh(argv: string[]): void {
	execFileSync(argv[0], argv.slice(1), {stdio: ['ignore', 'ignore', 'pipe']});
}
const inNs = (ns: string, argv: string[]) => sh(['ip', 'netns', 'exec', ns, ...argv]);

async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise(r => setTimeout(r, 20));
	}
}

describe.skipIf(missing(isRoot, hasCommand('ip')))('InterfacesPoller on namespaces', () => {
	const config: Pick<ClusterConfig, 'lvsType' | 'director' | 'realServers' | 'vips' | 'dip'> = {
		lvsType: 'nat',
		director: {name: 'director', transport: 'local'},
		realServers: [{name: 'rs1', transport: 'local', address: `${net}.21`}],
		vips: [{address: `${net}.50`, device: 'eth0', label: 'eth0:50', prefix: 32}, {address: 'not-an-ip', device: 'eth0', prefix: 32}],
		dip: {address: `${net}.1`, device: 'eth0'},
	};
	const store = createAppStore({}, [createInterfacesSlice(config)]);
	let poller: InterfacesPoller | undefined;

	beforeAll(() => {
		sh(['ip', 'netns', 'add', DIRECTOR]);
		sh(['ip', 'netns', 'add', RS]);
		sh(['ip', 'link', 'add', 'eth0', 'netns', DIRECTOR, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', RS]);
		inNs(DIRECTOR, ['ip', 'addr', 'add', `${net}.1/24`, 'dev', 'eth0']);
		inNs(DIRECTOR, ['ip', 'addr', 'add', `${net}.50/32`, 'dev', 'eth0', 'label', 'eth0:50']);
		inNs(RS, ['ip', 'addr', 'add', `${net}.21/24`, 'dev', 'eth0']);
		for (const ns of [DIRECTOR, RS]) inNs(ns, ['ip', 'link', 'set', 'eth0', 'up']);
		// rs1 routes via .254, not the DIP .1: a classic LVS-NAT mistake
		inNs(RS, ['ip', 'route', 'add', 'default', 'via', `${net}.254`]);
	});

	afterAll(() => {
		poller?.stop();
		for (const ns of [DIRECTOR, RS]) {
			try {
				sh(['ip', 'netns', 'del', ns]);
			} catch {}
		}
	});

	it('publishes interfaces, VIP state and warnings; keeps the last good picture when a host goes away', async () => {
		poller = new InterfacesPoller({
			director: new NetnsRunner('director', DIRECTOR),
			realServers: [new NetnsRunner('rs1', RS)],
			publish: reduce => store.getState().updateInterfaces(reduce),
			intervalMs: 60_000,
		});
		expect(store.getState().interfaces.director.status).toBe('loading');
		await poller.refreshNow();
		const s = store.getState().interfaces;
		expect(s.director.status).toBe('ok');
		expect(s.realServers.rs1.status).toBe('ok');
		expect(vipStates(s).map(v => `${v.entry.address} ${v.state}`)).toEqual([`${net}.50 up`, 'not-an-ip invalid']);
		expect(s.vips[1].error).toBe("VIP 'not-an-ip' is not an IPv4 or IPv6 address");
		// Namespaces start with ip_forward=0: a NAT director that does not forward.
		expect(s.warnings.map(w => `${w.host}: ${w.message}`)).toEqual([
			'director: ip_forward is off on a NAT director: replies from the real servers are dropped (sysctl -w net.ipv4.ip_forward=1)',
			`rs1: default route via ${net}.254, not the DIP ${net}.1: LVS-NAT replies bypass the director`,
		]);

		// Fix both on the hosts; the next poll clears the warnings.
		inNs(DIRECTOR, ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
		inNs(RS, ['ip', 'route', 'replace', 'default', 'via', `${net}.1`]);
		await poller.refreshNow();
		expect(store.getState().interfaces.warnings).toEqual([]);

		// The real server disappears: its last good facts stay, marked stale with the reason.
		sh(['ip', 'netns', 'del', RS]);
		await poller.refreshNow();
		const after = store.getState().interfaces.realServers.rs1;
		expect(after.status).toBe('stale');
		expect(after.facts?.defaultRoutes[0]?.gateway).toBe(`${net}.1`);
		expect(after.error?.where?.host).toBe('rs1');
	});

	it('start() polls at once and again every interval, real servers every Nth cycle; stop() ends it', async () => {
		const execs: Record<string, number> = {director: 0, rs9: 0};
		const counted = (name: string): CommandRunner => {
			const inner = new NetnsRunner(name, DIRECTOR);
			return {host: name, exec: (command, options) => {
				execs[name]++;
				return inner.exec(command, options);
			}};
		};
		const p = new InterfacesPoller({
			director: counted('director'),
			realServers: [counted('rs9')],
			publish: reduce => store.getState().updateInterfaces(reduce),
			intervalMs: 10,
			realServerEvery: 3,
		});
		p.start();
		await waitFor('six director polls', () => execs.director >= 6);
		p.stop();
		await p.idle();
		expect(p.scheduled).toBe(false);
		// cycles 0 and 3 (and 6 if it had begun) read the real server too
		expect(execs.rs9).toBe(Math.floor((execs.director - 1) / 3) + 1);
	});
});
