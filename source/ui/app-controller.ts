// Turns actions and dialog keys into store updates and PaneHost calls. The one place that
// decides what C-a n or "y" in a confirm dialog does; components only draw.
import type {ActionId} from '../domain/actions.js';
import type {Key} from '../keymap/key-parser.js';
import type {InputTarget} from '../keymap/input-router.js';
import type {Keymap} from '../keymap/keymap.js';
import {asXtermKey} from '../keymap/xterm-keys.js';
import {keyFor} from '../keymap/keymap.js';
import type {OpenPaneRequest, PaneHost} from '../services/pane-host.js';
import type {AppStore, ConfirmOverlay, Overlay, PromptOverlay} from '../store/app-store.js';
import {computeLayout, sidePanelVisible} from '../store/layout.js';
import type {PanelRegistry} from './panel-registry.js';
import {translateKey} from '../terminal/key-translate.js';
import type {PaneScreen, ScreenModes} from '../terminal/pane-screen.js';
import {DEFAULT_MODES} from '../terminal/pane-screen.js';

export type ActionHandler = (payload?: unknown) => void;

/** How long a status message stays. */
const STATUS_SECONDS = 6;

export interface AppControllerDeps {
	store: AppStore;
	host: PaneHost;
	keymap: Keymap;
	panels: PanelRegistry;
	/** Modes of the active pane's screen (for key translation). */
	activeModes: () => ScreenModes | null;
	/** The active pane's screen, for the scrollback view. */
	activeScreen?: () => PaneScreen | null;
	/** What C-a c opens. */
	newPaneRequest?: () => OpenPaneRequest;
	quit: () => void;
	redraw: () => void;
}

const FEATURE_NAMES: Partial<Record<ActionId, string>> = {
	'ipvs.overlay': 'the IPVS table',
	'vip.toggle': 'VIP control',
	'wizard.menu': 'the wizards',
	'node.add': 'adding a node',
};

/** C-a d with no session server behind the UI; short enough for an 80-column status line. */
export const NO_SESSION_DETACH = 'no session to detach from (started with --no-session)';

export class AppController implements InputTarget {
	private readonly handlers = new Map<string, ActionHandler>();
	private statusTimer: NodeJS.Timeout | null = null;
	/** What is typed into a secret prompt: kept here, never in the store. */
	private secret = '';

	constructor(private readonly deps: AppControllerDeps) {
		this.handlers.set('pane.kill.confirmed', payload => {
			if (typeof payload === 'string') deps.host.kill(payload);
		});
		this.handlers.set('app.quit.confirmed', () => deps.quit());
	}

	/** Features plug their actions in here (vip.toggle, ipvs.overlay, ...), and confirm targets. */
	registerAction(id: string, handler: ActionHandler): void {
		this.handlers.set(id, handler);
	}

	unregisterAction(id: string): void {
		this.handlers.delete(id);
	}

	/** Ask before doing something destructive; `action` runs only on the confirm key. */
	confirm(spec: Omit<ConfirmOverlay, 'kind'>): void {
		this.deps.store.getState().pushOverlay({kind: 'confirm', ...spec});
	}

	/** Ask for a line of text ('input') or a secret; onSubmit's action gets {text}. */
	prompt(spec: Omit<PromptOverlay, 'kind'>): void {
		this.deps.store.getState().pushOverlay({kind: 'prompt', ...spec});
	}

	// --- InputTarget -----------------------------------------------------------------------

	paneWrite(data: string): void {
		const id = this.deps.store.getState().activePaneId;
		if (id && data) this.deps.host.write(id, data);
	}

	translate(key: Key): string {
		return translateKey(asXtermKey(key), this.deps.activeModes() ?? DEFAULT_MODES);
	}

	prefixPending(pending: boolean): void {
		const state = this.deps.store.getState();
		state.setPrefixPending(pending);
		if (pending && state.status) state.clearStatus();
	}

	unbound(key: Key): void {
		const help = keyFor(this.deps.keymap, 'help');
		this.status(`${this.deps.keymap.prefixName} ${key.name} is not bound${help ? ` (${help} lists the keys)` : ''}`, 'error');
	}

