// The chrome at PuTTY's 80x24: the help overlay keeps every description whole, and an overlay
// opened beside a side panel switched on at 80 columns gets the full width instead of 46 columns.
import React from 'react';
import {describe, expect, it, vi} from 'vitest';
import {render} from 'ink-testing-library';
import {Text} from 'ink';
import {App} from '../../source/ui/app.js';
import {AppContext} from '../../source/ui/app-context.js';
import {PanelRegistry} from '../../source/ui/panel-registry.js';
import {createAppStore} from '../../source/store/app-store.js';
import {buildKeymap} from '../../source/keymap/keymap.js';
import {defaultKeys} from '../../source/domain/config/defaults.js';
import {ACTIONS} from '../../source/domain/actions.js';
import {helpEntries, layoutHelp, wrapWords} from '../../source/ui/overlays/help-overlay.js';
import type {PaneInfo} from '../../source/services/pane-host.js';

const pane = (number: number, title: string): PaneInfo => ({id: `p${number}`, number, title, target: 'local', status: 'running', activity: false, bell: false});

function mount(cols: number, rows: number, panels = new PanelRegistry(), keys = defaultKeys()) {
	const store = createAppStore({size: {cols, rows}});
	store.getState().setPanes([pane(0, 'director'), pane(1, 'rs1')]);
	const keymap = buildKeymap(keys);
	const view = render(
		<AppContext.Provider value={{store, keymap, panels}}>
			<App />
		</AppContext.Provider>,
	);
	return {store, keymap, ...view};
}

/** The overlay's two text columns (content starts at x=4, 36 wide at 80 columns), each read top to
 * bottom with line breaks as spaces, so a wrapped description reads as one string. */
function columnTexts(frame: string): string[] {
	const rows = frame.split('\n').map(r => [...r]);
	return [4, 40].map(x =>
		rows
			.map(r => r.slice(x, x + 36).join('').replace(/[│╭╮╰╯─]/g, ' '))
			.join(' ')
			.replace(/\s+/g, ' '),
	);
}

describe('help overlay at 80x24', () => {
	it('shows every action description whole (no "…"), F2 beside ^A v, within 24 rows', async () => {
		const {store, lastFrame} = mount(80, 24);
		store.getState().pushOverlay({kind: 'help'});
		await vi.waitFor(() => expect(lastFrame()).toContain('key bindings'), {timeout: 5000, interval: 10});
		const frame = lastFrame() ?? '';
		const rows = frame.split('\n');
		expect(rows).toHaveLength(24);
		expect(frame).not.toContain('…');
		const text = columnTexts(frame).join(' | ');
		for (const [action, description] of Object.entries(ACTIONS)) {
			if (action.startsWith('pane.select.')) continue;
			expect(text, `"${description}" (${action})`).toContain(` ${description}`);
		}
		expect(text).toContain('^A 0-9 switch to pane 0-9');
		expect(text).toContain('^A v F2 bring the VIP up or down');
		expect(text).toContain('^A k kill this pane (asks first)');
		// The tab line is still there under the overlay.
		expect(rows[23]).toContain('0* director');
	});

	it('keeps separate lines for remapped digits and folds them when all ten are plain', () => {
		const plain = helpEntries(buildKeymap(defaultKeys()));
		expect(plain.filter(e => e.id.startsWith('pane.select'))).toEqual([{id: 'pane.select', keys: '^A 0-9', description: 'switch to pane 0-9'}]);
		const remapped = helpEntries(buildKeymap({...defaultKeys(), bindings: {...defaultKeys().bindings, '3': 'none'}}));
		expect(remapped.some(e => e.id === 'pane.select')).toBe(false);
		expect(remapped.find(e => e.id === 'pane.select.4')?.keys).toBe('^A 4');
	});

	it('wraps at word boundaries and cuts only words longer than the width', () => {
		expect(wrapWords('move focus between the pane and the side panel', 20)).toEqual(['move focus between', 'the pane and the', 'side panel']);
		expect(wrapWords('abcdefghij kl', 4)).toEqual(['abcd', 'efgh', 'ij', 'kl']);
		const layout = layoutHelp(helpEntries(buildKeymap(defaultKeys())), 72, 18);
		expect(layout.columns.length).toBe(2);
		for (const column of layout.columns) expect(column.reduce((n, e) => n + e.lines.length, 0)).toBeLessThanOrEqual(18);
	});
});

