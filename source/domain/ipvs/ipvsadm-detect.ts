// Which ipvsadm (or /proc) format a text is, from its header — so a pasted or captured output can
// be read without being told what produced it.
import {parseIpvsadmConnections} from './ipvsadm-connections.js';
import {parseIpvsadmDaemon} from './ipvsadm-daemon.js';
import {parseIpvsadmList} from './ipvsadm-list.js';
import {parseIpvsadmPersistentConn} from './ipvsadm-persistent-conn.js';
import {parseIpvsadmRate} from './ipvsadm-rate.js';
import {parseIpvsadmSave} from './ipvsadm-save.js';
import {parseIpvsadmStats} from './ipvsadm-stats.js';
import {parseIpvsadmThresholds} from './ipvsadm-thresholds.js';
import {parseIpvsadmTimeout} from './ipvsadm-timeout.js';
import {parseProcIpVs} from './proc-ip-vs.js';
import {parseProcIpVsConn} from './proc-ip-vs-conn.js';
import {parseProcIpVsStats} from './proc-ip-vs-stats.js';

export type IpvsFormat =
	| 'list'
	| 'stats'
	| 'rate'
	| 'thresholds'
	| 'persistent-conn'
	| 'connections'
	| 'save'
	| 'timeout'
	| 'daemon'
	| 'proc-ip-vs'
	| 'proc-ip-vs-stats'
	| 'proc-ip-vs-conn'
	| 'empty'
	| 'unknown';

export function detectIpvsFormat(text: string): IpvsFormat {
	const lines = text.split('\n').filter(l => l.trim());
	if (!lines.length) return 'empty';
	const first = lines[0].trim();
	if (first.startsWith('IPVS connection entries') || /^pro expire state/.test(first)) return 'connections';
	if (/^Pro FromIP/.test(first)) return 'proc-ip-vs-conn';
	if (/^Total Incoming/.test(first)) return 'proc-ip-vs-stats';
	if (/^Timeout \(/.test(first)) return 'timeout';
	if (/sync daemon/.test(first)) return 'daemon';
	if (/^-[Aa] /.test(first)) return 'save';
	const prot = lines.find(l => l.startsWith('Prot '));
	const remote = lines.find(l => /^\s*-> RemoteAddress/.test(l));
	if (!prot) return 'unknown';
	if (/\bConns\b/.test(prot)) return 'stats';
	if (/\bCPS\b/.test(prot)) return 'rate';
	if (/Uthreshold/.test(prot)) return 'thresholds';
	if (/PersistConn/.test(prot)) return 'persistent-conn';
	// /proc/net/ip_vs pads its header differently and prints hex: tell by the first data row.
	const data = lines.find(l => /^(TCP|UDP|SCTP|FWM) /.test(l));
	if (data && /^(TCP|UDP|SCTP)\s+([0-9A-F]{8}:[0-9A-F]{4}|\[[0-9a-f:]+\]:[0-9A-F]{4}) /.test(data)) return 'proc-ip-vs';
	if (data && /^FWM\s+[0-9A-F]{8} /.test(data)) return 'proc-ip-vs';
	if (!data && remote && /RemoteAddress:Port Forward/.test(remote)) return 'proc-ip-vs';
	return 'list';
}

/** Parse a text whose format is detected; the result names the format it read. */
export function parseIpvsAny(text: string) {
	const format = detectIpvsFormat(text);
	switch (format) {
		case 'list':
			return {format, ...parseIpvsadmList(text)};
		case 'stats':
			return {format, ...parseIpvsadmStats(text)};
		case 'rate':
			return {format, ...parseIpvsadmRate(text)};
		case 'thresholds':
			return {format, ...parseIpvsadmThresholds(text)};
		case 'persistent-conn':
			return {format, ...parseIpvsadmPersistentConn(text)};
		case 'connections':
			return {format, ...parseIpvsadmConnections(text)};
		case 'save':
			return {format, ...parseIpvsadmSave(text)};
		case 'timeout':
			return {format, ...parseIpvsadmTimeout(text)};
		case 'daemon':
			return {format, ...parseIpvsadmDaemon(text)};
		case 'proc-ip-vs':
			return {format, ...parseProcIpVs(text)};
		case 'proc-ip-vs-stats':
			return {format, ...parseProcIpVsStats(text)};
		case 'proc-ip-vs-conn':
			return {format, ...parseProcIpVsConn(text)};
		default:
			return {format, value: null, issues: text.trim() ? [{line: text.split('\n')[0], lineNumber: 1, reason: 'not an ipvsadm or /proc/net/ip_vs format lvs-tui knows'}] : []};
	}
}
