import {describe, expect, it} from 'vitest';
import {InputRouter} from '../../source/keymap/input-router.js';
import type {InputTarget} from '../../source/keymap/input-router.js';
import type {Key} from '../../source/keymap/key-parser.js';
import {buildKeymap} from '../../source/keymap/keymap.js';
import {defaultKeys} from '../../source/domain/config/defaults.js';
import {translateKey} from '../../source/terminal/key-translate.js';
import {DEFAULT_MODES} from '../../source/terminal/pane-screen.js';
import type {ScreenModes} from '../../source/terminal/pane-screen.js';

/** Records what the router decided; the decisions are the thing under test. */
class Recorder implements InputTarget {
	pane: string[] = [];
	actions: string[] = [];
	dialog: string[] = [];
	side: string[] = [];
	unboundKeys: string[] = [];
	pending: boolean[] = [];
	dialogOpen = false;
	sideHasFocus = false;
	modes: ScreenModes = DEFAULT_MODES;
	paneWrite(data: string) {
		this.pane.push(data);
	}
	translate(key: Key) {
		return translateKey(key, this.modes);
	}
	runAction(action: string) {
		this.actions.push(action);
	}
	dialogActive() {
		return this.dialogOpen;
	}
	dialogKey(key: Key) {
		this.dialog.push(key.name);
	}
	sideFocused() {
		return this.sideHasFocus;
	}
	sideKey(key: Key) {
		this.side.push(key.name);
	}
	prefixPending(p: boolean) {
		this.pending.push(p);
	}
	unbound(key: Key) {
		this.unboundKeys.push(key.name);
	}
}

function setup() {
	const target = new Recorder();
	const router = new InputRouter(buildKeymap(defaultKeys()), target);
	return {target, router};
}

describe('InputRouter', () => {
	it('passes ordinary bytes to the pane untouched, one write per read', () => {
		const {target, router} = setup();
		router.feed('ls -l\r\x1b[11~\x7fé');
		expect(target.pane).toEqual(['ls -l\r\x1b[11~\x7fé']);
		expect(target.actions).toEqual([]);
	});

	it('takes the key after the prefix as a command, also across reads', () => {
		const {target, router} = setup();
		router.feed('ab\x01n');
		router.feed('\x01');
		router.feed('2');
		router.feed('\x01\x01');
		expect(target.pane).toEqual(['ab']);
		expect(target.actions).toEqual(['pane.next', 'pane.select.2', 'pane.last']);
		expect(target.pending).toEqual([true, false, true, false, true, false]);
	});

	it('sends the prefix itself with C-a a, and reports an unbound key', () => {
		const {target, router} = setup();
		router.feed('\x01a\x01Z');
		expect(target.actions).toEqual(['prefix.literal']);
		expect(target.unboundKeys).toEqual(['Z']);
	});

	it('uses a configured prefix (escape ^Bb): C-a then goes to the pane', () => {
		const target = new Recorder();
		const router = new InputRouter(buildKeymap({...defaultKeys(), prefix: 2, literal: 'b'}), target);
		router.feed('\x01\x02c\x02b');
		expect(target.pane).toEqual(['\x01']);
		expect(target.actions).toEqual(['pane.new', 'prefix.literal']);
	});

	it('runs direct bindings (F2) without the prefix, in PuTTY and xterm forms', () => {
		const {target, router} = setup();
		router.feed('\x1b[12~\x1bOQ');
		expect(target.actions).toEqual(['vip.toggle', 'vip.toggle']);
	});

	it('gives every key to an open dialog, and to the focused side panel', () => {
		const {target, router} = setup();
		target.dialogOpen = true;
		router.feed('y\x01');
		expect(target.dialog).toEqual(['y', '^A']);
		target.dialogOpen = false;
		target.sideHasFocus = true;
		router.feed('j\x1b[B');
		expect(target.side).toEqual(['j', 'down']);
		router.feed('\x01\t');
		expect(target.actions).toEqual(['focus.toggle']);
		expect(target.pane).toEqual([]);
	});

	it('translates arrows for a program in application cursor mode and keeps pastes whole', () => {
		const {target, router} = setup();
		target.modes = {...DEFAULT_MODES, applicationCursorKeys: true, bracketedPaste: true};
		router.feed('\x1b[A\x1b[D\x1b[200~a\x01b\x1b[201~');
		expect(target.pane).toEqual(['\x1bOA\x1bOD\x1b[200~a\x01b\x1b[201~']);
		target.pane = [];
		target.modes = DEFAULT_MODES;
		router.feed('\x1bOA\x1b[200~x\x1b[201~');
		expect(target.pane).toEqual(['\x1b[Ax']);
	});

	it('drops mouse reports for a pane that did not ask for the mouse', () => {
		const {target, router} = setup();
		router.feed('\x1b[<0;3;4M');
		expect(target.pane).toEqual([]);
		target.modes = {...DEFAULT_MODES, mouseTracking: 'vt200', mouseEncoding: 'sgr'};
		router.feed('\x1b[<0;3;4M');
		expect(target.pane).toEqual(['\x1b[<0;3;4M']);
	});
});
