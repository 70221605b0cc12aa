// The Ink chrome rendered with ink-testing-library from plain store data: tabs, markers, status
// text, overlays, the side panel slot and ASCII borders.
import React from 'react';
import {describe, expect, it, vi} from 'vitest';
import {render} from 'ink-testing-library';
import {Text} from 'ink';
import {App} from '../../source/ui/app.js';
import {AppContext} from '../../source/ui/app-context.js';
import {PanelRegistry} from '../../source/ui/panel-registry.js';
import {createAppStore} from '../../source/store/app-store.js';
import type {AppStore} from '../../source/store/app-store.js';
import {buildKeymap} from '../../source/keymap/keymap.js';
import {defaultKeys} from '../../source/domain/config/defaults.js';
import type {PaneInfo} from '../../source/services/pane-host.js';
import {tabLabel} from '../../source/ui/status-line.js';

function pane(number: number, title: string, extra: Partial<PaneInfo> = {}): PaneInfo {
	return {id: `p${number}`, number, title, target: 'local', status: 'running', activity: false, bell: false, ...extra};
}

function mount(store: AppStore, panels = new PanelRegistry(), keys = defaultKeys()) {
	return render(
		<AppContext.Provider value={{store, keymap: buildKeymap(keys), panels}}>
			<App />
		</AppContext.Provider>,
	);
}

const lines = (frame: string | undefined) => (frame ?? '').split('\n');

/** React re-renders after a store change asynchronously: wait (bounded) for the frame to show it. */
const eventually = (check: () => void) => vi.waitFor(check, {timeout: 5000, interval: 10});

describe('status line', () => {
	it('labels tabs like screen: * active, - last, @ activity, ! bell, and the exit state', () => {
		expect(tabLabel(pane(0, 'director'), true, false)).toBe('0* director');
		expect(tabLabel(pane(1, 'rs1'), false, true)).toBe('1- rs1');
		expect(tabLabel(pane(2, 'rs2', {activity: true}), false, false)).toBe('2@ rs2');
		expect(tabLabel(pane(3, 'rs3', {activity: true, bell: true}), false, false)).toBe('3! rs3');
		expect(tabLabel(pane(4, 'top', {status: 'exited', exitCode: 1}), false, false)).toBe('4 top (exit 1)');
		expect(tabLabel(pane(5, 'rs4', {status: 'disconnected'}), false, false)).toBe('5 rs4 (disconnected)');
	});

	it('draws the tabs on the last row with the help hint, as tall as the terminal', () => {
		const store = createAppStore({size: {cols: 80, rows: 24}});
		store.getState().setPanes([pane(0, 'director'), pane(1, 'rs1', {activity: true})]);
		const {lastFrame} = mount(store);
		const rows = lines(lastFrame());
		expect(rows).toHaveLength(24);
		expect(rows[23]).toContain(' 0* director ');
		expect(rows[23]).toContain(' 1@ rs1 ');
		expect(rows[23]).toContain('^A ? help');
	});

	it('shows the armed prefix, messages, the exited pane hint and read-only', async () => {
		const store = createAppStore({size: {cols: 80, rows: 10}, readOnly: true});
		store.getState().setPanes([pane(0, 'top', {status: 'exited', exitCode: 3, statusText: 'exited with code 3'})]);
		const {lastFrame} = mount(store);
		expect(lines(lastFrame())[9]).toContain('exited with code 3 — ^A r restarts');
		expect(lines(lastFrame())[9]).toContain('[read-only]');
		store.getState().setPrefixPending(true);
		await eventually(() => expect(lines(lastFrame())[9]).toContain('[^A]'));
		store.getState().setPrefixPending(false);
		store.getState().showStatus('no pane 7', 'error');
		await eventually(() => expect(lines(lastFrame())[9]).toContain('no pane 7'));
	});
});

describe('overlays', () => {
	it('lists every binding in the help overlay, as remapped', () => {
		const store = createAppStore({size: {cols: 120, rows: 40}});
		store.getState().setPanes([pane(0, 'director')]);
		store.getState().pushOverlay({kind: 'help'});
		const {lastFrame} = mount(store, new PanelRegistry(), {...defaultKeys(), prefix: 2, literal: 'b'});
		const text = lastFrame() ?? '';
		expect(text).toContain('key bindings');
		expect(text).toContain('^B n');
		expect(text).toContain('next pane');
		expect(text).toContain('quit lvs-tui');
		expect(text).not.toContain('^A n');
	});

	it('draws the pane list, a prompt and a confirm dialog', async () => {
		const store = createAppStore({size: {cols: 80, rows: 24}});
		store.getState().setPanes([pane(0, 'director'), pane(1, 'rs1', {status: 'exited', statusText: 'exited with code 0'})]);
		store.getState().pushOverlay({kind: 'pane-list', selected: 1});
		const {lastFrame} = mount(store);
		expect(lastFrame()).toMatch(/0\* director/);
		expect(lastFrame()).toContain('[exited with code 0]');
		store.getState().updateOverlay({kind: 'prompt', purpose: 'rename', label: 'Rename pane 0', text: 'web'});
		await eventually(() => expect(lastFrame()).toContain('Rename pane 0'));
		expect(lastFrame()).toContain('> web');
		store.getState().updateOverlay({kind: 'confirm', title: 'Kill pane 1 (rs1)?', body: ['The pane is closed.'], confirmKey: 'y', onConfirm: {action: 'x'}});
		await eventually(() => expect(lastFrame()).toContain('Kill pane 1 (rs1)?'));
		expect(lastFrame()).toContain('Press y to confirm');
	});

	it('uses ASCII borders when asked', () => {
		const store = createAppStore({size: {cols: 80, rows: 24}, ascii: true});
		store.getState().pushOverlay({kind: 'help'});
		const {lastFrame} = mount(store);
		expect(lastFrame()).toContain('+---');
		expect(lastFrame()).not.toMatch(/[╭─│]/);
	});
});

describe('side panel slot', () => {
	function withPanel(cols: number) {
		const store = createAppStore({size: {cols, rows: 30}});
		store.getState().setPanes([pane(0, 'director')]);
		const panels = new PanelRegistry();
		panels.register({id: 'probe', title: 'IPVS', Component: ({width, height, focused}) => <Text>{`w=${width} h=${height} focused=${focused}`}</Text>});
		return {store, panels, ...mount(store, panels)};
	}

	it('shows registered panels on wide terminals with their size, and hides them below 110 columns', () => {
		const wide = withPanel(140);
		expect(wide.lastFrame()).toContain('IPVS');
		expect(wide.lastFrame()).toContain('w=32 h=26 focused=false');
		const narrow = withPanel(100);
		expect(narrow.lastFrame()).not.toContain('IPVS');
	});

	it('follows the toggle and marks focus', async () => {
		const {store, lastFrame} = withPanel(100);
		store.getState().setSidePanelMode('on');
		await eventually(() => expect(lastFrame()).toContain('IPVS'));
		store.getState().setFocus('side');
		await eventually(() => expect(lastFrame()).toContain('focused=true'));
		store.getState().setSidePanelMode('off');
		await eventually(() => expect(lastFrame()).not.toContain('IPVS'));
	});
});
