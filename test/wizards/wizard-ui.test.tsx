// The wizard overlay's controller and view, driven key by key against a real store, real files,
// real dhcpd, this machine's kernel (no IPVS) and a real local shell pane.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import React from 'react';
import {render} from 'ink-testing-library';
import {afterAll, describe, expect, it, vi} from 'vitest';
import {localModeConfig} from '../../source/domain/config/defaults.js';
import type {ClusterConfig} from '../../source/domain/config/cluster-config.js';
import {AuditLog} from '../../source/services/audit-log.js';
import {WizardController} from '../../source/services/wizard-controller.js';
import {createHostTransports} from '../../source/services/host-transports.js';
import {createAppStore} from '../../source/store/app-store.js';
import {createWizardSlice} from '../../source/store/wizard-slice.js';
import {createPaneHost} from '../../source/compose-panes.js';
import {buildKeymap} from '../../source/keymap/keymap.js';
import {AppContext} from '../../source/ui/app-context.js';
import {PanelRegistry} from '../../source/ui/panel-registry.js';
import {wizardView} from '../../source/ui/wizards/wizard-lines.js';
import {makeWizardOverlay} from '../../source/ui/wizards/wizard-overlay.js';
import {paneKeystrokes, paneSender} from '../../source/ui/wizards/wizard-pane-sender.js';
import {hasCommand, missing} from '../helpers/requirements.js';

const work = mkdtempSync(join(tmpdir(), 'lvs-tui-wizui-'));
afterAll(() => rmSync(work, {recursive: true, force: true}));
const SAMPLE = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'wizards', 'dhcpd.conf.sample'), 'utf8');

function setup(options: Partial<ClusterConfig['options']> = {}, readOnly = false, sendToPane?: (host: string, command: string) => void) {
	const base = localModeConfig();
	const config: ClusterConfig = {...base, dip: {address: '192.168.1.9', device: 'eth1', network: '192.168.1.0/24'}, options: {...base.options, ...options}};
	const store = createAppStore({readOnly}, [createWizardSlice]);
	const hosts = createHostTransports(config);
	const audit = new AuditLog(join(work, 'audit.log'));
	const controller = new WizardController({
		get: () => store.getState().wizard,
		update: reduce => store.getState().updateWizard(reduce),
		config,
		host: name => hosts.get(name),
		audit,
		readOnly: () => store.getState().readOnly,
		sendToPane,
		now: () => new Date(Date.UTC(2026, 10, 25, 1, 2, 3)),
	});
	const type = (text: string) => {
		for (const ch of text) controller.handleKey({name: ch === ' ' ? 'space' : ch, raw: ch});
	};
	const key = (name: string, raw = '') => controller.handleKey({name, raw});
	const view = () => wizardView(store.getState().wizard, controller.definitions, store.getState().readOnly);
	const text = () => {
		const v = view();
		return [v.title, ...v.head, ...v.body].map(l => (typeof l === 'string' ? l : l.text)).join('\n') + '\n' + v.footer;
	};
	const phase = () => store.getState().wizard.phase;
	return {config, store, controller, type, key, view, text, phase, audit};
}

