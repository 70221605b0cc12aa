// The IPVS feature plugged into the real app store and panel registry: the side panel takes keys,
// actions go through the core's confirm dialog (exact command in its body), 'ipvs.run' runs the
// plan on y, C-a i opens the overlay. Commands run on this machine's real shell.
import {afterAll, describe, expect, it} from 'vitest';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createAppStore, type ConfirmOverlay} from '../../source/store/app-store.js';
import {createIpvsSlice, ipvsPollSucceeded} from '../../source/store/ipvs-slice.js';
import {PanelRegistry} from '../../source/ui/panel-registry.js';
import {IPVS_OVERLAY, IPVS_RUN_ACTION, registerIpvsFeature, confirmBody} from '../../source/ui/panels/ipvs-feature.js';
import {IpvsActions} from '../../source/services/ipvs-actions.js';
import {AuditLog} from '../../source/services/audit-log.js';
import {LocalCommandRunner} from '../../source/transports/local-command-runner.js';
import type {ActionHandler} from '../../source/ui/app-controller.js';
import {fullTable, NAMES} from './table-data.js';

const dir = mkdtempSync(join(tmpdir(), 'lvstui-ipvs-feature-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

async function until<T>(what: string, f: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const v = f();
		if (v) return v;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise(r => setTimeout(r, 20));
	}
}

describe('IPVS feature wiring', () => {
	it('side-panel keys open the core confirm with the exact command; ipvs.run runs it; C-a i opens the overlay', async () => {
		const store = createAppStore({}, [createIpvsSlice(['director'], NAMES)]);
		store.getState().updateIpvs(ipvsPollSucceeded('director', {table: fullTable(), issues: [], sampleTime: 1}, Date.now()));
		const panels = new PanelRegistry();
		const handlers = new Map<string, ActionHandler>();
		const auditPath = join(dir, 'audit.log');
		const actions = new IpvsActions({
			runner: () => new LocalCommandRunner({host: 'director'}),
			audit: new AuditLog(auditPath),
			publish: reduce => store.getState().updateIpvs(reduce),
			readOnly: () => store.getState().readOnly,
		});
		registerIpvsFeature({
			store,
			panels,
			actions,
			registerAction: (id, h) => handlers.set(id, h),
			confirm: spec => store.getState().pushOverlay({kind: 'confirm', ...spec}),
		});
		const panel = panels.focused()!;
		expect(panel.id).toBe('ipvs');
		panel.handleKey!({name: 'down', raw: '\x1b[B'});
		panel.handleKey!({name: 'x', raw: 'x'});
		const overlay = store.getState().overlays.at(-1) as ConfirmOverlay;
		expect(overlay.kind).toBe('confirm');
		expect(overlay.title).toBe('remove 10.0.2.21:80 from TCP 10.0.2.100:80?');
		expect(overlay.body).toEqual(['On director:', '$ ipvsadm -d -t 10.0.2.100:80 -r 10.0.2.21:80']);
		expect(overlay.onConfirm.action).toBe(IPVS_RUN_ACTION);
		store.getState().popOverlay();
		handlers.get(IPVS_RUN_ACTION)!(overlay.onConfirm.payload);
		const record = await until('the run to finish', () => {
			const a = store.getState().ipvs.lastAction;
			return a && a.state !== 'running' ? a : null;
		});
		expect(record.command).toBe('ipvsadm -d -t 10.0.2.100:80 -r 10.0.2.21:80');
		expect(record.state).toBe('failed');
		expect(JSON.parse(readFileSync(auditPath, 'utf8').trim()).command).toBe(record.command);

		handlers.get('ipvs.overlay')!();
		expect(store.getState().overlays.at(-1)).toEqual({kind: 'feature', id: IPVS_OVERLAY});
		expect(panels.overlays.get(IPVS_OVERLAY)!.handleKey!({name: 'j', raw: 'j'}, undefined)).toBe(true);
	});

	it('splits a long command so a 64-column dialog shows all of it', () => {
		const body = confirmBody(
			{host: 'director', plan: {argv: [], command: 'ipvsadm -e -t 10.0.2.102:80 -r 10.0.2.33:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-nocsum', summary: 's', warnings: []}},
			60,
		);
		expect(body.every(l => l.length <= 60)).toBe(true);
		expect(body.slice(1).join('')).toBe('$ ipvsadm -e -t 10.0.2.102:80 -r 10.0.2.33:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-nocsum');
	});
});
