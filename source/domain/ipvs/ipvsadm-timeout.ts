// `ipvsadm -L --timeout`: "Timeout (tcp tcpfin udp): 900 120 300" (seconds).
import type {ParseIssue, Parsed} from './ipvs-model.js';

export interface IpvsTimeouts {
	tcp: number;
	tcpFin: number;
	udp: number;
}

export function parseIpvsadmTimeout(text: string): Parsed<IpvsTimeouts | null> {
	const issues: ParseIssue[] = [];
	let value: IpvsTimeouts | null = null;
	text.split('\n').forEach((raw, index) => {
		const line = raw.replace(/\r$/, '');
		if (!line.trim()) return;
		const m = /^Timeout \(tcp tcpfin udp\):\s+(\d+)\s+(\d+)\s+(\d+)\s*$/.exec(line);
		if (m) value = {tcp: Number(m[1]), tcpFin: Number(m[2]), udp: Number(m[3])};
		else issues.push({line, lineNumber: index + 1, reason: "expected 'Timeout (tcp tcpfin udp): N N N'"});
	});
	return {value, issues};
}
