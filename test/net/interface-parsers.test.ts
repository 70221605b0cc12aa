import {describe, expect, it} from 'vitest';
import {parseIpJsonAddr} from '../../source/domain/net/ip-json-addr-parser.js';
import {parseIpOnelineAddr} from '../../source/domain/net/ip-oneline-addr-parser.js';
import {parseIfconfig} from '../../source/domain/net/ifconfig-parser.js';
import {parseInterfaceListing} from '../../source/domain/net/interface-listing.js';
import {linkStateWord, type NetInterface} from '../../source/domain/net/interface-model.js';
import {fixture, fixtureSection} from './fixtures.js';

function value<T>(r: {ok: true; value: T} | {ok: false; error: {message: string}}): T {
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
}

function addressesOf(interfaces: NetInterface[], name: string): string[] {
	const iface = interfaces.find(i => i.name === name);
	if (!iface) throw new Error(`no ${name}`);
	return iface.addresses.map(a => `${a.address}/${a.prefix}${a.label ? ' ' + a.label : ''}${a.secondary ? ' secondary' : ''}`);
}

describe('ip -j addr', () => {
	it('reads labels, secondary and link state from iproute2 6.1 (veth pair with eth0:50 and eth0:51)', () => {
		const list = value(parseIpJsonAddr(fixtureSection('iproute2-6.1-addr-samples.txt', 'ip -j addr show')));
		expect(list.map(i => i.name)).toEqual(['lo', 'peer0', 'eth0']);
		expect(addressesOf(list, 'eth0')).toEqual([
			'192.168.1.9/24 eth0',
			'192.168.1.110/32 eth0:50',
			'192.168.1.111/24 eth0:51 secondary',
			'2001:db8::10/64',
			'fe80::cc64:28ff:fe9a:85a8/64',
		]);
		expect(addressesOf(list, 'lo')).toContain('192.168.1.110/32 lo:0');
		const eth0 = list.find(i => i.name === 'eth0')!;
		expect(eth0.mac).toBe('ce:64:28:9a:85:a8');
		expect(eth0.operState).toBe('UP');
		expect(linkStateWord(eth0)).toBe('up');
		// loopback's all-zero "address" is not a MAC worth showing
		expect(list[0].mac).toBeUndefined();
	});

	it('reads the pretty-printed form too', () => {
		const list = value(parseIpJsonAddr(fixtureSection('iproute2-6.1-addr-samples.txt', 'ip -j -p addr show dev eth0')));
		expect(addressesOf(list, 'eth0')[1]).toBe('192.168.1.110/32 eth0:50');
	});

	it('survives "link": null, empty addr_info and DOWN devices from the VM capture', () => {
		const list = value(parseIpJsonAddr(fixture('vm-ip_-j_addr.txt')));
		expect(list.map(i => `${i.name}:${linkStateWord(i)}`)).toEqual(['lo:up', 'eth0:up', 'dummy0:down', 'tunl0:down']);
		expect(addressesOf(list, 'eth0')).toContain('10.0.2.100/32 eth0:100');
		expect(list.find(i => i.name === 'tunl0')!.mac).toBeUndefined();
	});

	it('skips the {} entries a non-matching label filter leaves', () => {
		const list = value(parseIpJsonAddr('[{"ifindex":2,"ifname":"eth0","flags":["UP"],"addr_info":[{},{"family":"inet","local":"10.0.2.100","prefixlen":32,"label":"eth0:100"}]}]'));
		expect(addressesOf(list, 'eth0')).toEqual(['10.0.2.100/32 eth0:100']);
	});

	it('says what is wrong with text that is not JSON', () => {
		const r = parseIpJsonAddr('[{"ifname": ');
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error.message).toMatch(/not JSON/);
	});

	it('reads the netns director capture', () => {
		const list = value(parseIpJsonAddr(fixture('netns-director-ip-j-addr.json')));
		expect(addressesOf(list, 'eth0')).toEqual(['10.77.0.10/24 eth0', '10.77.0.50/32 eth0:50', 'fe80::1cac:74ff:fed5:b00e/64']);
	});
});

