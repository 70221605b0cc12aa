// What the IPVS panel says, as plain lines with a theme role each, fitted to the width it has:
// ~30–40 columns in the side panel (name, weight, connections, CPS, sparkline as room allows), the
// full set at 80 columns in the C-a i overlay. Pure: the component only draws these.
import type {ThemeRole} from '../../domain/theme/theme.js';
import {formatError} from '../../domain/result.js';
import {formatCompact} from '../../domain/ipvs/ipvs-numbers.js';
import type {IpvsForward, IpvsService} from '../../domain/ipvs/ipvs-model.js';
import type {IpvsRow, SortColumn} from '../../domain/ipvs/ipvs-rows.js';
import {drainProgress, historyOf, selectRowWindow, type DirectorIpvs, type IpvsData} from '../../store/ipvs-slice.js';

export interface PanelLine {
	text: string;
	role: ThemeRole;
}

export interface IpvsLinesOptions {
	width: number;
	height: number;
	now: number;
	focused: boolean;
	ascii: boolean;
	/** The key that opens the kernel wizard, for the no-IPVS hint. */
	wizardKey?: string;
	/** Started with --read-only: say so, since every action key will refuse. */
	readOnly?: boolean;
}

const SPARK = '▁▂▃▄▅▆▇█';
const SPARK_ASCII = '_.-=+*#@';

export function sparkline(values: readonly number[], width: number, ascii = false): string {
	const chars = ascii ? SPARK_ASCII : SPARK;
	const v = values.slice(-width);
	const max = Math.max(...v, 0);
	const line = v.map(x => (max <= 0 ? chars[0] : chars[Math.min(chars.length - 1, Math.round((x / max) * (chars.length - 1)))])).join('');
	return line.padStart(width, ' ');
}

function age(since: number | undefined, now: number): string {
	if (since === undefined) return '?';
	const s = Math.max(0, Math.round((now - since) / 1000));
	return s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : `${Math.round(s / 3600)}h`;
}

const FORWARD: Record<IpvsForward, string> = {masq: 'Masq', route: 'Route', tunnel: 'Tunnel', local: 'Local', bypass: 'Bypass'};

interface Column {
	id: SortColumn | 'forward' | 'spark';
	title: string;
	width: number;
}

/** Columns after the name, in the order they are given up when the panel is narrow. */
const OPTIONAL: Column[] = [
	{id: 'weight', title: 'Wgt', width: 5},
	{id: 'active', title: 'Act', width: 5},
	{id: 'cps', title: 'CPS', width: 5},
	{id: 'inactive', title: 'InAct', width: 6},
	{id: 'forward', title: 'Fwd', width: 7},
	{id: 'spark', title: 'CPS history', width: 12},
	{id: 'inBps', title: 'In B/s', width: 7},
	{id: 'outBps', title: 'Out B/s', width: 8},
];
const MIN_NAME = 9;

export function chooseColumns(width: number): {name: number; columns: Column[]} {
	const columns: Column[] = [];
	let used = 2 + MIN_NAME;
	for (const c of OPTIONAL) {
		if (used + c.width > width) break;
		columns.push(c);
		used += c.width;
	}
	// Keep the screen order natural: Fwd before the numbers when it fits.
	const order: Array<Column['id']> = ['forward', 'weight', 'active', 'inactive', 'cps', 'inBps', 'outBps', 'spark'];
	columns.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
	return {name: width - used + MIN_NAME, columns};
}

function fit(text: string, width: number): string {
	if (width <= 0) return '';
	if (text.length <= width) return text.padEnd(width);
	return text.slice(0, Math.max(0, width - 1)) + '…';
}

/** Keep the distinctive end of an address: "…0.2.32:80" rather than "10.0.2.3…". */
function fitTail(text: string, width: number): string {
	if (text.length <= width) return text.padEnd(width);
	return '…' + text.slice(text.length - width + 1);
}

/** A server's label for a narrow column: its name, else its address (port dropped when it is the service's). */
function serverLabel(row: Extract<IpvsRow, {kind: 'server'}>, width: number): string {
	if (row.name) return fit(row.name, width);
	if (row.label.length <= width) return row.label.padEnd(width);
	const samePort = row.service.address && row.server.address.port === row.service.address.port;
	const text = samePort ? row.server.address.host : row.label;
	return fitTail(text, width);
}

