// One row at the bottom: the pane tabs (number, title, markers, active highlighted, connection
// status) on the left; prefix indicator, message, read-only flag and help hint on the right.
import React from 'react';
import {Box, Text} from 'ink';
import type {PaneInfo} from '../services/pane-host.js';
import {useApp, useAppState} from './app-context.js';
import {useRole} from './theme.js';
import {keyFor} from '../keymap/keymap.js';

/** A longer title is cut so one pane cannot push the others off an 80-column tab line. */
export const MAX_TAB_TITLE = 20;

/**
 * Which tabs fit in `room` columns: all when they do, else a run of whole tabs around the active
 * one (screen's window list does the same), leaving a column each side for the '<' / '>' marks.
 */
export function tabWindow(widths: number[], active: number, room: number): {start: number; end: number} {
	const total = widths.reduce((a, b) => a + b, 0);
	if (total <= room || widths.length === 0) return {start: 0, end: widths.length};
	const at = Math.max(0, Math.min(active, widths.length - 1));
	let start = at;
	let end = at + 1;
	let used = widths[at]!;
	const marks = 2;
	for (let grew = true; grew; ) {
		grew = false;
		if (end < widths.length && used + widths[end]! + marks <= room) {
			used += widths[end++]!;
			grew = true;
		}
		if (start > 0 && used + widths[start - 1]! + marks <= room) {
			used += widths[--start]!;
			grew = true;
		}
	}
	return {start, end};
}

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
	const title = [...pane.title].length > MAX_TAB_TITLE ? [...pane.title].slice(0, MAX_TAB_TITLE - 1).join('') + '…' : pane.title;
	return `${pane.number}${flags} ${title}${state}`;
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
	// The tabs come first; the message gets what is left, after a gap so it does not read as part of
	// the last tab ("2@ sh command not found"). With more tabs than fit, the message keeps up to 40%
	// of the row and the tabs show a window of whole tabs around the active one.
	const widths = panes.map(p => [...tabLabel(p, p.id === activeId, p.id === lastId)].length + 2);
	const tabsWidth = widths.reduce((a, b) => a + b, 0);
	const wanted = [...right].length + 2;
	const rightWidth = tabsWidth + wanted <= width ? wanted : Math.min(wanted, Math.max(prefixPending ? 7 : 0, width - tabsWidth, Math.floor(width * 0.4)));
	const activeIndex = Math.max(0, panes.findIndex(p => p.id === activeId));
	const {start, end} = tabWindow(widths, activeIndex, width - rightWidth);
	return (
		<Box width={width} height={1} flexDirection="row" {...(bar.backgroundColor ? {backgroundColor: bar.backgroundColor} : {})}>
			<Box flexGrow={1} flexShrink={1} overflow="hidden" height={1}>
				{start > 0 ? <Text {...muted}>{'<'}</Text> : null}
				{panes.slice(start, end).map(p => (
					<Tab key={p.id} pane={p} active={p.id === activeId} last={p.id === lastId} />
				))}
				{end < panes.length ? <Text {...muted}>{'>'}</Text> : null}
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
