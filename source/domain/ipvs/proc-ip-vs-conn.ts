// /proc/net/ip_vs_conn: hex IPv4 addresses and hex ports, IPv6 in full colon form, expiry in
// seconds, optional persistence-engine name and data.
import {parseProcConnAddress} from './ipvs-address.js';
import {parseDecimal} from './ipvs-numbers.js';
import {isTemplateState} from './ipvsadm-connections.js';
import {words} from './ipvsadm-listing.js';
import type {Endpoint, IpvsConnection, ParseIssue, Parsed} from './ipvs-model.js';

function endpoint(addr: string, port: string): Endpoint | null {
	const a = parseProcConnAddress(addr);
	if (!a || !/^[0-9A-Fa-f]{4}$/.test(port)) return null;
	return {host: a.host, port: parseInt(port, 16), family: a.family};
}

export function parseProcIpVsConn(text: string): Parsed<IpvsConnection[]> {
	const value: IpvsConnection[] = [];
	const issues: ParseIssue[] = [];
	text.split('\n').forEach((raw, index) => {
		const line = raw.replace(/\r$/, '');
		const w = words(line);
		if (!w.length || w[0] === 'Pro') return;
		const issue = (reason: string) => issues.push({line, lineNumber: index + 1, reason});
		if (w.length < 9) return issue(`expected at least 9 columns, found ${w.length}`);
		const source = endpoint(w[1], w[2]);
		const virtual = endpoint(w[3], w[4]);
		const destination = endpoint(w[5], w[6]);
		if (!source || !virtual || !destination) return issue('addresses and ports must be hex');
		const expires = parseDecimal(w[8]);
		if (expires === null) return issue(`expires '${w[8]}' is not a number`);
		const c: IpvsConnection = {protocol: w[0], expiresSeconds: expires, state: w[7], source, virtual, destination, template: isTemplateState(w[7])};
		if (w[9]) c.peName = w[9];
		if (w[10]) c.peData = w.slice(10).join(' ');
		value.push(c);
	});
	return {value, issues};
}
