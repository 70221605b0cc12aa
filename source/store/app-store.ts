// The app's state: plain data only (no PTYs, emulators or sockets), in a zustand vanilla store that
// React components read through selectors and services update through actions.
//
// Adding a feature slice (how ipvs-slice.ts, interfaces-slice.ts, wizard-slice.ts plug in):
//   1. In your file, declare your state and merge it into ExtraSlices:
//        export interface IpvsSlice { ipvs: {status: 'idle' | 'ok' | 'error'; ...}; setIpvs(...): void }
//        declare module './app-store.js' { interface ExtraSlices extends IpvsSlice {} }
//   2. Export a creator:  export const createIpvsSlice: SliceCreator<IpvsSlice> = (set, get) => ({...});
//      `set`/`get` see the whole AppState, so a slice may read core fields (readOnly, size...).
//   3. compose.ts passes it: createAppStore({...}, [createIpvsSlice]).
// Core fields below are the multiplexer's; a slice must not redefine them.
import {createStore} from 'zustand/vanilla';
import type {StoreApi} from 'zustand/vanilla';
import type {PaneInfo} from '../services/pane-host.js';

/** Merged into by feature slices through declaration merging (see above). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ExtraSlices {}

export type Overlay =
	| {kind: 'help'}
	| {kind: 'pane-list'; selected: number}
	| PromptOverlay
	| ConfirmOverlay
	/** A feature's own full-screen overlay (IPVS table, a wizard): rendered by its registered component. */
	| {kind: 'feature'; id: string; payload?: unknown};

/**
 * A one-line prompt. 'select'/'rename' are the core's; 'input' and 'secret' call onSubmit's action
 * with {text}. A secret's text is never put in the store (the controller holds it while typing).
 */
export interface PromptOverlay {
	kind: 'prompt';
	purpose: 'select' | 'rename' | 'input' | 'secret';
	label: string;
	text: string;
	paneId?: string;
	/** Lines shown above the input (what is being asked and why). */
	body?: string[];
	onSubmit?: {action: string; payload?: unknown};
	onCancel?: {action: string; payload?: unknown};
}

/** A generic yes/no dialog other features use: nothing destructive happens without one. */
export interface ConfirmOverlay {
	kind: 'confirm';
	title: string;
	body: string[];
	/** The key that confirms (e.g. 'y'); any other key cancels. */
	confirmKey: string;
	/** Run through the action registry when confirmed: a core ActionId or a feature's own id. */
	onConfirm: {action: string; payload?: unknown};
	/** Run when any other key closes it (optional: a question someone is waiting on). */
	onCancel?: {action: string; payload?: unknown};
}

export interface StatusMessage {
	text: string;
	kind: 'info' | 'error';
	/** Increments per message so the same text twice still re-shows. */
	seq: number;
}

export interface CoreSlice {
	panes: PaneInfo[];
	activePaneId: string | null;
	lastPaneId: string | null;
	focus: 'pane' | 'side';
	/** The config's options.sidePanel, then overridden by the user's toggle. */
	sidePanelMode: 'auto' | 'on' | 'off';
	overlays: Overlay[];
	status: StatusMessage | null;
	readOnly: boolean;
	ascii: boolean;
	/** Prefix typed, waiting for the command key (shown in the status line). */
	prefixPending: boolean;
	/** Scrollback view of the active pane: null when live, else lines scrolled back. */
	scrollback: number | null;
	/** Whole terminal size. */
	size: {cols: number; rows: number};
	/** Where the user is: shown in the status line ('local mode' or the config file). */
	clusterLabel: string;

	setPanes(panes: PaneInfo[]): void;
	setActivePane(paneId: string | null): void;
	setFocus(focus: 'pane' | 'side'): void;
	setSidePanelMode(mode: 'auto' | 'on' | 'off'): void;
	pushOverlay(overlay: Overlay): void;
	/** Replace the top overlay (typing in a prompt, moving a selection). */
	updateOverlay(overlay: Overlay): void;
	popOverlay(): void;
	showStatus(text: string, kind?: 'info' | 'error'): void;
	clearStatus(): void;
	setPrefixPending(pending: boolean): void;
	setScrollback(linesBack: number | null): void;
	setSize(cols: number, rows: number): void;
}

export type AppState = CoreSlice & ExtraSlices;
export type AppStore = StoreApi<AppState>;
export type SliceCreator<T> = (set: StoreApi<AppState>['setState'], get: () => AppState, api: StoreApi<AppState>) => T;

export interface AppStoreInit {
	readOnly?: boolean;
	ascii?: boolean;
	sidePanelMode?: 'auto' | 'on' | 'off';
	size?: {cols: number; rows: number};
	clusterLabel?: string;
}

const createCoreSlice =
	(init: AppStoreInit): SliceCreator<CoreSlice> =>
	(set, get) => ({
		panes: [],
		activePaneId: null,
		lastPaneId: null,
		focus: 'pane',
		sidePanelMode: init.sidePanelMode ?? 'auto',
		overlays: [],
		status: null,
		readOnly: init.readOnly ?? false,
		ascii: init.ascii ?? false,
		prefixPending: false,
		scrollback: null,
		size: init.size ?? {cols: 80, rows: 24},
		clusterLabel: init.clusterLabel ?? 'local mode',

		setPanes: panes => {
			const {activePaneId, lastPaneId} = get();
			const ids = new Set(panes.map(p => p.id));
			let active = activePaneId && ids.has(activePaneId) ? activePaneId : null;
			const last = lastPaneId && ids.has(lastPaneId) && lastPaneId !== active ? lastPaneId : null;
			if (!active) active = (last ?? panes[0]?.id) ?? null;
			set({panes, activePaneId: active, lastPaneId: last === active ? null : last});
		},
		setActivePane: paneId => {
			const {activePaneId} = get();
			if (paneId === activePaneId) return;
			set({activePaneId: paneId, lastPaneId: activePaneId});
		},
		setFocus: focus => set({focus}),
		setSidePanelMode: mode => set({sidePanelMode: mode}),
		pushOverlay: overlay => set({overlays: [...get().overlays, overlay]}),
		updateOverlay: overlay => {
			const overlays = get().overlays;
			if (overlays.length === 0) return;
			set({overlays: [...overlays.slice(0, -1), overlay]});
		},
		popOverlay: () => set({overlays: get().overlays.slice(0, -1)}),
		showStatus: (text, kind = 'info') => set({status: {text, kind, seq: (get().status?.seq ?? 0) + 1}}),
		clearStatus: () => set({status: null}),
		setPrefixPending: pending => {
			if (get().prefixPending !== pending) set({prefixPending: pending});
		},
		setScrollback: linesBack => {
			if (get().scrollback !== linesBack) set({scrollback: linesBack});
		},
		setSize: (cols, rows) => {
			const size = get().size;
			if (size.cols !== cols || size.rows !== rows) set({size: {cols, rows}});
		},
	});

export function createAppStore(init: AppStoreInit = {}, slices: Array<SliceCreator<object>> = []): AppStore {
	return createStore<AppState>()((set, get, api) => {
		const state = createCoreSlice(init)(set, get, api) as AppState;
		for (const slice of slices) Object.assign(state, slice(set, get, api));
		return state;
	});
}
