// Every action a key can trigger, with the words the help overlay shows. Config `keys.bindings`
// may only name these ids; the default bindings are screen's.

export const ACTIONS = {
	'pane.select.0': 'switch to pane 0',
	'pane.select.1': 'switch to pane 1',
	'pane.select.2': 'switch to pane 2',
	'pane.select.3': 'switch to pane 3',
	'pane.select.4': 'switch to pane 4',
	'pane.select.5': 'switch to pane 5',
	'pane.select.6': 'switch to pane 6',
	'pane.select.7': 'switch to pane 7',
	'pane.select.8': 'switch to pane 8',
	'pane.select.9': 'switch to pane 9',
	'pane.next': 'next pane',
	'pane.prev': 'previous pane',
	'pane.last': 'the pane you were on before',
	'pane.list': 'list panes to pick from',
	'pane.prompt': 'select a pane by number or title',
	'pane.new': 'new local shell pane',
	'pane.rename': 'rename this pane',
	'pane.kill': 'kill this pane (asks first)',
	'pane.restart': 'restart an exited pane / reconnect now',
	'prefix.literal': 'send the prefix key itself to the pane',
	'focus.toggle': 'move focus between the pane and the side panel',
	'sidepanel.toggle': 'show or hide the side panel',
	'ipvs.overlay': 'full IPVS table',
	'vip.toggle': 'bring the VIP up or down',
	'wizard.menu': 'wizards (kernel IPVS, kickstart, DHCP, add node)',
	'node.add': 'add a node to the cluster',
	'session.detach': 'detach (the session keeps running)',
	'screen.redraw': 'redraw the screen',
	'pane.scrollback': "scroll back through this pane's history (Esc or q leaves)",
	help: 'this help',
	'app.quit': 'quit lvs-tui (asks first)',
} as const;

export type ActionId = keyof typeof ACTIONS;

export function isActionId(value: string): value is ActionId {
	return Object.prototype.hasOwnProperty.call(ACTIONS, value);
}

/**
 * Key names used after the prefix and in config: a printable character as itself ('n', '"'),
 * control keys as '^A', and the names below for the rest.
 */
export const NAMED_KEYS = ['space', 'tab', 'enter', 'escape', 'backspace', 'up', 'down', 'left', 'right', 'home', 'end', 'pgup', 'pgdn', 'insert', 'delete', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'f12'] as const;

/** screen's defaults, plus lvs-tui's own (i, v, W, +, |, r). */
export const DEFAULT_PREFIX_BINDINGS: Readonly<Record<string, ActionId>> = {
	'0': 'pane.select.0',
	'1': 'pane.select.1',
	'2': 'pane.select.2',
	'3': 'pane.select.3',
	'4': 'pane.select.4',
	'5': 'pane.select.5',
	'6': 'pane.select.6',
	'7': 'pane.select.7',
	'8': 'pane.select.8',
	'9': 'pane.select.9',
	n: 'pane.next',
	space: 'pane.next',
	'^N': 'pane.next',
	p: 'pane.prev',
	backspace: 'pane.prev',
	'^P': 'pane.prev',
	'^A': 'pane.last',
	'"': 'pane.list',
	"'": 'pane.prompt',
	c: 'pane.new',
	'^C': 'pane.new',
	A: 'pane.rename',
	k: 'pane.kill',
	'^K': 'pane.kill',
	r: 'pane.restart',
	a: 'prefix.literal',
	tab: 'focus.toggle',
	'|': 'sidepanel.toggle',
	i: 'ipvs.overlay',
	v: 'vip.toggle',
	W: 'wizard.menu',
	'+': 'node.add',
	d: 'session.detach',
	'^D': 'session.detach',
	'[': 'pane.scrollback',
	l: 'screen.redraw',
	'^L': 'screen.redraw',
	'?': 'help',
	q: 'app.quit',
	'\\': 'app.quit',
};

/** Keys that act without the prefix. Only F-keys, so a pane's program never loses a normal key. */
export const DEFAULT_DIRECT_BINDINGS: Readonly<Record<string, ActionId>> = {
	f2: 'vip.toggle',
};
