// The VIP key inside the real app core: composeApp (store, keymap, AppController, a real pane),
// the interfaces feature registered on it, raw terminal bytes through the InputRouter (PuTTY F2,
// xterm F2, C-a v), VipControl running the real `ip` in a namespace this test creates.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';
import {composeApp, type ComposedApp} from '../../source/compose.js';
import {localModeConfig} from '../../source/domain/config/defaults.js';
import type {ClusterConfig} from '../../source/domain/config/cluster-config.js';
import {InputRouter} from '../../source/keymap/input-router.js';
import {AuditLog} from '../../source/services/audit-log.js';
import {VipControl} from '../../source/services/vip-control.js';
import {createInterfacesSlice, vipStates} from '../../source/store/interfaces-slice.js';
import type {AppState} from '../../source/store/app-store.js';
import {attachInterfaces, registerInterfacesFeature} from '../../source/ui/panels/interfaces-feature.js';
import {NetnsRunner} from './netns-runner.js';

const id = `${process.pid % 100000}`;
const NS = `lvstui-vipkey-${id}`;
const net = `10.${100 + (process.pid % 100)}.${(Math.floor(process.pid / 100) + 19) % 250}`;
const VIP = `${net}.50`;
const VIP2 = `${net}.51`;

async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise(r => setTimeout(r, 20));
	}
}

function labels(): string[] {
	const list = JSON.parse(execFileSync('ip', ['-n', NS, '-j', 'addr', 'show', 'dev', 'eth0'], {encoding: 'utf8'})) as Array<{addr_info: Array<{local: string; label?: string}>}>;
	return list[0].addr_info.filter(a => a.label && a.label !== 'eth0').map(a => `${a.local} ${a.label}`);
}