	dialogActive(): boolean {
		const state = this.deps.store.getState();
		return state.overlays.length > 0 || state.scrollback !== null;
	}

	sideFocused(): boolean {
		const state = this.deps.store.getState();
		return state.focus === 'side' && sidePanelVisible(state, this.deps.panels.hasPanels);
	}

	sideKey(key: Key): void {
		const {panels, store} = this.deps;
		const panel = panels.focused();
		if (panel?.handleKey?.(key)) return;
		if (key.name === 'escape') store.getState().setFocus('pane');
		else if (key.name === 'tab') {
			panels.focusedIndex++;
			if (panels.focusedIndex >= panels.panels.length) {
				panels.focusedIndex = 0;
				store.getState().setFocus('pane');
			} else store.setState({});
		}
	}

	runAction(action: ActionId): void {
		const state = this.deps.store.getState();
		state.clearStatus();
		const select = /^pane\.select\.(\d)$/.exec(action);
		if (select) return this.selectNumber(Number(select[1]));
		switch (action) {
			case 'pane.next':
				return this.cycle(1);
			case 'pane.prev':
				return this.cycle(-1);
			case 'pane.last': {
				if (state.lastPaneId) this.activate(state.lastPaneId);
				else this.status('no other pane');
				return;
			}
			case 'pane.list': {
				const selected = Math.max(0, state.panes.findIndex(p => p.id === state.activePaneId));
				return state.pushOverlay({kind: 'pane-list', selected});
			}
			case 'pane.prompt':
				return state.pushOverlay({kind: 'prompt', purpose: 'select', label: 'Switch to pane (number or title)', text: ''});
			case 'pane.new': {
				const info = this.deps.host.open(this.deps.newPaneRequest?.() ?? {});
				return this.activate(info.id);
			}
			case 'pane.rename': {
				const pane = this.activePane();
				if (!pane) return;
				return state.pushOverlay({kind: 'prompt', purpose: 'rename', label: `Rename pane ${pane.number}`, text: pane.title, paneId: pane.id});
			}
			case 'pane.kill': {
				const pane = this.activePane();
				if (!pane) return;
				return this.confirm({
					title: `Kill pane ${pane.number} (${pane.title})?`,
					body: pane.status === 'running' ? [`The program in it (${pane.target}) is ended.`] : ['The pane is closed.'],
					confirmKey: 'y',
					onConfirm: {action: 'pane.kill.confirmed', payload: pane.id},
				});
			}
			case 'pane.restart': {
				const pane = this.activePane();
				if (!pane) return;
				if (pane.status === 'running') return this.status(`pane ${pane.number} is running: nothing to restart`);
				return this.deps.host.restart(pane.id);
			}
			case 'prefix.literal':
				return this.paneWrite(String.fromCharCode(this.deps.keymap.prefixByte));
			case 'focus.toggle': {
				if (!sidePanelVisible(state, this.deps.panels.hasPanels)) {
					const toggle = keyFor(this.deps.keymap, 'sidepanel.toggle');
					return this.status(this.deps.panels.hasPanels ? `the side panel is hidden${toggle ? ` (${toggle} shows it)` : ''}` : 'no side panel in this build');
				}
				return state.setFocus(state.focus === 'pane' ? 'side' : 'pane');
			}
			case 'sidepanel.toggle': {
				if (!this.deps.panels.hasPanels) return this.status('no side panel in this build');
				const visible = sidePanelVisible(state, true);
				// Depart from 'auto' only as far as the key asks: hiding where auto would hide anyway
				// (or showing where it would show) goes back to auto, so a panel shown at 80 columns
				// and hidden again still appears once the terminal is widened past 110.
				const autoShows = sidePanelVisible({...state, sidePanelMode: 'auto'}, true);
				state.setSidePanelMode(visible ? (autoShows ? 'off' : 'auto') : autoShows ? 'auto' : 'on');
				if (visible) state.setFocus('pane');
				if (!visible && !sidePanelVisible(this.deps.store.getState(), true)) this.status('the terminal is too narrow for the side panel');
				return;
			}
			case 'help':
				return state.pushOverlay({kind: 'help'});
			case 'app.quit':
				return this.confirm({
					title: 'Quit lvs-tui?',
					body: [`${state.panes.length} pane(s) and their programs are closed.`],
					confirmKey: 'y',
					onConfirm: {action: 'app.quit.confirmed'},
				});
			case 'screen.redraw':
				return this.deps.redraw();
			case 'pane.scrollback': {
				const screen = this.deps.activeScreen?.();
				if (!screen) return;
				screen.scrollBy(-Math.max(1, screen.rows - 1));
				return state.setScrollback(screen.scrolledBack());
			}
			default: {
				const handler = this.handlers.get(action);
				if (handler) return handler();
				// In-process UI (--no-session, LVS_TUI_NO_SESSION): there is no session to leave running.
				if (action === 'session.detach') return this.status(NO_SESSION_DETACH, 'error');
				return this.status(`${FEATURE_NAMES[action] ?? action} is not available in this build`);
			}
		}
	}

