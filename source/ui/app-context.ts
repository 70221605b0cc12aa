// What every chrome component may reach: the store (plain data), the keymap (for help and hints),
// the panel registry and the ASCII fallback. Never a PaneHost, PTY or emulator.
import {createContext, useContext} from 'react';
import {useStore} from 'zustand';
import type {AppState, AppStore} from '../store/app-store.js';
import type {Keymap} from '../keymap/keymap.js';
import type {PanelRegistry} from './panel-registry.js';

export interface AppContextValue {
	store: AppStore;
	keymap: Keymap;
	panels: PanelRegistry;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
	const value = useContext(AppContext);
	if (!value) throw new Error('AppContext missing: render inside <AppContext.Provider>');
	return value;
}

export function useAppState<T>(selector: (state: AppState) => T): T {
	return useStore(useApp().store, selector);
}
