// What bringing a VIP up or down means, decided from the director's current interfaces before
// anything runs: already in that state → say so and change nothing; otherwise the exact commands.
// Up: duplicate-address check (`arping -D`), `ip addr add`, gratuitous ARP (`arping -U`).
// Down: `ip addr del` with the prefix the address really has (a wrong prefix is "not found").
import {appError, fail, ok, type Result} from '../result.js';
import {shellJoin} from '../shell-quote.js';
import {findInterface, type NetInterface} from './interface-model.js';
import {sameAddress} from './ip-address.js';
import type {VipSpec} from './vip-spec.js';

export type VipDirection = 'up' | 'down';

export type VipStepPurpose = 'duplicate-check' | 'add' | 'announce' | 'delete';

export interface VipStep {
	purpose: VipStepPurpose;
	argv: string[];
	/** The exact command line run on the director (shown to the admin and written to the audit log). */
	command: string;
}

export interface VipPresence {
	/** The VIP is on its configured device. */
	up: boolean;
	deviceExists: boolean;
	/** Where the address was found (its device may differ from the configured one). */
	foundOn?: string;
	label?: string;
	prefix?: number;
}

export type VipPlan =
	| {kind: 'noop'; direction: VipDirection; message: string}
	| {kind: 'change'; direction: VipDirection; steps: VipStep[]; notes: string[]};

export interface DirectorFacts {
	interfaces: readonly NetInterface[];
	/** Path of arping on the director, when it is installed. */
	arping?: string;
}

export const NO_ARPING_NOTE = 'arping not installed on the director: no duplicate-address check and no gratuitous ARP sent';

export function vipPresence(spec: VipSpec, interfaces: readonly NetInterface[]): VipPresence {
	const deviceExists = findInterface(interfaces, spec.device) !== undefined;
	let elsewhere: VipPresence | undefined;
	for (const iface of interfaces) {
		for (const a of iface.addresses) {
			if (a.family !== spec.family || !sameAddress(a.address, spec.address)) continue;
			const found: VipPresence = {up: iface.name === spec.device, deviceExists, foundOn: iface.name, prefix: a.prefix};
			if (a.label) found.label = a.label;
			if (found.up) return found;
			elsewhere ??= found;
		}
	}
	return elsewhere ?? {up: false, deviceExists};
}

function step(purpose: VipStepPurpose, argv: string[]): VipStep {
	return {purpose, argv, command: shellJoin(argv)};
}

export function planVip(direction: VipDirection, spec: VipSpec, facts: DirectorFacts): Result<VipPlan> {
	const presence = vipPresence(spec, facts.interfaces);
	if (!presence.deviceExists) {
		const names = facts.interfaces.map(i => i.name).join(', ') || 'none';
		return fail(appError('vip.no-device', `device ${spec.device} does not exist on the director (it has: ${names}); nothing changed`));
	}
	const where = presence.label && presence.label !== presence.foundOn ? `${presence.foundOn} (label ${presence.label})` : presence.foundOn;
	if (direction === 'up') {
		if (presence.up) return ok({kind: 'noop', direction, message: `VIP ${spec.address} is already up on ${where}; nothing changed`});
		if (presence.foundOn) {
			return fail(appError('vip.elsewhere', `VIP ${spec.address} is already on ${where}, not ${spec.device}: remove it there first; nothing changed`));
		}
		const steps: VipStep[] = [];
		const notes: string[] = [];
		const ipv4 = spec.family === 'inet';
		if (ipv4 && facts.arping) steps.push(step('duplicate-check', ['arping', '-D', '-q', '-c', '2', '-w', '3', '-I', spec.device, spec.address]));
		const add = ['ip', 'addr', 'add', `${spec.address}/${spec.prefix}`, 'dev', spec.device];
		if (spec.label) add.push('label', spec.label);
		steps.push(step('add', add));
		if (ipv4 && facts.arping) steps.push(step('announce', ['arping', '-U', '-c', '3', '-I', spec.device, spec.address]));
		if (ipv4 && !facts.arping) notes.push(NO_ARPING_NOTE);
		if (!ipv4) notes.push('IPv6: the kernel runs duplicate address detection and announces the address itself');
		return ok({kind: 'change', direction, steps, notes});
	}
	if (!presence.up) {
		const also = presence.foundOn ? ` (it is on ${where}, which lvs-tui leaves alone)` : '';
		return ok({kind: 'noop', direction, message: `VIP ${spec.address} is already down on ${spec.device}${also}; nothing changed`});
	}
	const del = step('delete', ['ip', 'addr', 'del', `${spec.address}/${presence.prefix ?? spec.prefix}`, 'dev', spec.device]);
	return ok({kind: 'change', direction, steps: [del], notes: []});
}

/** Toggle means: down when it is up on its device, up otherwise. */
export function toggleDirection(spec: VipSpec, interfaces: readonly NetInterface[]): VipDirection {
	return vipPresence(spec, interfaces).up ? 'down' : 'up';
}