	dialogKey(key: Key): void {
		const state = this.deps.store.getState();
		const top = state.overlays[state.overlays.length - 1];
		if (!top) {
			if (state.scrollback !== null) this.scrollbackKey(key);
			return;
		}
		switch (top.kind) {
			case 'help':
				return state.popOverlay();
			case 'confirm': {
				state.popOverlay();
				if (key.name === top.confirmKey) this.runConfirmed(top);
				else if (top.onCancel) this.handlers.get(top.onCancel.action)?.(top.onCancel.payload);
				return;
			}
			case 'pane-list':
				return this.paneListKey(top, key);
			case 'prompt':
				return this.promptKey(top, key);
			case 'feature': {
				const feature = this.deps.panels.overlays.get(top.id);
				if (key.name === 'escape' || !feature?.handleKey?.(key, top.payload)) state.popOverlay();
				return;
			}
		}
	}

	// --- helpers ---------------------------------------------------------------------------

	activate(paneId: string): void {
		const state = this.deps.store.getState();
		state.setActivePane(paneId);
		this.deps.host.focus?.(paneId);
	}

	private activePane() {
		const state = this.deps.store.getState();
		return state.panes.find(p => p.id === state.activePaneId);
	}

	private status(text: string, kind: 'info' | 'error' = 'info'): void {
		const state = this.deps.store.getState();
		state.showStatus(text, kind);
		// A message goes away on its own after a while (one timer, not a redraw loop).
		const seq = this.deps.store.getState().status?.seq;
		if (this.statusTimer) clearTimeout(this.statusTimer);
		this.statusTimer = setTimeout(() => {
			this.statusTimer = null;
			if (this.deps.store.getState().status?.seq === seq) this.deps.store.getState().clearStatus();
		}, STATUS_SECONDS * 1000);
		this.statusTimer.unref?.();
	}

	private selectNumber(n: number): void {
		const pane = this.deps.store.getState().panes.find(p => p.number === n);
		if (pane) this.activate(pane.id);
		else this.status(`no pane ${n}`, 'error');
	}

	private cycle(step: number): void {
		const {panes, activePaneId} = this.deps.store.getState();
		if (panes.length === 0) return;
		const index = panes.findIndex(p => p.id === activePaneId);
		const next = panes[(index + step + panes.length) % panes.length]!;
		this.activate(next.id);
	}

	/** screen's copy-mode movement keys, and less's: the view moves, the program is untouched. */
	private scrollbackKey(key: Key): void {
		const state = this.deps.store.getState();
		const screen = this.deps.activeScreen?.();
		if (!screen) return state.setScrollback(null);
		const page = Math.max(1, screen.rows - 1);
		const moves: Record<string, number> = {
			up: -1, k: -1, '^Y': -1, '^P': -1,
			down: 1, j: 1, '^E': 1, '^N': 1, enter: 1,
			pgup: -page, b: -page, '^B': -page, 'M-v': -page,
			pgdn: page, f: page, '^F': page, space: page,
			'^U': -Math.ceil(page / 2), '^D': Math.ceil(page / 2),
			home: -Number.MAX_SAFE_INTEGER, g: -Number.MAX_SAFE_INTEGER,
			end: Number.MAX_SAFE_INTEGER, G: Number.MAX_SAFE_INTEGER,
		};
		if (key.name === 'escape' || key.name === 'q' || key.name === '^C' || key.name === '^G') {
			screen.scrollToBottom();
			return state.setScrollback(null);
		}
		const move = moves[key.name];
		if (move === undefined) return;
		if (Math.abs(move) === Number.MAX_SAFE_INTEGER) {
			if (move > 0) screen.scrollToBottom();
			else screen.scrollBy(-screen.scrolledBack() - 1_000_000);
		} else screen.scrollBy(move);
		state.setScrollback(screen.scrolledBack());
	}

