// The C-a W menu also offers the add-node wizard (C-a +): choosing it closes the menu and opens the
// node wizard's own overlay, in a composed app with the real features, keys and panes.
import {afterEach, describe, expect, it} from 'vitest';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {composeApp, type ComposedApp} from '../../source/compose.js';
import {localModeConfig} from '../../source/domain/config/defaults.js';
import {KeyParser} from '../../source/keymap/key-parser.js';
import {WIZARD_OVERLAY} from '../../source/ui/wizards/wizard-feature.js';
import {NODE_WIZARD_OVERLAY} from '../../source/ui/wizards/node-wizard-feature.js';

describe('the wizards menu launches the add-node wizard', () => {
	let app: ComposedApp | null = null;
	const dir = mkdtempSync(join(tmpdir(), 'lvst-wizmenu-'));
	afterEach(() => {
		app?.dispose();
		app = null;
	});
	afterEach(() => rmSync(dir, {recursive: true, force: true}));

	function compose(readOnly = false): ComposedApp {
		const base = localModeConfig();
		const config = {...base, options: {...base.options, auditLog: join(dir, 'audit.log')}};
		return composeApp({config, size: {cols: 120, rows: 40}, features: true, readOnly, quit: () => {}, redraw: () => {}});
	}
	const press = (a: ComposedApp, data: string) => {
		for (const key of new KeyParser().feed(data)) a.controller.dialogKey(key);
	};
	const overlays = (a: ComposedApp) => a.store.getState().overlays.map(o => ('id' in o ? o.id : o.kind));

	it('lists "Add a node" after the forms; Enter on it swaps the menu for the node wizard', () => {
		app = compose();
		app.controller.runAction('wizard.menu');
		expect(overlays(app)).toEqual([WIZARD_OVERLAY]);
		expect(app.store.getState().wizard.phase).toBe('menu');
		press(app, '\x1b[A'); // up from the first entry wraps to the last: the launcher
		expect(app.store.getState().wizard.menuIndex).toBe(3);
		press(app, '\r');
		expect(overlays(app)).toEqual([NODE_WIZARD_OVERLAY]);
	});

	it('its number opens it too, and Esc then leaves no wizard overlay behind', () => {
		app = compose();
		app.controller.runAction('wizard.menu');
		press(app, '4');
		expect(overlays(app)).toEqual([NODE_WIZARD_OVERLAY]);
		press(app, '\x1b');
		expect(overlays(app)).toEqual([]);
	});
});
