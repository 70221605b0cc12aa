// Picks the parser by what the text looks like, so a host with only busybox ip or only net-tools
// still gives one model.
import {appError, fail, ok, type Result} from '../result.js';
import type {InterfaceListing} from './interface-model.js';
import {parseIfconfig} from './ifconfig-parser.js';
import {parseIpJsonAddr} from './ip-json-addr-parser.js';
import {parseIpOnelineAddr} from './ip-oneline-addr-parser.js';

export function parseInterfaceListing(text: string): Result<InterfaceListing> {
	const trimmed = text.trim();
	if (trimmed === '') return fail(appError('net.no-listing', 'neither `ip addr` nor `ifconfig` printed anything (is iproute2 or net-tools installed?)'));
	if (trimmed.startsWith('[')) {
		const r = parseIpJsonAddr(trimmed);
		return r.ok ? ok({source: 'ip-json', interfaces: r.value}) : r;
	}
	if (/^\d+:\s/.test(trimmed)) {
		const r = parseIpOnelineAddr(trimmed);
		return r.ok ? ok({source: 'ip-oneline', interfaces: r.value}) : r;
	}
	const r = parseIfconfig(trimmed);
	return r.ok ? ok({source: 'ifconfig', interfaces: r.value}) : r;
}
