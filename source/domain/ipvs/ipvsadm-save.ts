// `ipvsadm -S -n` (ipvsadm-save): the rules as -A/-a command lines. Used to compare the running
// table with a rules file and to restore it. ipvsadm prints `--tun-type ipip` and `--tun-nocsum`
// even when they were not given.
import {parseEndpoint} from './ipvs-address.js';
import {parseDecimal} from './ipvs-numbers.js';
import {words} from './ipvsadm-listing.js';
import {endpointText, serviceKey, type IpvsForward, type IpvsProtocol, type IpvsRealServer, type IpvsService, type IpvsTable, type ParseIssue, type Parsed} from './ipvs-model.js';

const SERVICE_OPTION: Record<string, IpvsProtocol> = {
	'-t': 'tcp',
	'--tcp-service': 'tcp',
	'-u': 'udp',
	'--udp-service': 'udp',
	'--sctp-service': 'sctp',
	'-f': 'fwm',
	'--fwmark-service': 'fwm',
};
const FORWARD_OPTION: Record<string, IpvsForward> = {
	'-m': 'masq',
	'--masquerading': 'masq',
	'-g': 'route',
	'--gatewaying': 'route',
	'-i': 'tunnel',
	'--ipip': 'tunnel',
};
/** Options that take a value we keep only as text. */
const VALUE_OPTIONS = new Set(['--tun-type', '--tun-port', '-x', '--u-threshold', '-y', '--l-threshold', '--pe']);

function serviceFrom(protocol: IpvsProtocol, value: string, ipv6Fwmark: boolean): IpvsService | string {
	const s: IpvsService = {key: '', protocol, schedulerFlags: [], onePacket: false, realServers: []};
	if (protocol === 'fwm') {
		const mark = parseDecimal(value);
		if (mark === null) return `firewall mark '${value}' is not a number`;
		s.fwmark = mark;
		if (ipv6Fwmark) s.fwmarkIpv6 = true;
	} else {
		const address = parseEndpoint(value);
		if (!address) return `'${value}' is not an address:port`;
		s.address = address;
	}
	s.key = serviceKey(protocol, s.address, s.fwmark, s.fwmarkIpv6);
	return s;
}

export function parseIpvsadmSave(text: string): Parsed<IpvsTable> {
	const table: IpvsTable = {services: []};
	const byKey = new Map<string, IpvsService>();
	const issues: ParseIssue[] = [];
	text.split('\n').forEach((raw, index) => {
		const line = raw.replace(/\r$/, '');
		const w = words(line);
		if (!w.length || w[0].startsWith('#')) return;
		const issue = (reason: string) => issues.push({line, lineNumber: index + 1, reason});
		const verb = w[0];
		if (verb !== '-A' && verb !== '-a') return issue(`expected -A or -a, found '${verb}'`);
		const at = w.findIndex(x => x in SERVICE_OPTION);
		if (at < 0 || !w[at + 1]) return issue('no service (-t, -u, --sctp-service or -f) on the line');
		const svc = serviceFrom(SERVICE_OPTION[w[at]], w[at + 1], w.includes('-6'));
		if (typeof svc === 'string') return issue(svc);
		const unknown: string[] = [];
		if (verb === '-A') {
			for (let i = 1; i < w.length; i++) {
				const o = w[i];
				if (i === at) i++;
				else if (o === '-s' || o === '--scheduler') svc.scheduler = w[++i];
				else if (o === '-p' || o === '--persistent') svc.persistent = parseDecimal(w[++i] ?? '') ?? undefined;
				else if (o === '-M' || o === '--netmask') svc.netmask = w[++i];
				else if (o === '-b' || o === '--sched-flags') svc.schedulerFlags = (w[++i] ?? '').split(',').filter(Boolean);
				else if (o === '--pe') svc.persistenceEngine = w[++i];
				else if (o === '-o' || o === '--ops') svc.onePacket = true;
				else if (o === '-6') continue;
				else unknown.push(o);
			}
			if (unknown.length) issue(`unrecognised option(s): ${unknown.join(' ')}`);
			if (byKey.has(svc.key)) return issue(`service ${svc.key} defined twice`);
			byKey.set(svc.key, svc);
			table.services.push(svc);
			return;
		}
		const owner = byKey.get(svc.key);
		if (!owner) return issue(`real server for ${svc.key}, which no -A line defined`);
		const r = w.indexOf('-r') >= 0 ? w.indexOf('-r') : w.indexOf('--real-server');
		const address = r >= 0 ? parseEndpoint(w[r + 1] ?? '') : null;
		if (!address) return issue('no valid -r address:port');
		const server: IpvsRealServer = {key: endpointText(address), address};
		let tunType: string | undefined;
		let tunPort: string | undefined;
		let noCsum = false;
		for (let i = 1; i < w.length; i++) {
			const o = w[i];
			if (i === at || i === r) i++;
			else if (o in FORWARD_OPTION) server.forward = FORWARD_OPTION[o];
			else if (o === '-w' || o === '--weight') server.weight = parseDecimal(w[++i] ?? '') ?? undefined;
			else if (o === '-x' || o === '--u-threshold') server.upperThreshold = parseDecimal(w[++i] ?? '') ?? undefined;
			else if (o === '-y' || o === '--l-threshold') server.lowerThreshold = parseDecimal(w[++i] ?? '') ?? undefined;
			else if (o === '--tun-type') tunType = w[++i];
			else if (o === '--tun-port') tunPort = w[++i];
			else if (o === '--tun-nocsum') noCsum = true;
			else if (o === '-6') continue;
			else if (VALUE_OPTIONS.has(o)) i++;
			else unknown.push(o);
		}
		if (tunType) server.tunnelInfo = [tunType, tunPort, noCsum ? '-c' : undefined].filter(Boolean).join(':');
		if (unknown.length) issue(`unrecognised option(s): ${unknown.join(' ')}`);
		owner.realServers.push(server);
	});
	return {value: table, issues};
}