describe('the wizard menu and forms', () => {
	it('lists the wizards; a field is validated as it is typed; Enter with errors stays on the form', () => {
		const w = setup();
		expect(w.text()).toMatch(/1\. Kernel IPVS readiness[\s\S]*2\. Kickstart file for a new real server[\s\S]*3\. DHCP reservation/);
		w.key('3');
		expect(w.phase()).toBe('form');
		w.key('tab');
		w.type('rs_3');
		expect(w.text()).toContain("'rs_3' is not an RFC 1123 host name");
		for (let i = 0; i < 2; i++) w.key('backspace');
		w.type('3');
		expect(w.text()).not.toContain('RFC 1123');
		w.key('tab');
		w.type('00:16:3e');
		expect(w.text()).toContain("'00:16:3e' is not a MAC address");
		w.key('enter');
		expect(w.phase()).toBe('form');
		expect(w.text()).toContain('IP address is required');
	});

	it('masks the password, and drops it from the store once it is hashed', async () => {
		const dir = join(work, 'ks');
		spawnSync('mkdir', ['-p', dir]);
		const w = setup({kickstartDir: dir});
		w.key('2');
		w.type('rs3');
		w.key('enter');
		w.type('192.168.1.13');
		w.key('enter');
		w.type('00:16:3e:aa:bb:03');
		w.key('enter');
		w.key('right');
		expect(w.store.getState().wizard.values.profile).toBe('rh72');
		w.key('enter');
		w.key('enter');
		w.key('enter');
		w.key('enter');
		expect(w.store.getState().wizard.stepIndex).toBe(2);
		w.type('Sekret-Ä');
		expect(w.text()).toContain('Root password: ••••••••_');
		expect(w.text()).not.toContain('Sekret');
		w.key('enter');
		w.type('Sekret-X');
		w.key('enter');
		expect(w.text()).toContain('the two passwords differ');
		for (let i = 0; i < 8; i++) w.key('backspace');
		w.type('Sekret-Ä');
		w.key('enter');
		await vi.waitFor(() => expect(w.phase()).toBe('plan'), {timeout: 10_000});
		expect(JSON.stringify(w.store.getState())).not.toContain('Sekret');
		expect(w.text()).toContain('linux ks=nfs:192.168.1.9:');
		expect(w.text()).toMatch(/write .*rs3\.cfg mode 0600/);
		expect(w.text()).toMatch(/\| rootpw --iscrypted \$1\$/);
		w.key('r');
		await vi.waitFor(() => expect(w.phase()).toBe('done'), {timeout: 10_000});
		expect(statSync(join(dir, 'rs3.cfg')).mode & 0o777).toBe(0o600);
		expect(readFileSync(join(dir, 'rs3.cfg'), 'utf8')).toContain('auth --enablemd5 --useshadow');
	});
});

describe.skipIf(missing(hasCommand('dhcpd')))('the DHCP wizard on a local dhcpd.conf', () => {
	function fill(w: ReturnType<typeof setup>, name: string, mac: string, ip: string) {
		w.key('3');
		w.key('tab');
		w.type(name);
		w.key('enter');
		w.type(mac);
		w.key('enter');
		w.type(ip);
		w.key('enter');
		// Never restart this machine's own DHCP service from a test.
		w.key('space');
		expect(w.store.getState().wizard.values.restart).toBe('no');
		w.key('enter');
	}

	it('shows the exact plan before anything runs, runs it on r, the result passes dhcpd -t', async () => {
		const conf = join(work, 'dhcpd-ok.conf');
		writeFileSync(conf, SAMPLE);
		const w = setup({dhcpdConf: conf});
		fill(w, 'rs3', '00:16:3e:aa:bb:03', '192.168.1.13');
		await vi.waitFor(() => expect(w.phase()).toBe('plan'), {timeout: 10_000});
		expect(w.text()).toContain(`$ cp -p ${conf} ${conf}.lvs-tui-20261125-010203`);
		expect(w.text()).toContain('   +host rs3 {');
		expect(w.text()).toContain('r run it');
		expect(readFileSync(conf, 'utf8')).toBe(SAMPLE);
		w.key('r');
		await vi.waitFor(() => expect(w.phase()).toBe('done'), {timeout: 20_000});
		expect(w.text()).toMatch(/✓ 3\. \[director\] validate it with dhcpd -t/);
		expect(readFileSync(conf, 'utf8')).toContain('host rs3 {');
		expect(spawnSync('dhcpd', ['-t', '-cf', conf]).status).toBe(0);
		expect(w.key('enter')).toBe(false);
	});

	it('a conflict is refused with its file:line before anything runs', async () => {
		const conf = join(work, 'dhcpd-conflict.conf');
		writeFileSync(conf, SAMPLE);
		const w = setup({dhcpdConf: conf});
		fill(w, 'rs9', '00:16:3e:aa:bb:01', '192.168.1.19');
		await vi.waitFor(() => expect(w.phase()).toBe('error'), {timeout: 10_000});
		expect(w.text()).toContain(`${conf}:16: MAC 00:16:3e:aa:bb:01 is already reserved for host 'rs1'`);
		expect(w.text()).toContain('nothing was changed');
		expect(readFileSync(conf, 'utf8')).toBe(SAMPLE);
		w.key('b');
		expect(w.phase()).toBe('form');
	});

	it('read-only mode shows the plan but refuses to run it', async () => {
		const conf = join(work, 'dhcpd-ro.conf');
		writeFileSync(conf, SAMPLE);
		const w = setup({dhcpdConf: conf}, true);
		fill(w, 'rs3', '00:16:3e:aa:bb:03', '192.168.1.13');
		await vi.waitFor(() => expect(w.phase()).toBe('plan'), {timeout: 10_000});
		expect(w.view().footer).toContain('read-only');
		w.key('r');
		expect(w.text()).toContain('read-only mode: nothing is run');
		expect(readFileSync(conf, 'utf8')).toBe(SAMPLE);
		expect(readdirSync(work).filter(f => f.startsWith('dhcpd-ro.conf'))).toEqual(['dhcpd-ro.conf']);
	});
});

