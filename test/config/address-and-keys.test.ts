import {readFileSync} from 'node:fs';
import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {NAMED_KEYS} from '../../source/domain/actions.js';
import {formatCidr, ipv4Network, maskAddress, netmaskToPrefix, networkContains, parseCidr, isCidr, isMac} from '../../source/domain/config/address.js';
import {ipv4ToNumber, isIpv4, isIpv6, numberToIpv4} from '../../source/domain/net/ip-address.js';
import {controlByte, normalizeKeyName, parsePrefix, prefixKeyName} from '../../source/domain/config/key-names.js';
import {nearestWord} from '../../source/domain/config/nearest-word.js';

describe('addresses', () => {
	test('every address and MAC `ip -j addr` printed on a real director is accepted', () => {
		const links = JSON.parse(readFileSync(new URL('../fixtures/config/ip_-j_addr.director.json', import.meta.url), 'utf8')) as Array<{address: string; addr_info: Array<{family: string; local: string; prefixlen: number}>}>;
		for (const link of links) {
			expect(isMac(link.address)).toBe(true);
			for (const a of link.addr_info) {
				expect(a.family === 'inet' ? isIpv4(a.local) : isIpv6(a.local)).toBe(true);
				expect(isCidr(`${a.local}/${a.prefixlen}`)).toBe(true);
			}
		}
	});

	test('malformed addresses are refused', () => {
		for (const bad of ['172.16.0.300', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.4 ', 'lvs', '', '1..2.3']) expect(isIpv4(bad)).toBe(false);
		for (const bad of ['fe80::1::2', '1:2:3:4:5:6:7:8:9', ':::', '12345::1', 'fe80::g', '::ffff:1.2.3.400']) expect(isIpv6(bad)).toBe(false);
		for (const good of ['::', '::1', '2001:db8::50', '1:2:3:4:5:6:7:8', '::ffff:192.168.1.1', 'fe80::1cac:74ff:fed5:b00e']) expect(isIpv6(good)).toBe(true);
		expect(isCidr('172.16.0.0/33')).toBe(false);
		expect(isCidr('2001:db8::/129')).toBe(false);
		expect(isMac('00:16:3e:aa:bb')).toBe(false);
	});

	test('netmasks and networks (the seed DIP line: 255.255.252.0)', () => {
		expect(netmaskToPrefix('255.255.252.0')).toBe(22);
		expect(netmaskToPrefix('255.255.255.255')).toBe(32);
		expect(netmaskToPrefix('0.0.0.0')).toBe(0);
		expect(netmaskToPrefix('255.0.255.0')).toBeNull();
		expect(ipv4Network('192.168.155.12', 22)).toBe('192.168.152.0');
		expect(ipv4Network('172.16.0.1', 16)).toBe('172.16.0.0');
	});

	test('every contiguous netmask maps to its prefix and back through the network helpers', () => {
		for (let prefix = 0; prefix <= 32; prefix++) {
			const mask = numberToIpv4(maskAddress(0xffffffff, prefix));
			expect(netmaskToPrefix(mask)).toBe(prefix);
		}
		expect(netmaskToPrefix('255.255.255.1')).toBeNull();
		expect(netmaskToPrefix('255.255.256.0')).toBeNull();
	});

	test('CIDR networks: host bits cleared, membership, and the text form (dhcpd subnets, doctor, next free address)', () => {
		expect(parseCidr('172.16.5.9/16')).toEqual({base: ipv4ToNumber('172.16.0.0'), prefix: 16});
		expect(formatCidr(parseCidr(' 192.168.155.12/22 ')!)).toBe('192.168.152.0/22');
		for (const bad of ['172.16.0.0', '172.16.0.0/33', '172.16.0/16', 'fe80::/64', '172.16.0.0/']) expect(parseCidr(bad)).toBeNull();
		const net = parseCidr('10.1.2.0/24')!;
		expect(networkContains(net, ipv4ToNumber('10.1.2.255')!)).toBe(true);
		expect(networkContains(net, ipv4ToNumber('10.1.3.0')!)).toBe(false);
		expect(networkContains(parseCidr('0.0.0.0/0')!, ipv4ToNumber('203.0.113.7')!)).toBe(true);
		fc.assert(
			fc.property(fc.ipV4(), fc.integer({min: 0, max: 32}), (ip, prefix) => {
				const parsed = parseCidr(`${ip}/${prefix}`)!;
				return formatCidr(parsed) === `${ipv4Network(ip, prefix)}/${prefix}` && networkContains(parsed, ipv4ToNumber(ip)!);
			}),
		);
	});

	test('IPv4 text <-> number round-trips for any address', () => {
		fc.assert(fc.property(fc.ipV4(), ip => isIpv4(ip) && numberToIpv4(ipv4ToNumber(ip)) === ip));
	});

	test('any IPv6 address fast-check generates is accepted', () => {
		fc.assert(fc.property(fc.ipV6(), ip => isIpv6(ip)));
	});
});

describe('key names', () => {
	test('spellings admins copy from screen, Emacs and tmux all normalise', () => {
		expect(normalizeKeyName('^a')).toBe('^A');
		expect(normalizeKeyName('C-a')).toBe('^A');
		expect(normalizeKeyName('Ctrl-a')).toBe('^A');
		expect(normalizeKeyName('^?')).toBe('^?');
		expect(normalizeKeyName('Space')).toBe('space');
		expect(normalizeKeyName(' ')).toBe('space');
		expect(normalizeKeyName('PageUp')).toBe('pgup');
		expect(normalizeKeyName('"')).toBe('"');
		for (const name of NAMED_KEYS) expect(normalizeKeyName(name.toUpperCase())).toBe(name);
		for (const bad of ['f13', 'ab', '^1', 'M-x', '\u00e9', '\t']) expect(normalizeKeyName(bad)).toBeNull();
	});

	test("screen's escape forms", () => {
		expect(parsePrefix('^Aa')).toEqual({prefix: 1, literal: 'a'});
		expect(parsePrefix('^Bb')).toEqual({prefix: 2, literal: 'b'});
		expect(parsePrefix('^T^T')).toEqual({prefix: 0x14, literal: '^T'});
		expect(parsePrefix('C-b')).toEqual({prefix: 2, literal: 'b'});
		expect(parsePrefix('^\\')).toEqual({prefix: 0x1c, literal: '\\'});
		expect(parsePrefix('^[a')).toBe("'^[' cannot be the prefix: Escape starts every arrow and function key");
		expect(parsePrefix('^Ia')).toBe("'^I' cannot be the prefix: C-i is Tab");
		expect(parsePrefix('a')).toMatch(/^'a' is not a prefix key/);
		expect(parsePrefix('^A ')).toMatch(/must be a printable character or a control key$/);
	});

	test('control bytes and names are inverse for every control key', () => {
		for (let byte = 0; byte < 32; byte++) expect(controlByte(prefixKeyName(byte))).toBe(byte);
		expect(controlByte('^?')).toBe(0x7f);
	});

	test('did-you-mean stays quiet when nothing is close', () => {
		expect(nearestWord('realServer', ['realServers', 'vips'])).toBe('realServers');
		expect(nearestWord('zzzzzz', ['director', 'vips'])).toBeUndefined();
	});
});
