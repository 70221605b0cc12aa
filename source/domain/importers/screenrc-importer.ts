// GNU screen .screenrc -> lvs-tui panes, prefix, bindings and scrollback. Every line that has
// no lvs-tui equivalent becomes a note with its line number and why, never silently dropped.

import {isActionId} from '../actions.js';
import {shellJoin} from '../shell-quote.js';
import {normalizeKeyName, parsePrefix} from '../config/key-names.js';
import {MAX_PANE_NUMBER} from '../config/config-panes.js';
import type {ImportedConfig, ImportNote, ImportResult} from './imported-config.js';
import {screenrcWords} from './screenrc-words.js';

const SPLIT_WHY = 'lvs-tui shows one pane at a time (switch with C-a n/p or C-a 0-9); split layouts are not supported';
const STATUS_WHY = 'lvs-tui draws its own status line with the pane tabs';

/** screen commands with no lvs-tui equivalent, and why (default: "no lvs-tui equivalent"). */
const UNSUPPORTED: Record<string, string> = {
	hardstatus: STATUS_WHY,
	caption: STATUS_WHY,
	split: SPLIT_WHY,
	focus: SPLIT_WHY,
	only: SPLIT_WHY,
	remove: SPLIT_WHY,
	resize: SPLIT_WHY,
	layout: SPLIT_WHY,
	zombie: 'lvs-tui always keeps an exited pane visible with its exit status; C-a r restarts it, C-a k closes it',
	source: 'other files are not followed; import that file separately',
	eval: 'eval runs several screen commands; bind the lvs-tui actions you need instead',
	bindkey: 'keys without the prefix can only be F-keys in lvs-tui: use keys.direct (e.g. f2: vip.toggle)',
	autodetach: 'lvs-tui panes end with lvs-tui; detaching is a separate feature (C-a d where available)',
	sessionname: 'lvs-tui sessions are not named',
};

const IGNORED: Record<string, string> = {
	startup_message: 'lvs-tui has no startup message',
	vbell: 'lvs-tui marks a bell on the pane tab instead',
	defutf8: 'lvs-tui panes are always UTF-8',
	utf8: 'lvs-tui panes are always UTF-8',
	altscreen: 'lvs-tui always supports the alternate screen (vim, less, top)',
	term: 'lvs-tui panes are always xterm-256color',
	termcapinfo: 'lvs-tui emulates xterm itself; termcap tweaks are not needed',
};

/** screen command (as bound with `bind`) -> lvs-tui action. */
const COMMAND_ACTIONS: Record<string, string> = {
	next: 'pane.next',
	prev: 'pane.prev',
	other: 'pane.last',
	windowlist: 'pane.list',
	windows: 'pane.list',
	title: 'pane.rename',
	kill: 'pane.kill',
	meta: 'prefix.literal',
	help: 'help',
	quit: 'app.quit',
	detach: 'session.detach',
	redisplay: 'screen.redraw',
};

interface PendingSelect {
	line: number;
	target: string;
	/** null: top-level select (initial pane); otherwise the bound key. */
	key: string | null;
}

export function importScreenrc(text: string): ImportResult {
	const notes: ImportNote[] = [];
	const config: ImportedConfig = {};
	const panes: NonNullable<ImportedConfig['panes']> = [];
	const bindings: Record<string, string | null> = {};
	const selects: PendingSelect[] = [];
	let defaultTitle: string | null = null;
	let layoutLine: number | null = null;
	const note = (line: number, kind: ImportNote['kind'], message: string) => notes.push({line, kind, message});

	text.split('\n').forEach((raw, index) => {
		const line = index + 1;
		const words = screenrcWords(raw);
		if (words.length === 0) return;
		const [command, ...args] = words;
		if (layoutLine !== null && command !== 'layout') {
			note(line, 'unsupported', `${command}: part of the split layout begun at line ${layoutLine}; ${SPLIT_WHY}`);
			return;
		}
		switch (command) {
			case 'screen': {
				const pane = screenCommand(args, line, panes, defaultTitle, note);
				if (pane) panes.push(pane);
				return;
			}
			case 'escape':
			case 'defescape': {
				const spec = args[0] === undefined ? 'missing' : parsePrefix(args[0]);
				if (typeof spec === 'string') note(line, 'unsupported', `${command} ${args.join(' ')}: ${spec === 'missing' ? 'needs a key, e.g. ^Aa' : spec}`);
				else (config.keys ??= {}).prefix = args[0];
				return;
			}
			case 'shelltitle': {
				if (args[0] === undefined) {
					note(line, 'unsupported', 'shelltitle needs a title');
					return;
				}
				const bar = args[0].indexOf('|');
				const fixed = bar < 0 ? args[0] : args[0].slice(bar + 1).trim() || args[0].slice(0, bar).trim();
				defaultTitle = fixed || null;
				if (bar >= 0) note(line, 'ignored', `shelltitle '${args[0]}': titles do not follow the shell prompt in lvs-tui; new shell panes are titled '${fixed}'`);
				return;
			}
			case 'select':
				if (args.length !== 1) note(line, 'unsupported', 'select at startup needs exactly one window number or title');
				else selects.push({line, target: args[0], key: null});
				return;
			case 'defscrollback':
			case 'scrollback': {
				const n = /^[0-9]+$/.test(args[0] ?? '') ? Number(args[0]) : NaN;
				if (!(n <= 1_000_000)) note(line, 'unsupported', `${command} '${args[0] ?? ''}' is not a line count 0-1000000`);
				else {
					(config.options ??= {}).scrollback = n;
					if (command === 'scrollback') note(line, 'ignored', 'scrollback applies to every pane in lvs-tui (options.scrollback), not only the current window');
				}
				return;
			}
			case 'bind':
				bindCommand(args, line, bindings, selects, note);
				return;
			case 'layout':
				if (args[0] === 'new' && layoutLine === null) layoutLine = line;
				else if (args[0] === 'save' || args[0] === 'autosave') layoutLine = null;
				note(line, 'unsupported', `layout ${args.join(' ')}: ${SPLIT_WHY}`);
				return;
			default:
				if (IGNORED[command]) note(line, 'ignored', `${command}: ${IGNORED[command]}`);
				else note(line, 'unsupported', `${command}: ${UNSUPPORTED[command] ?? 'no lvs-tui equivalent'}`);
		}
	});

	for (const select of selects) {
		const number = /^[0-9]+$/.test(select.target) ? Number(select.target) : panes.find(p => p.title === select.target)?.number;
		if (number === undefined || !panes.some(p => p.number === number)) {
			note(select.line, 'unsupported', `select ${select.target}: no window with that ${/^[0-9]+$/.test(select.target) ? 'number' : 'title'} is opened by this file`);
		} else if (select.key === null) {
			(config.options ??= {}).initialPane = number;
		} else if (number > 9) {
			note(select.line, 'unsupported', `bind ${select.key} select ${select.target}: lvs-tui has keys only for panes 0-9`);
		} else {
			bindings[select.key] = `pane.select.${number}`;
		}
	}
	if (panes.length) config.panes = panes.sort((a, b) => a.number - b.number);
	if (Object.keys(bindings).length) (config.keys ??= {}).bindings = bindings;
	return {format: 'screenrc', config, notes: notes.sort((a, b) => a.line - b.line)};
}

