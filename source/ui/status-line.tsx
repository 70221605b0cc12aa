// One row at the bottom: the pane tabs (number, title, markers, active highlighted, connection
// status) on the left; prefix indicator, message, read-only flag and help hint on the right.
import React from 'react';
import {Box, Text} from 'ink';
import type {PaneInfo} from '../services/pane-host.js';
import {useApp, useAppState} from './app-context.js';
import {useRole} from './theme.js';
import {keyFor} from '../keymap/keymap.js';

/** screen's window-list flags: * active, - last, @ activity, ! bell; plus the pane's state. */
export function tabLabel(pane: PaneInfo, active: boolean, last: boolean): string {
	let flags = '';
	if (active) flags += '*';
	else if (last) flags += '-';
	if (pane.bell) flags += '!';
	else if (pane.activity) flags += '@';
	let state = '';
	if (pane.status === 'exited') state = pane.exitCode === null || pane.exitCode === undefined ? ' (exited)' : ` (exit ${pane.exitCode})`;
	else if (pane.status === 'failed') state = ' (failed)';
	else if (pane.status === 'disconnected') state = ' (disconnected)';
	else if (pane.status === 'reconnecting') state = ' (reconnecting)';
	else if (pane.status === 'starting') state = ' (connecting)';
	return `${pane.number}${flags} ${pane.title}${state}`;
}

function Tab({pane, active, last}: {pane: PaneInfo; active: boolean; last: boolean}) {
	const activeStyle = useRole('tab.active');
	const inactive = useRole('tab.inactive');
	const activity = useRole('tab.activity');
	const bell = useRole('tab.bell');
	const exited = useRole('tab.exited');
	let style = inactive;
	if (active) style = activeStyle;
	else if (pane.bell) style = bell;
	else if (pane.activity) style = activity;
	else if (pane.status !== 'running') style = exited;
	return (
		<Text {...style} wrap="truncate">
			{' ' + tabLabel(pane, active, last) + ' '}
		</Text>
	);
}

export function StatusLine({width}: {width: number}) {
	const {keymap} = useApp();
	const panes = useAppState(s => s.panes);
	const activeId = useAppState(s => s.activePaneId);
	const lastId = useAppState(s => s.lastPaneId);
	const prefixPending = useAppState(s => s.prefixPending);
	const status = useAppState(s => s.status);
	const readOnly = useAppState(s => s.readOnly);
	const focus = useAppState(s => s.focus);
	const scrollback = useAppState(s => s.scrollback);
	const bar = useRole('status.bar');
	const error = useRole('status.error');
	const accent = useRole('accent');
	const muted = useRole('text.muted');
	const active = panes.find(p => p.id === activeId);
	const help = keyFor(keymap, 'help') ?? '';
	let message = '';
	let messageStyle = muted;
	if (prefixPending) {
		message = `[${keymap.prefixName}]`;
		messageStyle = accent;
	} else if (scrollback !== null) {
		message = `[history: ${scrollback} ${scrollback === 1 ? 'line' : 'lines'} back — ↑↓ PgUp PgDn g G, Esc leaves]`;
		messageStyle = accent;
	} else if (status) {
		message = status.text;
		messageStyle = status.kind === 'error' ? error : accent;
	} else if (active?.statusText && active.status !== 'running') {
		const restart = keyFor(keymap, 'pane.restart');
		message = active.statusText + (restart ? ` — ${restart} restarts` : '');
		messageStyle = active.status === 'failed' ? error : muted;
	} else if (help) {
		message = `${help} help`;
	}
	const flags = (focus === 'side' ? ' [panel]' : '') + (readOnly ? ' [read-only]' : '');
	const right = message + flags;
	// The tabs come first; the message gets what is left (at least room for the prefix indicator),
	// after a gap so it does not read as part of the last tab ("2@ sh command not found").
	const tabsWidth = panes.reduce((sum, p) => sum + tabLabel(p, p.id === activeId, p.id === lastId).length + 2, 0);
	const rightWidth = Math.max(Math.min(right.length + 2, prefixPending ? 7 : 0), Math.min(right.length + 2, width - tabsWidth));
	return (
		<Box width={width} height={1} flexDirection="row" {...(bar.backgroundColor ? {backgroundColor: bar.backgroundColor} : {})}>
			<Box flexGrow={1} flexShrink={1} overflow="hidden" height={1}>
				{panes.map(p => (
					<Tab key={p.id} pane={p} active={p.id === activeId} last={p.id === lastId} />
				))}
			</Box>
			<Box width={rightWidth} flexShrink={0} justifyContent="flex-end" height={1} overflow="hidden" paddingLeft={2}>
				{/* Cut in the middle: the end holds the key to press ("— ^A r restarts"). */}
				<Text {...messageStyle} wrap="truncate-middle">
					{message}
				</Text>
				{flags ? (
					<Box flexShrink={0}>
						<Text {...error}>{flags}</Text>
					</Box>
				) : null}
			</Box>
		</Box>
	);
}
