// `ipvsadm -Lnc [--persistent-conn]`: the connection table. Persistence templates show state NONE
// (or ASSURED) with source port 0; with a persistence engine (sip) two more columns follow.
import {parseEndpoint} from './ipvs-address.js';
import {parseMinutesSeconds} from './ipvs-numbers.js';
import {words} from './ipvsadm-listing.js';
import type {IpvsConnection, ParseIssue, Parsed} from './ipvs-model.js';

export function isTemplateState(state: string): boolean {
	return state === 'NONE' || state === 'ASSURED';
}

export function parseIpvsadmConnections(text: string): Parsed<IpvsConnection[]> {
	const value: IpvsConnection[] = [];
	const issues: ParseIssue[] = [];
	text.split('\n').forEach((raw, index) => {
		const line = raw.replace(/\r$/, '');
		const w = words(line);
		if (!w.length || line.startsWith('IPVS connection entries') || w[0] === 'pro') return;
		const issue = (reason: string) => issues.push({line, lineNumber: index + 1, reason});
		if (w.length < 6) return issue(`expected at least 6 columns, found ${w.length}`);
		const expires = parseMinutesSeconds(w[1]);
		if (expires === null) return issue(`expire '${w[1]}' is not mm:ss`);
		const [source, virtual, destination] = [w[3], w[4], w[5]].map(t => parseEndpoint(t));
		if (!source || !virtual || !destination) return issue('source, virtual and destination must be address:port');
		const c: IpvsConnection = {
			protocol: w[0],
			expiresSeconds: expires,
			state: w[2],
			source,
			virtual,
			destination,
			template: isTemplateState(w[2]),
		};
		if (w[6]) c.peName = w[6];
		if (w[7]) c.peData = w.slice(7).join(' ');
		value.push(c);
	});
	return {value, issues};
}
