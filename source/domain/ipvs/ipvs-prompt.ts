// The one-line inputs the panel asks for (w, a, N, E), read into planner arguments. Anything that
// does not fit is refused with what was expected; the planner then validates the values.
import {appError, fail, ok, type Result} from '../result.js';
import {parseEndpoint} from './ipvs-address.js';
import type {IpvsForward} from './ipvs-model.js';
import type {ServerTarget, ServiceSettings, ServiceTarget} from './ipvs-plan.js';
import {isIpAddress} from '../net/ip-address.js';

const bad = (message: string) => fail(appError('ipvs.input', message));

export function parseWeightInput(text: string): Result<number> {
	const t = text.trim();
	if (!/^\d+$/.test(t)) return bad(`weight '${t}' is not a whole number (0–65535)`);
	return ok(Number(t));
}

const FORWARD_WORDS: Record<string, IpvsForward> = {m: 'masq', masq: 'masq', nat: 'masq', g: 'route', route: 'route', dr: 'route', i: 'tunnel', tunnel: 'tunnel', tun: 'tunnel', ipip: 'tunnel'};

function readServer(word: string): ServerTarget | null {
	const e = parseEndpoint(word);
	if (e && typeof e.port === 'number') return {address: e.host, port: e.port};
	const bare = word.replace(/^\[|\]$/g, '');
	return isIpAddress(bare) ? {address: bare} : null;
}

export const ADD_SERVER_HINT = 'ADDRESS:PORT [m|g|i] [WEIGHT]   e.g. 10.0.2.23:80 m 1';

/** "10.0.2.23:80 m 2", "[fd00::5]:80 route", "10.0.2.24" (fwmark). */
export function parseAddServerInput(text: string, defaultForward: IpvsForward = 'masq'): Result<{server: ServerTarget; forward: IpvsForward; weight: number}> {
	const w = text.trim().split(/\s+/).filter(Boolean);
	if (!w.length) return bad(`expected ${ADD_SERVER_HINT}`);
	const server = readServer(w[0]);
	if (!server) return bad(`'${w[0]}' is not ADDRESS:PORT (IPv6 as [ADDRESS]:PORT)`);
	let forward = defaultForward;
	let weight = 1;
	for (const word of w.slice(1)) {
		if (FORWARD_WORDS[word.toLowerCase()]) forward = FORWARD_WORDS[word.toLowerCase()];
		else if (/^\d+$/.test(word)) weight = Number(word);
		else return bad(`'${word}' is neither a forward method (m, g, i) nor a weight`);
	}
	return ok({server, forward, weight});
}

export const SERVICE_HINT = 'PROTO VIP:PORT SCHED [-p SECONDS] [-M MASK] [-b FLAGS]   e.g. tcp 10.0.2.100:80 wlc -p 300  (or: fwm MARK SCHED)';
export const SERVICE_SETTINGS_HINT = 'SCHED [-p SECONDS] [-M MASK] [-b FLAGS]   e.g. wlc -p 300';

export function parseServiceSettingsInput(words: string[]): Result<ServiceSettings> {
	if (!words[0] || words[0].startsWith('-')) return bad(`expected ${SERVICE_SETTINGS_HINT}`);
	const settings: ServiceSettings = {scheduler: words[0]};
	for (let i = 1; i < words.length; i++) {
		const o = words[i];
		const v = words[i + 1];
		if ((o === '-p' || o === 'persistent') && v && /^\d+$/.test(v)) settings.persistent = Number(words[++i]);
		else if ((o === '-M' || o === 'mask') && v) settings.netmask = words[++i];
		else if ((o === '-b' || o === 'flags') && v) settings.schedulerFlags = words[++i].split(',').filter(Boolean);
		else return bad(`'${o}' is not understood here; expected ${SERVICE_SETTINGS_HINT}`);
	}
	return ok(settings);
}

/** "tcp 10.0.2.100:80 wlc -p 300", "udp [fd00::1]:53 rr", "fwm 1 rr". */
export function parseServiceInput(text: string): Result<{service: ServiceTarget; settings: ServiceSettings}> {
	const w = text.trim().split(/\s+/).filter(Boolean);
	const proto = (w[0] ?? '').toLowerCase();
	if (!['tcp', 'udp', 'sctp', 'fwm'].includes(proto) || !w[1]) return bad(`expected ${SERVICE_HINT}`);
	let service: ServiceTarget;
	if (proto === 'fwm') {
		if (!/^\d+$/.test(w[1])) return bad(`firewall mark '${w[1]}' is not a number`);
		service = {protocol: 'fwm', fwmark: Number(w[1])};
	} else {
		const e = parseEndpoint(w[1]);
		if (!e || typeof e.port !== 'number') return bad(`'${w[1]}' is not VIP:PORT (IPv6 as [VIP]:PORT)`);
		service = {protocol: proto as ServiceTarget['protocol'], address: e.host, port: e.port};
	}
	const settings = parseServiceSettingsInput(w.slice(2));
	if (!settings.ok) return settings;
	return ok({service, settings: settings.value});
}