describe.skipIf(missing(isRoot, hasCommand('ip'), hasCommand('unshare')))('the VIP key in the app core', () => {
	let dir: string;
	const apps: ComposedApp[] = [];

	function start(vips: ClusterConfig['vips'], options: {readOnly?: boolean; confirmVipDown?: boolean; etcOverlay?: string} = {}) {
		const config: ClusterConfig = {...localModeConfig(), vips, options: {...localModeConfig().options, confirmVipDown: options.confirmVipDown ?? true}};
		const app = composeApp({config, size: {cols: 120, rows: 40}, readOnly: options.readOnly, slices: [createInterfacesSlice(config)], quit: () => {}, redraw: () => {}});
		apps.push(app);
		const control = new VipControl({
			director: new NetnsRunner('director', NS, {etcOverlay: options.etcOverlay}),
			audit: new AuditLog(join(dir, 'audit.log')),
			readOnly: app.store.getState().readOnly,
			publish: reduce => app.store.getState().updateInterfaces(reduce),
		});
		registerInterfacesFeature({
			store: app.store,
			panels: app.panels,
			control,
			registerAction: (action, handler) => app.controller.registerAction(action, handler),
			confirm: spec => app.controller.confirm(spec),
			confirmVipDown: config.options.confirmVipDown,
		});
		const router = new InputRouter(app.keymap, app.controller);
		const state = (): AppState => app.store.getState();
		return {app, router, state};
	}

	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'lvstui-vipkey-'));
		execFileSync('ip', ['netns', 'add', NS]);
		execFileSync('ip', ['-n', NS, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'peer0']);
		for (const dev of ['lo', 'eth0', 'peer0']) execFileSync('ip', ['-n', NS, 'link', 'set', dev, 'up']);
		execFileSync('ip', ['-n', NS, 'addr', 'add', `${net}.10/24`, 'dev', 'eth0']);
	});

	afterAll(() => {
		for (const app of apps) (app.host as {dispose?: () => void}).dispose?.();
		try {
			execFileSync('ip', ['netns', 'del', NS]);
		} catch {}
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('attachInterfaces: registers the Interfaces side panel and the poller fills it', async () => {
		const config: ClusterConfig = {...localModeConfig(), vips: [{address: VIP, device: 'eth0', label: 'eth0:50', prefix: 32}]};
		const app = composeApp({config, size: {cols: 120, rows: 40}, slices: [createInterfacesSlice(config)], quit: () => {}, redraw: () => {}});
		apps.push(app);
		const attached = attachInterfaces(app, {audit: new AuditLog(join(dir, 'audit.log')), director: new NetnsRunner('director', NS)});
		try {
			expect(app.panels.panels.map(p => p.title)).toEqual(['Interfaces']);
			await until('the first poll', () => app.store.getState().interfaces.director.status === 'ok');
			expect(vipStates(app.store.getState().interfaces).map(v => v.state)).toEqual(['down']);
		} finally {
			attached.stop();
			await attached.poller.idle();
		}
	});

	it('one VIP: PuTTY F2 brings it up at once; F2 again asks, y takes it down', async () => {
		const {router, state} = start([{address: VIP, device: 'eth0', label: 'eth0:50', prefix: 32}]);
		router.feed('\x1b[12~');
		await until('the VIP up', () => state().interfaces.lastAction?.state === 'done');
		expect(labels()).toEqual([`${VIP} eth0:50`]);
		expect(state().status?.text).toMatch(new RegExp(`^VIP ${VIP.replace(/\./g, '\\.')} is up on eth0 \\(label eth0:50\\)`));
		expect(vipStates(state().interfaces)[0].state).toBe('up');

		router.feed('\x1bOQ'); // xterm's F2: reads the director, then asks
		await until('the confirmation', () => state().overlays.length > 0);
		const top = state().overlays.at(-1);
		expect(top).toMatchObject({kind: 'confirm', title: `Take VIP ${VIP} down?`, confirmKey: 'y'});
		expect(top?.kind === 'confirm' && top.body[0]).toBe(`On director: ip addr del ${VIP}/32 dev eth0`);
		router.feed('x'); // any other key cancels
		expect(state().overlays).toEqual([]);
		expect(labels()).toEqual([`${VIP} eth0:50`]);

		router.feed('\x01v'); // C-a v, for terminals without F-keys
		await until('the confirmation', () => state().overlays.at(-1)?.kind === 'confirm');
		router.feed('y');
		await until('the VIP down', () => state().interfaces.lastAction?.direction === 'down' && state().interfaces.lastAction?.state === 'done');
		expect(labels()).toEqual([]);
		expect(vipStates(state().interfaces)[0].state).toBe('down');
	});

	it('several VIPs: the key opens a pick list; arrows and Enter pick one, Escape closes it', async () => {
		const {router, state} = start([
			{address: VIP, device: 'eth0', label: 'eth0:50', prefix: 32},
			{address: VIP2, device: 'eth0', label: 'eth0:51', prefix: 32},
		]);
		router.feed('\x1b[12~');
		expect(state().overlays.at(-1)).toEqual({kind: 'feature', id: 'vip.pick', payload: {selected: 0}});
		router.feed('\x1b[B'); // down arrow moves the selection
		expect(state().overlays.at(-1)).toEqual({kind: 'feature', id: 'vip.pick', payload: {selected: 1}});
		router.feed('\r');
		expect(state().overlays).toEqual([]);
		await until('the second VIP up', () => state().interfaces.lastAction?.state === 'done');
		expect(labels()).toEqual([`${VIP2} eth0:51`]);
		router.feed('\x1b[12~');
		router.feed('\x1b'); // Escape closes the list, nothing runs
		expect(state().overlays).toEqual([]);
	});

	it('confirmVipDown off: down without asking', async () => {
		const {router, state} = start([{address: VIP2, device: 'eth0', label: 'eth0:51', prefix: 32}], {confirmVipDown: false});
		// The panel has not polled yet; the key reads the director first, so it knows the VIP is up.
		router.feed('\x1b[12~');
		await until('the VIP down', () => state().interfaces.lastAction?.state === 'done');
		expect(state().overlays).toEqual([]);
		expect(state().interfaces.lastAction?.direction).toBe('down');
		expect(labels()).toEqual([]);
	});

	it('keepalived.conf names the VIP: up asks first, saying why', async () => {
		// A keepalived.conf only this director's commands see (overlaid on /etc, the host keeps none).
		const etc = join(dir, 'etc');
		mkdirSync(join(etc, 'keepalived'), {recursive: true});
		writeFileSync(join(etc, 'keepalived', 'keepalived.conf'), `vrrp_instance VI_1 {\n    interface eth0\n    virtual_ipaddress {\n        ${VIP}/32 dev eth0 label eth0:50\n    }\n}\n`);
		const {router, state} = start([{address: VIP, device: 'eth0', label: 'eth0:50', prefix: 32}], {etcOverlay: etc});
		router.feed('\x1b[12~');
		await until('the confirmation', () => state().overlays.length > 0);
		const top = state().overlays.at(-1);
		expect(top).toMatchObject({kind: 'confirm', title: `Bring VIP ${VIP} up although keepalived may own it?`});
		const body = top?.kind === 'confirm' ? top.body : [];
		for (const line of body) expect(line.length).toBeLessThanOrEqual(58);
		expect(body.join(' ').replace(/ +/g, ' ')).toBe(`/etc/keepalived/keepalived.conf:4 names VIP ${VIP}: VRRP and lvs-tui would both own it and fight On director: ip addr add ${VIP}/32 dev eth0 label eth0:50`);
		router.feed('y');
		await until('the VIP up', () => state().interfaces.lastAction?.state === 'done');
		expect(labels()).toEqual([`${VIP} eth0:50`]);
		expect(state().interfaces.warnings.map(w => w.code)).toContain('vip.keepalived-config');
		execFileSync('ip', ['-n', NS, 'addr', 'del', `${VIP}/32`, 'dev', 'eth0']);
	});

	it('read-only: the key refuses and says so; nothing changed', async () => {
		const {router, state} = start([{address: VIP, device: 'eth0', label: 'eth0:50', prefix: 32}], {readOnly: true});
		// Enter in the focused Interfaces panel is the VIP key too.
		router.feed('\x01\t');
		expect(state().focus).toBe('side');
		router.feed('\r');
		await until('the refusal', () => state().interfaces.lastAction?.state === 'refused');
		expect(state().status).toMatchObject({kind: 'error', text: `read-only mode: refusing to bring up VIP ${VIP}; nothing changed`});
		expect(labels()).toEqual([]);
	});
});
