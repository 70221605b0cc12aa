import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {validateVip, vipFromConfigureLvs, validateDeviceName, type VipSpec} from '../../source/domain/net/vip-spec.js';
import {planVip, toggleDirection, vipPresence, NO_ARPING_NOTE} from '../../source/domain/net/vip-plan.js';
import {parseIpJsonAddr} from '../../source/domain/net/ip-json-addr-parser.js';
import {canonicalAddress, isIpv6, sameAddress} from '../../source/domain/net/ip-address.js';
import {fixture} from './fixtures.js';

function value<T>(r: {ok: true; value: T} | {ok: false; error: {message: string}}): T {
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
}
function errorOf(r: {ok: boolean; error?: {code: string; message: string}}): {code: string; message: string} {
	if (r.ok || !r.error) throw new Error('expected a failure');
	return r.error;
}

// A director namespace with 10.77.0.50/32 as eth0:50 (real capture).
const director = value(parseIpJsonAddr(fixture('netns-director-ip-j-addr.json')));
const vip50: VipSpec = value(validateVip({address: '10.77.0.50', device: 'eth0', label: 'eth0:50'}));
const vip60: VipSpec = value(validateVip({address: '10.77.0.60', device: 'eth0', label: 'eth0:60'}));

describe('VIP validation (refused before anything runs)', () => {
	it('accepts IPv4 and IPv6 with the default host prefix', () => {
		expect(vip50).toEqual({address: '10.77.0.50', family: 'inet', device: 'eth0', label: 'eth0:50', prefix: 32});
		expect(value(validateVip({address: '2001:DB8:0::50', device: 'eth0'}))).toEqual({address: '2001:db8::50', family: 'inet6', device: 'eth0', prefix: 128});
	});

	it('refuses what is not an address, with the value in the message', () => {
		for (const bad of ['10.77.0.256', '10.77.0', 'lvs', '', '1.2.3.4; reboot', '2001:db8:::1', '01.2.3.4']) {
			const e = errorOf(validateVip({address: bad, device: 'eth0'}));
			expect(e.code).toBe('vip.bad-address');
			expect(e.message).toContain(`'${bad}'`);
		}
	});

	it('refuses labels longer than 15 characters or not starting with the device', () => {
		expect(errorOf(validateVip({address: '10.77.0.50', device: 'eth0', label: 'eth0:verylonglabel'})).message).toMatch(/18 characters; the kernel allows at most 15/);
		expect(errorOf(validateVip({address: '10.77.0.50', device: 'eth0', label: 'eth1:50'})).message).toMatch(/must be 'eth0' or begin with 'eth0:'/);
		expect(errorOf(validateVip({address: '10.77.0.50', device: 'eth0', label: "eth0:5'0"})).code).toBe('vip.bad-label');
		expect(value(validateVip({address: '10.77.0.50', device: 'eth0', label: 'eth0:123456789a'})).label).toBe('eth0:123456789a');
	});

	it('refuses bad device names and prefixes', () => {
		expect(errorOf(validateVip({address: '10.77.0.50', device: 'eth0;id'})).code).toBe('vip.bad-device');
		expect(errorOf(validateVip({address: '10.77.0.50', device: 'averyveryverylongdev'})).message).toMatch(/longer than 15/);
		expect(validateDeviceName('..')).not.toBeNull();
		expect(errorOf(validateVip({address: '10.77.0.50', device: 'eth0', prefix: 33})).code).toBe('vip.bad-prefix');
	});

	it('drops the label of an IPv6 VIP (the kernel has none)', () => {
		expect(value(validateVip({address: '2001:db8::50', device: 'eth0', label: 'eth0:50'})).label).toBeUndefined();
	});

	it("maps configure-lvs' VIP= form directly", () => {
		expect(value(vipFromConfigureLvs('eth0:50 192.168.155.50 255.255.255.255 192.168.155.255'))).toEqual({
			address: '192.168.155.50', family: 'inet', device: 'eth0', label: 'eth0:50', prefix: 32,
		});
		expect(errorOf(vipFromConfigureLvs('eth1:50 lvs 255.255.255.255 lvs')).message).toMatch(/'lvs' is a name/);
		expect(errorOf(vipFromConfigureLvs('eth0:50 10.0.0.1 255.0.255.0')).message).toMatch(/not a valid netmask/);
	});

	it('IPv6 parsing agrees with itself on any address (property)', () => {
		fc.assert(fc.property(fc.ipV6(), text => {
			expect(isIpv6(text)).toBe(true);
			expect(sameAddress(text, canonicalAddress(text))).toBe(true);
			expect(canonicalAddress(canonicalAddress(text))).toBe(canonicalAddress(text));
		}));
		expect(['::', '::1', '1::', '2001:db8:0:0:1:0:0:1', 'fe80:0:0:0:cc64:28ff:fe9a:85a8', '::ffff:10.0.0.1'].map(canonicalAddress))
			.toEqual(['::', '::1', '1::', '2001:db8::1:0:0:1', 'fe80::cc64:28ff:fe9a:85a8', '::ffff:a00:1']);
	});
});