describe('the kernel wizard on this machine (no IPVS): the checklist goes to a real shell pane', () => {
	it('probes, shows the build checklist, sends one step at a time to the pane', async () => {
		const config = localModeConfig();
		const panes = createPaneHost(config, {cols: 120, rows: 30});
		let output = '';
		const off = panes.subscribe(event => {
			if (event.type === 'output') output += event.data;
		});
		try {
			const w = setup({}, false, paneSender(panes));
			w.key('1');
			// Host, then the optional build choices: a version to build instead of the running one.
			w.key('enter');
			w.type('6.1.55');
			w.key('enter');
			w.key('enter');
			w.key('enter');
			await vi.waitFor(() => expect(w.phase()).toBe('plan'), {timeout: 20_000});
			expect(w.text()).toContain('cd /usr/src && tar xf /usr/src/linux-6.1.55.tar.xz && cd /usr/src/linux-6.1.55');
			expect(w.text()).toMatch(/IPVS in the kernel\s+FAIL/);
			expect(w.text()).toContain('scripts/config --module IP_VS');
			w.key('r');
			await vi.waitFor(() => expect(w.phase()).toBe('paused'), {timeout: 10_000});
			expect(w.text()).toContain('sent to the director pane');
			await vi.waitFor(() => expect(output).toContain('tar xf /usr/src/linux-6.1.55.tar.xz'), {timeout: 10_000});
			w.key('n');
			await vi.waitFor(() => expect(w.store.getState().wizard.resumeFrom).toBe(2), {timeout: 10_000});
			await vi.waitFor(() => expect(output).toContain('zcat /proc/config.gz > .config'), {timeout: 10_000});
			expect(w.text()).toMatch(/→ 1\. \[director\] unpack the kernel source/);
		} finally {
			off();
			panes.dispose();
		}
	});

	it('a multi-line here-document becomes Enter-separated keystrokes', () => {
		expect(paneKeystrokes("cat >> f <<'E'\na\nE")).toBe("cat >> f <<'E'\ra\rE\r");
	});
});

describe('the overlay renders in Ink', () => {
	it('draws the menu and a masked form inside the frame', () => {
		const w = setup();
		const Overlay = makeWizardOverlay(w.controller.definitions);
		const ctx = {store: w.store, keymap: buildKeymap(), panels: new PanelRegistry()};
		const {lastFrame, rerender} = render(
			<AppContext.Provider value={ctx}>
				<Overlay width={80} height={20} />
			</AppContext.Provider>,
		);
		expect(lastFrame()).toContain('Wizards');
		expect(lastFrame()).toContain('3. DHCP reservation');
		w.key('2');
		w.type('rs3');
		rerender(
			<AppContext.Provider value={ctx}>
				<Overlay width={80} height={20} />
			</AppContext.Provider>,
		);
		expect(lastFrame()).toContain('Host name: rs3_');
		expect(lastFrame()).toContain('Step 1 of 3: The new real server');
	});
});