const right = (text: string, width: number) => (text.length >= width ? text.slice(0, width) : text.padStart(width));

function serviceDetails(s: IpvsService): string {
	const parts = [s.scheduler ?? '?'];
	if (s.schedulerFlags.length) parts.push(`(${s.schedulerFlags.join(',')})`);
	if (s.persistent) parts.push(`p${s.persistent}`);
	if (s.netmask) parts.push(`/${s.netmask}`);
	if (s.persistenceEngine) parts.push(`pe ${s.persistenceEngine}`);
	if (s.onePacket) parts.push('ops');
	return parts.join(' ');
}

function serverCells(row: Extract<IpvsRow, {kind: 'server'}>, columns: Column[], history: readonly number[], ascii: boolean): string {
	const r = row.server;
	return columns
		.map(c => {
			switch (c.id) {
				case 'forward':
					return ' ' + fit(r.forward ? FORWARD[r.forward] : '?', c.width - 1);
				case 'weight':
					return right(String(r.weight ?? '?'), c.width);
				case 'active':
					return right(r.activeConns === undefined ? '?' : formatCompact(r.activeConns), c.width);
				case 'inactive':
					return right(r.inactiveConns === undefined ? '?' : formatCompact(r.inactiveConns), c.width);
				case 'cps':
					return right(r.rates ? formatCompact(r.rates.cps) : '-', c.width);
				case 'inBps':
					return right(r.rates ? formatCompact(r.rates.inBps) : '-', c.width);
				case 'outBps':
					return right(r.rates ? formatCompact(r.rates.outBps) : '-', c.width);
				case 'spark':
					return ' ' + sparkline(history, c.width - 1, ascii);
				default:
					return '';
			}
		})
		.join('');
}

function statusLines(d: DirectorIpvs | undefined, host: string, o: IpvsLinesOptions): PanelLine[] {
	if (!d || d.status === 'loading') return [{text: `${host}: reading the IPVS table…`, role: 'text.muted'}];
	if (d.status === 'no-ipvs') {
		return [
			{text: `${host}: no IPVS in this kernel — see the kernel wizard (${o.wizardKey ?? 'C-a W'})`, role: 'status.error'},
			...(d.error?.detail ?? d.error?.message ?? '').split('\n').filter(Boolean).map(text => ({text, role: 'text.muted' as ThemeRole})),
		];
	}
	if (d.status === 'error') return [{text: `${host}: cannot read the IPVS table: ${d.error ? formatError({...d.error, where: undefined}).split('\n')[0] : '?'}`, role: 'status.error'}];
	const n = d.table?.services.length ?? 0;
	const head: PanelLine = {text: `${host}: ${n} service${n === 1 ? '' : 's'}${o.readOnly ? ' · read-only' : ''}`, role: 'panel.title'};
	if (d.status === 'stale') {
		return [head, {text: `STALE ${age(d.updatedAt, o.now)} old — ${d.error?.message ?? 'poll failed'} (retrying)`, role: 'status.warning'}];
	}
	return [head];
}

