// Actions and dialog keys against a real PaneManager with real PTYs: what C-a n, k, A, ', " and q do.
import {afterEach, describe, expect, it} from 'vitest';
import {composeApp} from '../../source/compose.js';
import type {ComposedApp} from '../../source/compose.js';
import {localModeConfig} from '../../source/domain/config/defaults.js';
import {KeyParser} from '../../source/keymap/key-parser.js';
import {PaneViewBinder} from '../../source/ui/pane-view-binder.js';
import {Compositor} from '../../source/terminal/compositor.js';
import {trackRow} from '../../source/ui/ink-stdout.js';
import {sidePanelVisible} from '../../source/store/layout.js';

const apps: Array<{app: ComposedApp; binder: PaneViewBinder; compositor: Compositor}> = [];
afterEach(() => {
	for (const {app, binder, compositor} of apps.splice(0)) {
		binder.stop();
		compositor.dispose();
		app.dispose();
	}
});

function setup() {
	let quits = 0;
	const config = localModeConfig();
	config.options.shell = '/bin/sh';
	const app = composeApp({config, size: {cols: 80, rows: 24}, quit: () => quits++, redraw: () => {}});
	const compositor = new Compositor(() => {});
	const binder = new PaneViewBinder(app.store, app.host, compositor, app.panels);
	binder.start();
	apps.push({app, binder, compositor});
	const keys = (data: string) => {
		for (const key of new KeyParser().feed(data)) app.controller.dialogKey(key);
	};
	return {app, keys, quits: () => quits};
}

const state = (app: ComposedApp) => app.store.getState();
const titles = (app: ComposedApp) => state(app).panes.map(p => `${p.number}:${p.title}`);

describe('AppController', () => {
	it('opens, cycles and selects panes', () => {
		const {app} = setup();
		expect(titles(app)).toEqual(['0:director']);
		app.controller.runAction('pane.new');
		app.controller.runAction('pane.new');
		expect(titles(app)).toEqual(['0:director', '1:sh', '2:sh']);
		expect(state(app).activePaneId).toBe(state(app).panes[2]!.id);
		app.controller.runAction('pane.next');
		expect(state(app).activePaneId).toBe(state(app).panes[0]!.id);
		app.controller.runAction('pane.prev');
		expect(state(app).activePaneId).toBe(state(app).panes[2]!.id);
		app.controller.runAction('pane.select.1');
		app.controller.runAction('pane.last');
		expect(state(app).activePaneId).toBe(state(app).panes[2]!.id);
		app.controller.runAction('pane.select.9');
		expect(state(app).status).toMatchObject({text: 'no pane 9', kind: 'error'});
	});

	it('kills only after the confirm key, through the generic confirm dialog', () => {
		const {app, keys} = setup();
		app.controller.runAction('pane.new');
		app.controller.runAction('pane.kill');
		expect(state(app).overlays[0]).toMatchObject({kind: 'confirm', title: 'Kill pane 1 (sh)?', confirmKey: 'y'});
		keys('n');
		expect(state(app).overlays).toEqual([]);
		expect(titles(app)).toEqual(['0:director', '1:sh']);
		app.controller.runAction('pane.kill');
		keys('y');
		expect(titles(app)).toEqual(['0:director']);
	});

	it('renames with a prompt (backspace, paste, Enter) and selects by title prefix', () => {
		const {app, keys} = setup();
		app.controller.runAction('pane.rename');
		keys('\x7f'.repeat(8) + '\x1b[200~rs1-\x1b[201~web\r');
		expect(titles(app)).toEqual(['0:rs1-web']);
		app.controller.runAction('pane.new');
		app.controller.runAction('pane.prompt');
		keys('RS1\r');
		expect(state(app).panes.find(p => p.id === state(app).activePaneId)?.title).toBe('rs1-web');
		app.controller.runAction('pane.prompt');
		keys('nope\r');
		expect(state(app).status?.text).toBe("no pane 'nope'");
	});

	it('picks from the pane list with arrows and Enter, or a digit; Escape closes it', () => {
		const {app, keys} = setup();
		app.controller.runAction('pane.new');
		app.controller.runAction('pane.list');
		expect(state(app).overlays[0]).toEqual({kind: 'pane-list', selected: 1});
		keys('\x1b[A\r');
		expect(state(app).activePaneId).toBe(state(app).panes[0]!.id);
		app.controller.runAction('pane.list');
		keys('1');
		expect(state(app).activePaneId).toBe(state(app).panes[1]!.id);
		app.controller.runAction('pane.list');
		keys('\x1b');
		expect(state(app).overlays).toEqual([]);
	});

	it('asks before quitting, and says what is not available instead of failing', () => {
		const {app, keys, quits} = setup();
		app.controller.runAction('app.quit');
		keys('x');
		expect(quits()).toBe(0);
		app.controller.runAction('app.quit');
		keys('y');
		expect(quits()).toBe(1);
		app.controller.runAction('wizard.menu');
		expect(state(app).status?.text).toBe('the wizards is not available in this build');
		app.controller.registerAction('wizard.menu', () => state(app).showStatus('wizards!'));
		app.controller.runAction('wizard.menu');
		expect(state(app).status?.text).toBe('wizards!');
	});

	it('toggles focus only when a side panel is shown', () => {
		const {app} = setup();
		app.controller.runAction('focus.toggle');
		expect(state(app).focus).toBe('pane');
		app.panels.register({id: 'x', title: 'X', Component: () => null, handleKey: key => key.name === 'j'});
		state(app).setSize(140, 40);
		app.controller.runAction('focus.toggle');
		expect(state(app).focus).toBe('side');
		expect(app.controller.sideFocused()).toBe(true);
		app.controller.sideKey({name: 'escape', raw: '\x1b'});
		expect(state(app).focus).toBe('pane');
		app.controller.runAction('sidepanel.toggle');
		expect(state(app).sidePanelMode).toBe('off');
	});

	it('says why C-a d does nothing when the UI runs without a session server', () => {
		const {app} = setup();
		app.controller.runAction('session.detach');
		expect(state(app).status).toMatchObject({text: 'no session to detach from (started with --no-session)', kind: 'error'});
		expect(state(app).status!.text.length).toBeLessThanOrEqual(60);
	});

	it('shows the side panel at 80 columns on request and hides it back to auto, so widening past 110 shows it', () => {
		const {app} = setup();
		app.panels.register({id: 'x', title: 'X', Component: () => null});
		expect(state(app).sidePanelMode).toBe('auto');
		app.controller.runAction('sidepanel.toggle');
		expect(state(app).sidePanelMode).toBe('on');
		app.controller.runAction('sidepanel.toggle');
		state(app).setSize(120, 40);
		expect(sidePanelVisible(state(app), true)).toBe(true);
		// Hidden on purpose at 120: stays hidden; shown again: back to auto, so 80 columns hides it.
		app.controller.runAction('sidepanel.toggle');
		expect(sidePanelVisible(state(app), true)).toBe(false);
		app.controller.runAction('sidepanel.toggle');
		expect(state(app).sidePanelMode).toBe('auto');
		state(app).setSize(80, 24);
		expect(sidePanelVisible(state(app), true)).toBe(false);
	});
});

