// `ipvsadm -L --daemon`: the connection-sync daemons, e.g.
// "master sync daemon (mcast=eth0, syncid=1)"; empty output when none runs.
import type {ParseIssue, Parsed} from './ipvs-model.js';

export interface IpvsSyncDaemon {
	role: 'master' | 'backup';
	/** mcast (the interface), syncid, maxlen, group, port, ttl — as printed. */
	settings: Record<string, string>;
}

export function parseIpvsadmDaemon(text: string): Parsed<IpvsSyncDaemon[]> {
	const value: IpvsSyncDaemon[] = [];
	const issues: ParseIssue[] = [];
	text.split('\n').forEach((raw, index) => {
		const line = raw.replace(/\r$/, '');
		if (!line.trim()) return;
		const m = /^(master|backup) sync daemon \((.*)\)\s*$/.exec(line);
		if (!m) {
			issues.push({line, lineNumber: index + 1, reason: "expected 'master|backup sync daemon (…)'"});
			return;
		}
		const settings: Record<string, string> = {};
		for (const part of m[2].split(',')) {
			const [k, ...v] = part.trim().split('=');
			if (k) settings[k] = v.join('=');
		}
		value.push({role: m[1] as 'master' | 'backup', settings});
	});
	return {value, issues};
}