describe('VIP plan', () => {
	it('up: duplicate check, add with label, gratuitous ARP — exact commands', () => {
		const plan = value(planVip('up', vip60, {interfaces: director, arping: '/usr/bin/arping'}));
		expect(plan).toEqual({
			kind: 'change',
			direction: 'up',
			notes: [],
			steps: [
				{purpose: 'duplicate-check', argv: expect.any(Array), command: 'arping -D -q -c 2 -w 3 -I eth0 10.77.0.60'},
				{purpose: 'add', argv: expect.any(Array), command: 'ip addr add 10.77.0.60/32 dev eth0 label eth0:60'},
				{purpose: 'announce', argv: expect.any(Array), command: 'arping -U -c 3 -I eth0 10.77.0.60'},
			],
		});
	});

	it('up without arping says so plainly and still adds', () => {
		const plan = value(planVip('up', vip60, {interfaces: director}));
		if (plan.kind !== 'change') throw new Error('expected change');
		expect(plan.steps.map(s => s.command)).toEqual(['ip addr add 10.77.0.60/32 dev eth0 label eth0:60']);
		expect(plan.notes).toEqual([NO_ARPING_NOTE]);
		expect(NO_ARPING_NOTE).toMatch(/^arping not installed on the director: .*no gratuitous ARP sent/);
	});

	it('is idempotent: already up / already down change nothing', () => {
		expect(value(planVip('up', vip50, {interfaces: director}))).toEqual({kind: 'noop', direction: 'up', message: 'VIP 10.77.0.50 is already up on eth0 (label eth0:50); nothing changed'});
		expect(value(planVip('down', vip60, {interfaces: director}))).toEqual({kind: 'noop', direction: 'down', message: 'VIP 10.77.0.60 is already down on eth0; nothing changed'});
	});

	it('down deletes with the prefix the address really has', () => {
		const vm = value(parseIpJsonAddr(fixture('vm-ip_-j_addr.txt')));
		const wide = value(validateVip({address: '10.0.2.15', device: 'eth0', prefix: 32}));
		const plan = value(planVip('down', wide, {interfaces: vm}));
		if (plan.kind !== 'change') throw new Error('expected change');
		expect(plan.steps.map(s => s.command)).toEqual(['ip addr del 10.0.2.15/24 dev eth0']);
	});

	it('refuses a device the director does not have, naming what it has', () => {
		const spec = value(validateVip({address: '10.77.0.60', device: 'eth9', label: 'eth9:60'}));
		const e = errorOf(planVip('up', spec, {interfaces: director}));
		expect(e.code).toBe('vip.no-device');
		expect(e.message).toBe('device eth9 does not exist on the director (it has: lo, eth0); nothing changed');
	});

	it('never touches the address on another device', () => {
		const rs = value(parseIpJsonAddr(fixtureIpJson()));
		const spec = value(validateVip({address: '192.168.1.110', device: 'peer0'}));
		expect(errorOf(planVip('up', spec, {interfaces: rs})).message).toMatch(/already on lo \(label lo:0\), not peer0/);
		const down = value(planVip('down', spec, {interfaces: rs}));
		expect(down.kind).toBe('noop');
	});

	it('toggle goes down when up on its device, up otherwise', () => {
		expect(toggleDirection(vip50, director)).toBe('down');
		expect(toggleDirection(vip60, director)).toBe('up');
		expect(vipPresence(vip50, director)).toEqual({up: true, deviceExists: true, foundOn: 'eth0', label: 'eth0:50', prefix: 32});
	});

	it('IPv6 up has no arping steps and no label', () => {
		const spec = value(validateVip({address: '2001:db8::50', device: 'eth0', label: 'eth0:50'}));
		const plan = value(planVip('up', spec, {interfaces: director, arping: '/usr/bin/arping'}));
		if (plan.kind !== 'change') throw new Error('expected change');
		expect(plan.steps.map(s => s.command)).toEqual(['ip addr add 2001:db8::50/128 dev eth0']);
	});
});

function fixtureIpJson(): string {
	const text = fixture('iproute2-6.1-addr-samples.txt');
	return text.split('\n')[1];
}