describe('overlay beside a side panel switched on at 80 columns', () => {
	function withPanel() {
		const panels = new PanelRegistry();
		panels.register({id: 'probe', title: 'IPVS', Component: ({width}) => <Text>{`panel-w=${width}`}</Text>});
		const view = mount(80, 24, panels);
		view.store.getState().setSidePanelMode('on');
		return view;
	}

	it('takes the full width while open, and the panel comes back when it closes', async () => {
		const {store, lastFrame} = withPanel();
		await vi.waitFor(() => expect(lastFrame()).toContain('panel-w='), {timeout: 5000, interval: 10});
		store.getState().pushOverlay({kind: 'confirm', title: 'Take VIP 10.0.2.50 down? Clients of this VIP lose the service', body: ['On director: ip addr del 10.0.2.50/32 dev eth0'], confirmKey: 'y', onConfirm: {action: 'x'}});
		await vi.waitFor(() => expect(lastFrame()).toContain('Take VIP'), {timeout: 5000, interval: 10});
		const frame = lastFrame() ?? '';
		expect(frame).not.toContain('panel-w=');
		expect(frame).toContain('ip addr del 10.0.2.50/32 dev eth0');
		store.getState().popOverlay();
		await vi.waitFor(() => expect(lastFrame()).toContain('panel-w='), {timeout: 5000, interval: 10});
	});
});

describe('status line at 80 columns', () => {
	it('keeps the restart key of a long exit message and a gap after the last tab', async () => {
		const store = createAppStore({size: {cols: 80, rows: 24}});
		const failed: PaneInfo = {...pane(1, 'nocmd'), status: 'exited', exitCode: 127, statusText: 'command not found: /nonexistent/prog (exit 127)'};
		store.getState().setPanes([failed, pane(2, 'sh')]);
		store.getState().setActivePane('p1');
		const view = render(
			<AppContext.Provider value={{store, keymap: buildKeymap(defaultKeys()), panels: new PanelRegistry()}}>
				<App />
			</AppContext.Provider>,
		);
		await vi.waitFor(() => expect(view.lastFrame()?.split('\n')[23]).toContain('nocmd (exit 127)'), {timeout: 5000, interval: 10});
		const row = view.lastFrame()?.split('\n')[23] ?? '';
		expect(row).toContain('— ^A r restarts');
		expect(row).toMatch(/ 2 sh {2,}\S/);
		expect([...row].length).toBeLessThanOrEqual(80);
	});

	it('says "1 line back" in the scrollback view', async () => {
		const {store, lastFrame} = mount(80, 24);
		store.getState().setScrollback(1);
		await vi.waitFor(() => expect(lastFrame()).toContain('[history: 1 line back'), {timeout: 5000, interval: 10});
	});
});

describe('IPVS overlay key hints', () => {
	it('keep every key at 80 columns by taking a second line, one line at 160', async () => {
		const {overlayHintLines} = await import('../../source/ui/panels/ipvs-panel.js');
		const narrow = overlayHintLines(80);
		expect(narrow).toHaveLength(2);
		for (const line of narrow) expect([...line].length).toBeLessThanOrEqual(80);
		const all = narrow.join(' · ');
		for (const key of ['Esc closes', 'x remove', 'a add', 's sort', '/ filter', 'S save', 'N/E/D service']) expect(all).toContain(key);
		expect(overlayHintLines(160)).toHaveLength(1);
	});
});

describe('status line flags', () => {
	it('keep [read-only] whole when a long message shares the row', async () => {
		const store = createAppStore({size: {cols: 80, rows: 24}, readOnly: true});
		store.getState().setPanes([pane(0, 'director'), pane(1, 'rs1'), pane(2, 'rs2'), pane(3, 'bash')]);
		const view = render(
			<AppContext.Provider value={{store, keymap: buildKeymap(defaultKeys()), panels: new PanelRegistry()}}>
				<App />
			</AppContext.Provider>,
		);
		store.getState().showStatus('read-only mode: lvs-tui makes no changes (started with --read-only or options.readOnly); nothing changed', 'error');
		await vi.waitFor(() => expect(view.lastFrame()?.split('\n')[23]).toContain('read-only mode'), {timeout: 5000, interval: 10});
		const row = view.lastFrame()?.split('\n')[23] ?? '';
		expect(row).toContain('[read-only]');
		expect(row).toContain('3 bash');
	});
});

