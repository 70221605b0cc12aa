// The side panel slot: feature panels (IPVS table, interfaces) register a component and, if they
// take keys, a handler. A panel reads the store itself and draws inside {width, height}.
import type {ComponentType} from 'react';
import type {Key} from '../keymap/key-parser.js';
import type {AppState} from '../store/app-store.js';

export interface SidePanelProps {
	width: number;
	height: number;
	/** True while the side panel has keyboard focus (Tab) and this is the focused panel. */
	focused: boolean;
}

export interface SidePanel {
	id: string;
	title: string;
	Component: ComponentType<SidePanelProps>;
	/** Share of the slot's height relative to the other panels (default 1). */
	weight?: number;
	/** Content lines it would show at this width (cheap: called on every store change); rows it cannot fill go to the other panels. */
	rowsWanted?(state: AppState, width: number): number;
	/** A key while this panel has focus. Return false to let the core treat it (Tab/Escape leave focus). */
	handleKey?(key: Key): boolean;
}

/** A feature's full-screen overlay (the IPVS table, a wizard), opened with {kind: 'feature', id}. */
export interface FeatureOverlay {
	id: string;
	Component: ComponentType<{width: number; height: number; payload?: unknown}>;
	/** Keys while it is on top; return false to close it (Escape does too). */
	handleKey?(key: Key, payload: unknown): boolean;
}

export class PanelRegistry {
	readonly panels: SidePanel[] = [];
	readonly overlays = new Map<string, FeatureOverlay>();
	/** Which panel has focus inside the slot. */
	focusedIndex = 0;

	register(panel: SidePanel): void {
		this.panels.push(panel);
	}

	registerOverlay(overlay: FeatureOverlay): void {
		this.overlays.set(overlay.id, overlay);
	}

	get hasPanels(): boolean {
		return this.panels.length > 0;
	}

	focused(): SidePanel | undefined {
		return this.panels[this.focusedIndex % Math.max(1, this.panels.length)];
	}
}
