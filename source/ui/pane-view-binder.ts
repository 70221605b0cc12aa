// Keeps the compositor and the pane host in step with the store: which pane is shown, the pane
// area size (resize every pane when the terminal or the side panel changes), overlays pausing
// the pane painter, and pane list updates from the host into the store.
import type {PaneHost} from '../services/pane-host.js';
import type {AppStore} from '../store/app-store.js';
import {computeLayout} from '../store/layout.js';
import type {Compositor} from '../terminal/compositor.js';
import {MirrorScreen} from '../terminal/mirror-screen.js';
import type {PaneScreen} from '../terminal/pane-screen.js';
import type {PanelRegistry} from './panel-registry.js';

export class PaneViewBinder {
	private readonly mirrors = new Map<string, MirrorScreen>();
	private readonly unsubscribers: Array<() => void> = [];
	private shownPane: string | null = null;
	private area = {cols: 0, rows: 0};

	constructor(
		private readonly store: AppStore,
		private readonly host: PaneHost,
		private readonly compositor: Compositor,
		private readonly panels: PanelRegistry,
		private readonly events: {bell?: () => void; allPanesClosed?: () => void} = {},
	) {}

	start(): void {
		this.unsubscribers.push(
			this.host.subscribe(event => {
				if (event.type === 'panes') {
					this.store.getState().setPanes(event.panes);
					for (const id of this.mirrors.keys()) if (!event.panes.some(p => p.id === id)) this.dropMirror(id);
					if (event.panes.length === 0) this.events.allPanesClosed?.();
				} else if (event.type === 'bell' && event.paneId === this.store.getState().activePaneId) {
					this.events.bell?.();
				}
			}),
			this.store.subscribe(() => this.sync()),
		);
		this.store.getState().setPanes(this.host.list());
		this.sync();
	}

	/** The active pane's screen: the host's own, or a mirror for hosts that cannot share it. */
	screenOf(paneId: string | null): PaneScreen | null {
		if (!paneId) return null;
		const own = this.host.screen?.(paneId);
		if (own) return own;
		if (!this.host.list().some(p => p.id === paneId)) return null;
		let mirror = this.mirrors.get(paneId);
		if (!mirror) {
			mirror = new MirrorScreen(this.host, paneId);
			this.mirrors.set(paneId, mirror);
		}
		return mirror;
	}

	activeScreen(): PaneScreen | null {
		return this.screenOf(this.store.getState().activePaneId);
	}

	sync(): void {
		const state = this.store.getState();
		const layout = computeLayout(state, this.panels.hasPanels);
		if (layout.paneCols !== this.area.cols || layout.paneRows !== this.area.rows) {
			this.area = {cols: layout.paneCols, rows: layout.paneRows};
			this.host.resize(layout.paneCols, layout.paneRows);
			for (const mirror of this.mirrors.values()) mirror.resize(layout.paneCols, layout.paneRows);
			this.compositor.setArea(layout.paneCols, layout.paneRows);
		}
		if (state.activePaneId !== this.shownPane) {
			this.shownPane = state.activePaneId;
			if (state.activePaneId) this.host.focus?.(state.activePaneId);
			this.compositor.attach(this.activeScreen());
		}
		this.compositor.setEnabled(state.overlays.length === 0);
	}

	stop(): void {
		for (const u of this.unsubscribers) u();
		this.unsubscribers.length = 0;
		for (const id of [...this.mirrors.keys()]) this.dropMirror(id);
	}

	private dropMirror(id: string): void {
		this.mirrors.get(id)?.dispose();
		this.mirrors.delete(id);
	}
}