describe('ip -o addr (with ip -o link)', () => {
	it('matches the JSON view of the same host', () => {
		const oneline = value(parseIpOnelineAddr(fixtureSection('iproute2-6.1-addr-samples.txt', 'ip -o addr')));
		const json = value(parseIpJsonAddr(fixtureSection('iproute2-6.1-addr-samples.txt', 'ip -j addr show')));
		for (const name of ['lo', 'peer0', 'eth0']) expect(addressesOf(oneline, name)).toEqual(addressesOf(json, name));
		// address lines alone do not say whether the link is up
		expect(linkStateWord(oneline[0])).toBe('?');
	});

	it('takes state and MAC from ip -o link lines (iproute2 and busybox captures)', () => {
		for (const [link, addr] of [
			['captured-ip-o-link.txt', 'captured-ip-o-addr.txt'],
			['captured-busybox-ip-o-link.txt', 'captured-busybox-ip-o-addr.txt'],
		]) {
			const list = value(parseIpOnelineAddr(fixture(link) + fixture(addr)));
			const eth0 = list.find(i => i.name === 'eth0')!;
			expect(eth0.mac).toBe('ea:55:b4:b9:a0:67');
			expect(linkStateWord(eth0)).toBe('up');
			expect(addressesOf(list, 'eth0')).toEqual(['10.77.0.10/24 eth0', '10.77.0.50/32 eth0:50', '10.77.0.51/24 eth0:51 secondary', 'fe80::e855:b4ff:feb9:a067/64']);
		}
	});

	it('names the line it cannot read', () => {
		const r = parseIpOnelineAddr('1: lo    inet 127.0.0.1/8 scope host lo\nthis is not ip output\n');
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error.message).toContain('line 2');
	});
});

describe('ifconfig', () => {
	it('folds net-tools 2.10 alias blocks into their device with the alias as label', () => {
		const list = value(parseIfconfig(fixtureSection('net-tools-2.10-ifconfig-samples.txt', 'ifconfig (net-tools 2.10)')));
		expect(list.map(i => i.name)).toEqual(['eth0', 'lo', 'peer0']);
		expect(addressesOf(list, 'eth0')).toEqual(['192.168.1.9/24 eth0', 'fe80::cc64:28ff:fe9a:85a8/64', '2001:db8::10/64', '192.168.1.110/32 eth0:50', '192.168.1.111/24 eth0:51']);
		expect(addressesOf(list, 'lo')).toEqual(['127.0.0.1/8 lo', '::1/128', '192.168.1.110/32 lo:0']);
		const eth0 = list.find(i => i.name === 'eth0')!;
		expect(eth0.mac).toBe('ce:64:28:9a:85:a8');
		expect(eth0.mtu).toBe(1500);
		expect(linkStateWord(eth0)).toBe('up');
	});

	it('reads the legacy 1.60 layout from the seed', () => {
		const list = value(parseIfconfig(fixture('ifconfig-net-tools-1.60-legacy.sample').replace(/^#.*\n/gm, '')));
		expect(list.map(i => i.name)).toEqual(['eth0', 'lo']);
		expect(addressesOf(list, 'eth0')).toEqual(['192.168.1.9/24 eth0', '192.168.1.110/32 eth0:50']);
		expect(list[0].mac).toBe('00:16:3e:aa:bb:09');
		expect(list[0].flags).toEqual(['UP', 'BROADCAST', 'RUNNING', 'MULTICAST']);
		// lo:0 came without its lo block: its state comes from the alias block
		expect(addressesOf(list, 'lo')).toEqual(['192.168.1.110/32 lo:0']);
		expect(linkStateWord(list[1])).toBe('up');
	});

	it('reads a real ifconfig -a from this host', () => {
		const list = value(parseIfconfig(fixture('captured-ifconfig-a.txt')));
		expect(addressesOf(list, 'eth0')).toEqual(['10.77.0.10/24 eth0', 'fe80::e855:b4ff:feb9:a067/64', '10.77.0.50/32 eth0:50', '10.77.0.51/24 eth0:51']);
	});
});

describe('format detection', () => {
	it('picks the parser from the text', () => {
		const cases: Array<[string, string]> = [
			[fixture('captured-ip-j-addr.json'), 'ip-json'],
			[fixture('captured-ip-o-link.txt') + fixture('captured-ip-o-addr.txt'), 'ip-oneline'],
			[fixture('captured-ifconfig-a.txt'), 'ifconfig'],
		];
		for (const [text, source] of cases) {
			const listing = value(parseInterfaceListing(text));
			expect(listing.source).toBe(source);
			expect(addressesOf(listing.interfaces, 'eth0')).toContain('10.77.0.50/32 eth0:50');
		}
	});

	it('says when nothing was printed', () => {
		const r = parseInterfaceListing('\n');
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error.message).toMatch(/iproute2 or net-tools/);
	});
});