	private runConfirmed(spec: ConfirmOverlay): void {
		const handler = this.handlers.get(spec.onConfirm.action);
		if (handler) handler(spec.onConfirm.payload);
		else this.status(`nothing handles ${spec.onConfirm.action}`, 'error');
	}

	private paneListKey(top: Extract<Overlay, {kind: 'pane-list'}>, key: Key): void {
		const state = this.deps.store.getState();
		const count = state.panes.length;
		if (key.name === 'up' || key.name === 'k' || key.name === 'p') {
			return state.updateOverlay({...top, selected: Math.max(0, top.selected - 1)});
		}
		if (key.name === 'down' || key.name === 'j' || key.name === 'n' || key.name === 'space') {
			return state.updateOverlay({...top, selected: Math.min(count - 1, top.selected + 1)});
		}
		if (key.name === 'enter') {
			const pane = state.panes[top.selected];
			state.popOverlay();
			if (pane) this.activate(pane.id);
			return;
		}
		if (/^\d$/.test(key.name)) {
			state.popOverlay();
			return this.selectNumber(Number(key.name));
		}
		state.popOverlay();
	}

	private promptKey(top: Extract<Overlay, {kind: 'prompt'}>, key: Key): void {
		const state = this.deps.store.getState();
		const secret = top.purpose === 'secret';
		const current = secret ? this.secret : top.text;
		const set = (text: string) => {
			if (secret) this.secret = text;
			else state.updateOverlay({...top, text});
		};
		if (key.name === 'escape' || key.name === '^G' || key.name === '^C') {
			state.popOverlay();
			this.secret = '';
			if (top.onCancel) this.handlers.get(top.onCancel.action)?.(top.onCancel.payload);
			return;
		}
		if (key.name === 'enter') {
			state.popOverlay();
			const text = current;
			this.secret = '';
			return this.submitPrompt(top, text);
		}
		if (key.name === 'backspace' || key.name === '^H') return set([...current].slice(0, -1).join(''));
		if (key.name === '^U') return set('');
		let typed = '';
		if (key.name === 'paste') typed = key.raw.replace(/[\x00-\x1f\x7f]/g, '');
		else if (key.name === 'space') typed = ' ';
		else if ([...key.name].length === 1) typed = key.name;
		if (typed) set((current + typed).slice(0, secret ? 1024 : 200));
	}

	private submitPrompt(top: Extract<Overlay, {kind: 'prompt'}>, typed: string): void {
		if (top.purpose === 'input' || top.purpose === 'secret') {
			if (top.onSubmit) this.handlers.get(top.onSubmit.action)?.({text: typed, payload: top.onSubmit.payload});
			return;
		}
		const text = typed.trim();
		if (top.purpose === 'rename') {
			if (top.paneId && text) this.deps.host.rename(top.paneId, text);
			return;
		}
		if (!text) return;
		const panes = this.deps.store.getState().panes;
		const pane = /^\d+$/.test(text) ? panes.find(p => p.number === Number(text)) : (panes.find(p => p.title === text) ?? panes.find(p => p.title.toLowerCase().startsWith(text.toLowerCase())));
		if (pane) this.activate(pane.id);
		else this.status(`no pane '${text}'`, 'error');
	}

	/** The pane area size for the current state (what PaneHost.resize gets). */
	paneArea(): {cols: number; rows: number} {
		const layout = computeLayout(this.deps.store.getState(), this.deps.panels.hasPanels);
		return {cols: layout.paneCols, rows: layout.paneRows};
	}
}
