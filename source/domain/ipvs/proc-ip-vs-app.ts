// /proc/net/ip_vs_app: registered application helpers ("TCP  21  0  ftp").
import {parseDecimal} from './ipvs-numbers.js';
import {words} from './ipvsadm-listing.js';
import type {ParseIssue, Parsed} from './ipvs-model.js';

export interface IpvsAppHelper {
	protocol: string;
	port: number;
	useCount: number;
	name: string;
}

export function parseProcIpVsApp(text: string): Parsed<IpvsAppHelper[]> {
	const value: IpvsAppHelper[] = [];
	const issues: ParseIssue[] = [];
	text.split('\n').forEach((raw, index) => {
		const line = raw.replace(/\r$/, '');
		const w = words(line);
		if (!w.length || w[0] === 'prot') return;
		const port = parseDecimal(w[1] ?? '');
		const use = parseDecimal(w[2] ?? '');
		if (w.length < 4 || port === null || use === null) {
			issues.push({line, lineNumber: index + 1, reason: 'expected protocol, port, use count and name'});
			return;
		}
		value.push({protocol: w[0], port, useCount: use, name: w[3]});
	});
	return {value, issues};
}