describe('Ink output anchoring', () => {
	it("follows Ink's cursor through newlines, erase-lines and clear", () => {
		expect(trackRow(1, 'a\nb\nc\n', 24)).toBe(4);
		expect(trackRow(24, '\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[G', 24)).toBe(22);
		expect(trackRow(5, '\x1b[2J\x1b[3J\x1b[Hx\ny', 24)).toBe(2);
		expect(trackRow(23, '\n\n\n', 24)).toBe(24);
		expect(trackRow(2, '\x1b[10A', 24)).toBe(1);
	});
});

describe('SSH questions in dialogs', () => {
	const question = {host: 'rs1', knownHostsName: '10.0.0.1', keyType: 'ssh-ed25519', keyTypeLabel: 'ED25519', fingerprint: 'SHA256:abc', knownHostsFile: '/root/.ssh/known_hosts', otherKnownKeys: [], text: "The authenticity of host '10.0.0.1' can't be established.\nED25519 key fingerprint is SHA256:abc."};

	it('asks about an unknown host key and answers with the key pressed', async () => {
		const {app, keys} = setup();
		const {createDialogPrompter} = await import('../../source/ui/dialog-prompter.js');
		const prompter = createDialogPrompter(app.controller);
		const yes = prompter.confirmHostKey(question);
		expect(state(app).overlays[0]).toMatchObject({kind: 'confirm', title: 'rs1: unknown host key'});
		keys('y');
		await expect(yes).resolves.toBe(true);
		const no = prompter.confirmHostKey(question);
		keys('n');
		await expect(no).resolves.toBe(false);
	});

	it('takes a passphrase without putting it in the store or on screen', async () => {
		const {app, keys} = setup();
		const {createDialogPrompter} = await import('../../source/ui/dialog-prompter.js');
		const prompter = createDialogPrompter(app.controller);
		const seen: string[] = [];
		const unsubscribe = app.store.subscribe(s => seen.push(JSON.stringify(s.overlays)));
		const answer = prompter.askPassphrase('/root/.ssh/id_ed25519', 1);
		keys('s3cr3t');
		keys('\x7f');
		keys('T\r');
		await expect(answer).resolves.toBe('s3cr3T');
		expect(seen.join('\n')).not.toContain('s3cr');
		unsubscribe();
		const cancelled = prompter.askPassphrase('/root/.ssh/id_ed25519', 2);
		keys('\x1b');
		await expect(cancelled).resolves.toBeNull();
	});
});