/** Text lines for the prompt, confirm, drain watch and last action — what sits under the table. */
function footerLines(data: IpvsData, o: IpvsLinesOptions): PanelLine[] {
	const out: PanelLine[] = [];
	const wrap = (text: string, role: ThemeRole) => {
		for (let i = 0; i < text.length || i === 0; i += o.width) out.push({text: text.slice(i, i + o.width), role});
	};
	const v = data.view;
	if (v.confirm) {
		wrap(`${v.confirm.plan.summary}?`, 'dialog.title');
		wrap(`$ ${v.confirm.plan.command}`, 'accent');
		for (const w of v.confirm.plan.warnings) wrap(`! ${w}`, 'status.warning');
		wrap('y runs it on ' + v.confirm.host + ', any other key cancels', 'help.key');
		return out;
	}
	if (v.prompt) {
		wrap(`${v.prompt.label}:`, 'dialog.title');
		wrap(`> ${v.prompt.text}_`, 'text.primary');
		if (v.prompt.error) wrap(v.prompt.error, 'status.error');
		else wrap(v.prompt.hint, 'text.muted');
		return out;
	}
	const drain = drainProgress(data);
	if (drain && data.drain) {
		const who = data.names[data.drain.serverKey.replace(/^\[?(.*?)\]?:\d+$/, '$1')] ?? data.drain.serverKey;
		if (drain.gone) wrap(`${who} is no longer in the table (drain watch ended; Esc)`, 'text.muted');
		else if (drain.empty) wrap(`${who} drained: no connections left — x removes, R restores${data.drain.restoreWeight !== undefined ? ` weight ${data.drain.restoreWeight}` : ''}, Esc`, 'status.ok');
		else {
			wrap(`draining ${who}: ${drain.active} active, ${drain.inactive} inactive — waiting (x removes now, R restores)`, 'status.warning');
			const svc = data.directors[data.drain.host]?.table?.services.find(x => x.key === data.drain!.serviceKey);
			if (svc?.persistent) wrap(`persistent ${svc.persistent} s: known clients keep coming until their templates expire`, 'text.muted');
		}
	}
	const a = data.lastAction;
	// A finished change is news for a while, not for the rest of the day: 'set weight … done' sat
	// under the table for hours. Failures and refusals stay until the next action.
	const stale = a?.state === 'done' && o.now - a.at > DONE_MESSAGE_MS;
	if (a && !stale) {
		const role: ThemeRole = a.state === 'done' ? 'status.ok' : a.state === 'running' ? 'text.muted' : 'status.error';
		wrap(a.message, role);
		if (a.state === 'failed' && a.output && a.output.split('\n')[0] !== a.message) for (const line of a.output.split('\n').slice(0, 3)) wrap(line, 'status.error');
	}
	if (v.filterEditing || v.filter) wrap(`/${v.filter}${v.filterEditing ? '_' : ''}`, 'accent');
	return out;
}

/** How long a successful action's message stays under the table. */
export const DONE_MESSAGE_MS = 30_000;

export function ipvsPanelLines(data: IpvsData, o: IpvsLinesOptions): PanelLine[] {
	const host = data.view.director;
	const d = data.directors[host];
	const head = statusLines(d, host, o);
	if (!d?.table) return [...head, ...footerLines(data, o)].slice(0, o.height);
	const {name, columns} = chooseColumns(o.width);
	const sort = data.view.sort;
	const mark = (id: Column['id']) => (id === sort.column ? (sort.descending ? '↓' : '↑') : '');
	const header: PanelLine = {
		text: fit(' ' + ' ' + 'Service / server' + mark('address'), name + 2) + columns.map(c => (c.id === 'forward' || c.id === 'spark' ? ' ' + fit(c.title + mark(c.id), c.width - 1) : right(c.title + mark(c.id), c.width))).join(''),
		role: 'text.muted',
	};
	const issues: PanelLine[] = d.issues.length
		? [{text: `${d.issues.length} unreadable line${d.issues.length === 1 ? '' : 's'}: line ${d.issues[0].lineNumber}: ${d.issues[0].reason}`, role: 'status.warning'}]
		: [];
	const footer = footerLines(data, o);
	const room = Math.max(1, o.height - head.length - 1 - issues.length - footer.length);
	// Only the rows on screen are built (a large table has thousands).
	const {rows, start, cursorIndex, total} = selectRowWindow(data, host, room);
	const body: PanelLine[] = rows.map((row, i) => {
		const selected = start + i === cursorIndex;
		const pointer = selected ? (o.ascii ? '>' : '›') : ' ';
		if (row.kind === 'service') {
			const text = `${pointer}${row.label} ${serviceDetails(row.service)}`;
			return {text: fit(text, o.width), role: selected && o.focused ? 'panel.selected' : 'accent'};
		}
		const history = columns.some(c => c.id === 'spark') ? historyOf(d, row.key) : [];
		const text = `${pointer} ${serverLabel(row, name)}${serverCells(row, columns, history, o.ascii)}`;
		const role: ThemeRole = selected && o.focused ? 'panel.selected' : row.server.weight === 0 ? 'text.muted' : 'text.primary';
		return {text: fit(text, o.width), role};
	});
	if (!total) body.push({text: data.view.filter ? `nothing matches /${data.view.filter}` : 'no virtual services (N adds one)', role: 'text.muted'});
	const stale = d.status === 'stale';
	return [...head, header, ...body.map(l => (stale && l.role === 'text.primary' ? {...l, role: 'text.muted' as ThemeRole} : l)), ...issues, ...footer].slice(0, o.height);
}