describe('tab line with more panes than fit at 80 columns', () => {
	async function row(active: number, titles: string[]) {
		const store = createAppStore({size: {cols: 80, rows: 24}});
		store.getState().setPanes(titles.map((t, i) => pane(i, t)));
		store.getState().setActivePane(`p${active}`);
		const view = render(
			<AppContext.Provider value={{store, keymap: buildKeymap(defaultKeys()), panels: new PanelRegistry()}}>
				<App />
			</AppContext.Provider>,
		);
		await vi.waitFor(() => expect(view.lastFrame()?.split('\n')[23]).toContain(`${active}*`), {timeout: 5000, interval: 10});
		return view.lastFrame()?.split('\n')[23] ?? '';
	}
	const titles = ['director', ...Array.from({length: 8}, () => 'bash'), 'very-long-pane-title-number-nine'];

	it('shows whole tabs around the active one with < > marks, never cut mid-title', async () => {
		const last = await row(9, titles);
		expect(last).toContain(' 9* very-long-pane-titl… ');
		expect(last).toMatch(/^</);
		expect(last).not.toMatch(/ \d+ ba /);
		expect([...last].length).toBeLessThanOrEqual(80);
		const first = await row(0, titles);
		expect(first).toMatch(/^ 0\* director {2}1 bash {2}2 bash /);
		expect(first).toContain('>');
		expect(first).not.toMatch(/ \d+ bas? /);
	});

	it('keeps the tab window on the active pane', async () => {
		const {tabWindow} = await import('../../source/ui/status-line.js');
		expect(tabWindow([10, 10, 10], 1, 80)).toEqual({start: 0, end: 3});
		const w = tabWindow(Array.from({length: 12}, () => 10), 7, 52);
		expect(w.start).toBeLessThanOrEqual(7);
		expect(w.end).toBeGreaterThan(7);
		expect((w.end - w.start) * 10 + 2).toBeLessThanOrEqual(52);
	});
});

describe('wrapLines for prose', () => {
	it('breaks summaries and notes between words, not inside them', async () => {
		const {wrapLines} = await import('../../source/ui/wizards/wizard-lines.js');
		const text = "     add a host block to the director's dhcpd.conf, validated with dhcpd -t";
		const wrapped = wrapLines([{text, role: 'muted'}], 74);
		expect(wrapped.map(l => l.text)).toEqual(["     add a host block to the director's dhcpd.conf, validated with dhcpd", '       -t']);
		expect(wrapped.every(l => [...l.text].length <= 74)).toBe(true);
		// A command stays cut anywhere, every character kept.
		const command = '     $ /usr/sbin/dhcpd -t -cf /etc/dhcp/dhcpd.conf.lvs-tui-new || { rc=$?; rm -f x; exit $rc; }';
		expect(wrapLines([{text: command, role: 'muted'}], 74)[0]!.text).toHaveLength(74);
	});
});

describe('wizard overlay at 80 columns', () => {
	it('has room for the doctor table as the wizard formats it (76 wide), so no table line wraps', async () => {
		const {wizardInnerWidth} = await import('../../source/ui/wizards/wizard-view-frame.js');
		const {wrapLines} = await import('../../source/ui/wizards/wizard-lines.js');
		const {formatDoctorTable} = await import('../../source/domain/wizards/doctor-table.js');
		const table = formatDoctorTable(
			[
				{id: 'kernel', host: 'director', title: 'kernel release', status: 'info', detail: '6.1.0-56-amd64 (x86_64), unknown OS'},
				{id: 'sched', host: 'director', title: 'NAT masquerade for the real servers', status: 'ok', detail: 'available: rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh; loaded: rr wlc'},
			] as never,
			76,
		)
			.trimEnd()
			.split('\n')
			.map(text => ({text, role: 'muted' as const}));
		const inner = wizardInnerWidth(80);
		expect(inner).toBeGreaterThanOrEqual(76);
		expect(wrapLines(table, inner)).toEqual(table);
	});
});

describe('IPVS panel action message', () => {
	it('shows a done change for 30 s, a failure until the next action', async () => {
		const {ipvsPanelLines, DONE_MESSAGE_MS} = await import('../../source/ui/panels/ipvs-panel-lines.js');
		const {liveData} = await import('../ipvs/table-data.js');
		const at = 1_000_000;
		const action = {host: 'director', summary: 's', command: 'ipvsadm -e', output: '', exitCode: 0, at};
		const text = (state: 'done' | 'failed', now: number) =>
			ipvsPanelLines({...liveData(), lastAction: {...action, state, message: `weight change ${state}`}}, {width: 80, height: 30, now, focused: true, ascii: false, readOnly: false})
				.map(l => l.text)
				.join('\n');
		expect(text('done', at + 1000)).toContain('weight change done');
		expect(text('done', at + DONE_MESSAGE_MS + 1)).not.toContain('weight change done');
		expect(text('failed', at + 10 * DONE_MESSAGE_MS)).toContain('weight change failed');
	});
});