type Note = (line: number, kind: ImportNote['kind'], message: string) => void;

/** screen [-t title] [-flags] [n] [cmd args] */
function screenCommand(args: string[], line: number, panes: NonNullable<ImportedConfig['panes']>, defaultTitle: string | null, note: Note): NonNullable<ImportedConfig['panes']>[number] | null {
	let title: string | undefined;
	let i = 0;
	for (; i < args.length && args[i].startsWith('-') && args[i] !== '-'; i++) {
		const flag = args[i];
		if (flag === '-t') title = args[++i];
		else if (flag.startsWith('-t')) title = flag.slice(2);
		else if (flag === '-T' || flag === '-h') note(line, 'ignored', `screen ${flag} ${args[++i] ?? ''}: ${flag === '-T' ? 'panes are always xterm-256color' : 'scrollback is options.scrollback for every pane'}`);
		else note(line, 'ignored', `screen ${flag}: option not supported; the pane is opened without it`);
	}
	let number: number | undefined;
	if (/^[0-9]+$/.test(args[i] ?? '')) number = Number(args[i++]);
	const argv = args.slice(i);
	const used = new Set(panes.map(p => p.number));
	if (number !== undefined && (number > MAX_PANE_NUMBER || used.has(number))) {
		note(line, 'ignored', `window ${number} ${used.has(number) ? 'is already opened above' : `is above ${MAX_PANE_NUMBER}`}; this pane takes the lowest free number, as screen does`);
		number = undefined;
	}
	if (number === undefined) {
		number = 0;
		while (used.has(number)) number++;
	}
	const command = argv.length ? shellJoin(argv) : undefined;
	const pane: NonNullable<ImportedConfig['panes']>[number] = {number, title: title ?? (argv[0] ? argv[0].slice(argv[0].lastIndexOf('/') + 1) : defaultTitle ?? 'shell')};
	if (command) pane.command = command;
	return pane;
}

/** bind KEY [screen command]: mapped when the command is one lvs-tui has an action for. */
function bindCommand(args: string[], line: number, bindings: Record<string, string | null>, selects: PendingSelect[], note: Note): void {
	if (args[0] === undefined || args[0].startsWith('-')) {
		note(line, 'unsupported', `bind ${args.join(' ')}: command classes and -k keys have no lvs-tui equivalent`);
		return;
	}
	const key = normalizeKeyName(args[0]);
	if (key === null) {
		note(line, 'unsupported', `bind ${args[0]}: not a key lvs-tui can bind (a character, ^X or a key name)`);
		return;
	}
	const [command, ...rest] = args.slice(1);
	if (command === undefined) {
		bindings[key] = null;
		return;
	}
	if (command === 'select') {
		if (rest.length === 0) bindings[key] = 'pane.prompt';
		else selects.push({line, target: rest[0], key});
		return;
	}
	if (command === 'screen' && rest.length === 0) {
		bindings[key] = 'pane.new';
		return;
	}
	const action = COMMAND_ACTIONS[command];
	if (action && isActionId(action)) {
		bindings[key] = action;
		if (rest.length && command !== 'windowlist') note(line, 'ignored', `bind ${args[0]} ${command}: arguments '${rest.join(' ')}' are not used by lvs-tui's ${action}`);
		return;
	}
	note(line, 'unsupported', `bind ${args[0]} ${command}: lvs-tui has no action for screen's '${command}'${command === 'eval' ? ' sequence' : ''}`);
}
