// What the interfaces panel says, as plain lines with a theme role each, fitted to a narrow side
// panel (~32 columns): host state, each VIP up/down, the DIP, warnings, the last VIP action, then
// every interface with its link state, MAC and addresses (VIP and DIP marked).
import type {ThemeRole} from '../../domain/theme/theme.js';
import {linkStateWord} from '../../domain/net/interface-model.js';
import {sameAddress} from '../../domain/net/ip-address.js';
import {formatError} from '../../domain/result.js';
import {vipStates, type HostInterfaces, type InterfacesData} from '../../store/interfaces-slice.js';

export interface PanelLine {
	text: string;
	role: ThemeRole;
}

function ago(updatedAt: number | undefined, now: number): string {
	if (updatedAt === undefined) return '';
	const s = Math.max(0, Math.round((now - updatedAt) / 1000));
	return s < 60 ? `${s}s ago` : `${Math.round(s / 60)}m ago`;
}

function hostLine(h: HostInterfaces, now: number): PanelLine {
	switch (h.status) {
		case 'loading':
			return {text: `${h.host}: reading…`, role: 'text.muted'};
		case 'ok':
			return {text: `${h.host}`, role: 'text.primary'};
		case 'stale':
			return {text: `${h.host}: stale (${ago(h.updatedAt, now)})`, role: 'status.warning'};
		case 'error':
			return {text: `${h.host}: no data`, role: 'status.error'};
	}
}

/** Split text into lines of at most `width` characters, on spaces where possible. */
export function wrapText(text: string, width: number, indent = ''): string[] {
	const out: string[] = [];
	// Leading spaces are layout (address lines under their interface): keep them.
	let line = /^ */.exec(text)![0];
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const candidate = line.trim() === '' ? line + word : `${line} ${word}`;
		if (candidate.length <= width) {
			line = candidate;
			continue;
		}
		if (line.trim() !== '') out.push(line);
		let rest = (out.length > 0 ? indent : '') + word;
		while (rest.length > width) {
			out.push(rest.slice(0, width));
			rest = indent + rest.slice(width);
		}
		line = rest;
	}
	if (line.trim() !== '') out.push(line);
	return out.length > 0 ? out : [''];
}

export function interfacesPanelLines(data: InterfacesData, width: number, now: number): PanelLine[] {
	const lines: PanelLine[] = [];
	const push = (text: string, role: ThemeRole, indent = '  ') => {
		for (const part of wrapText(text, width, indent)) lines.push({text: part, role});
	};
	const director = data.director;
	lines.push(hostLine(director, now));
	if (director.error && director.status !== 'ok') push(formatError({...director.error, where: undefined}), 'status.error');

	const vipAddresses = data.vips.flatMap(v => (v.spec ? [v.spec.address] : []));
	for (const {entry, state} of vipStates(data)) {
		if (state === 'invalid') {
			push(`VIP ${entry.error ?? entry.address}`, 'status.error');
			continue;
		}
		const spec = entry.spec!;
		const where = spec.label ?? spec.device;
		const word = state === 'up' ? 'UP' : state === 'down' ? 'DOWN' : '?';
		push(`VIP ${spec.address} ${where} ${word}`, state === 'up' ? 'vip.up' : state === 'down' ? 'vip.down' : 'text.muted');
	}
	if (data.dip) {
		const facts = director.facts;
		const present = facts?.listing.interfaces.some(i => i.addresses.some(a => sameAddress(a.address, data.dip!.address)));
		push(`DIP ${data.dip.address} ${data.dip.device}${facts && !present ? ' MISSING' : ''}`, facts && !present ? 'status.error' : 'accent');
	}
	for (const w of data.warnings) push(`! ${w.host === data.directorName ? '' : `${w.host}: `}${w.message}`, 'status.warning');
	for (const rs of Object.values(data.realServers)) {
		if (rs.status === 'stale' || rs.status === 'error') push(`! ${rs.host}: ${rs.error?.message ?? 'no data'}`, 'status.warning');
	}

	const action = data.lastAction;
	if (action) {
		const role: ThemeRole = action.state === 'done' || action.state === 'unchanged' ? 'status.ok' : action.state === 'running' ? 'accent' : 'status.error';
		push(action.message, role);
		for (const step of action.steps) {
			push(`$ ${step.command}${step.exitCode === 0 ? '' : ` → exit ${step.exitCode ?? 'killed'}`}`, 'text.muted');
			if (step.exitCode !== 0 && step.output.trim() !== '') push(step.output.trim().split('\n')[0], 'status.error');
		}
		for (const note of action.notes) push(note, 'status.warning');
	}

	for (const iface of director.facts?.listing.interfaces ?? []) {
		const state = linkStateWord(iface);
		push(`${iface.name} ${state}${iface.mac ? ` ${iface.mac}` : ''}`, state === 'up' ? 'text.primary' : 'status.warning');
		for (const a of iface.addresses) {
			// Link-local IPv6 says nothing an LVS admin acts on; it would crowd a narrow panel.
			if (a.family === 'inet6' && a.scope === 'link') continue;
			const marks = [
				a.label && a.label !== iface.name ? a.label : '',
				vipAddresses.some(v => sameAddress(v, a.address)) ? 'VIP' : '',
				data.dip && sameAddress(data.dip.address, a.address) ? 'DIP' : '',
				a.secondary ? 'sec' : '',
			].filter(Boolean);
			const isVip = marks.includes('VIP');
			push(` ${a.address}/${a.prefix}${marks.length ? ' ' + marks.join(' ') : ''}`, isVip ? 'vip.up' : 'text.primary', '   ');
		}
	}
	if (director.facts && director.facts.listing.source !== 'ip-json') {
		push(`(read with ${director.facts.listing.source === 'ifconfig' ? 'ifconfig' : 'ip -o'})`, 'text.muted');
	}
	return lines;
}
