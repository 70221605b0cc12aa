// Checks that need the whole config: unique host names, names that point at hosts, jump loops.

import type {HostConfig} from './cluster-config.js';
import type {NameRef} from './config-refs.js';
import {didYouMean} from './nearest-word.js';
import {report, type ReadContext} from './yaml-reader.js';
import {isIpAddress} from '../net/ip-address.js';

export function checkHostNames(ctx: ReadContext, hosts: readonly HostConfig[]): void {
	const seen = new Map<string, HostConfig>();
	for (const host of hosts) {
		if (!host.name) continue;
		const first = seen.get(host.name);
		if (first) {
			report(ctx, 'config.duplicate-host', host.line, `host name '${host.name}' is already used${first.line ? ` at line ${first.line}` : ''}; every host needs its own name`);
		} else seen.set(host.name, host);
	}
}

export function checkRefs(ctx: ReadContext, hosts: readonly HostConfig[], refs: readonly NameRef[]): void {
	const names = [...new Set(hosts.map(h => h.name).filter(Boolean))];
	for (const ref of refs) {
		if (names.includes(ref.name)) continue;
		const known = names.length ? `; configured hosts: ${names.join(', ')}` : '';
		if (ref.kind === 'service-server') {
			if (isIpAddress(ref.name)) continue;
			report(ctx, 'config.service-server', ref.line, `${ref.path}: '${ref.name}' names neither a configured host nor an IP address${didYouMean(ref.name, names)}${known}`);
		} else if (ref.kind === 'jump') {
			report(ctx, 'config.unknown-host', ref.line, `${ref.path}: '${ref.from}' jumps through '${ref.name}', which is not a configured host${didYouMean(ref.name, names)}${known}`);
		} else {
			report(ctx, 'config.unknown-host', ref.line, `${ref.path}: '${ref.name}' is not a configured host${didYouMean(ref.name, names)}${known}; use 'command' to run something locally`);
		}
	}
}

/** A -> B -> A can never connect; report each loop once, at the jump line of a host in it. */
export function checkJumpLoops(ctx: ReadContext, hosts: readonly HostConfig[], refs: readonly NameRef[]): void {
	const byName = new Map(hosts.map(h => [h.name, h]));
	const reported = new Set<string>();
	for (const start of hosts) {
		const path: string[] = [];
		let current: HostConfig | undefined = start;
		while (current && current.jump !== undefined && !path.includes(current.name)) {
			path.push(current.name);
			current = byName.get(current.jump);
		}
		if (!current || !path.includes(current.name)) continue;
		const loop = path.slice(path.indexOf(current.name));
		const key = [...loop].sort().join(' ');
		if (reported.has(key)) continue;
		reported.add(key);
		const jumpRef = refs.find(r => r.kind === 'jump' && r.from === loop[0]);
		report(ctx, 'config.jump-loop', jumpRef?.line ?? byName.get(loop[0])?.line, `jump loop: ${[...loop, loop[0]].join(' -> ')}; one of these hosts must be reachable without 'jump'`);
	}
}
