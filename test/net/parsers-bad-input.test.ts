// Whatever a host prints, the parsers answer with data or a message, never an exception: the panel
// must stay up when a director runs an odd ip, a truncated ifconfig, or something else entirely.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {parseInterfaceListing} from '../../source/domain/net/interface-listing.js';
import {parseHostProbe} from '../../source/domain/net/host-probe.js';
import {parseIpJsonAddr} from '../../source/domain/net/ip-json-addr-parser.js';
import {parseIfconfig} from '../../source/domain/net/ifconfig-parser.js';
import {parseIpOnelineAddr} from '../../source/domain/net/ip-oneline-addr-parser.js';
import {parseDefaultRoutes} from '../../source/domain/net/route-parser.js';
import {keepalivedMentions} from '../../source/domain/net/keepalived-vip.js';
import {validateVip} from '../../source/domain/net/vip-spec.js';
import {fixture} from './fixtures.js';

const captures = ['captured-probe-netns.txt', 'captured-probe-busybox-ip.txt', 'captured-ifconfig-a.txt', 'captured-ip-j-addr.json', 'net-tools-2.10-ifconfig-samples.txt', 'iproute2-6.1-addr-samples.txt'].map(fixture);

/** Real output cut, spliced and salted with junk: closer to what a broken host prints than random text. */
const mangled = fc.tuple(fc.constantFrom(...captures), fc.nat(), fc.nat(), fc.string()).map(([text, a, b, junk]) => {
	const i = a % (text.length + 1);
	const j = b % (text.length + 1);
	return text.slice(0, Math.min(i, j)) + junk + text.slice(Math.max(i, j));
});

describe('net parsers on bad input', () => {
	it('never throw, on random and on mangled real output', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.json(), mangled), text => {
				for (const r of [parseInterfaceListing(text), parseHostProbe(text, 'h'), parseIpJsonAddr(text), parseIfconfig(text), parseIpOnelineAddr(text)]) {
					if (!r.ok) expect(r.error.message.length).toBeGreaterThan(0);
				}
				expect(Array.isArray(parseDefaultRoutes(text))).toBe(true);
				expect(Array.isArray(keepalivedMentions(text, '10.0.0.1'))).toBe(true);
			}),
			{numRuns: 400},
		);
	});

	it('JSON that is not what ip prints gives an empty list or a message, not a crash', () => {
		for (const text of ['{}', 'null', '[null, 1, "x", {"ifname": 3}]', '[{"ifname":"eth0","addr_info":"x","flags":7}]', '[{"ifname":"eth0","addr_info":[{"local":"not-an-ip"}]}]']) {
			const r = parseIpJsonAddr(text);
			if (r.ok) expect(r.value.every(i => i.addresses.length === 0)).toBe(true);
			else expect(r.error.message).toMatch(/ip -j addr/);
		}
	});

	it('validateVip refuses every non-address with its value named', () => {
		fc.assert(
			fc.property(fc.string(), s => {
				const r = validateVip({address: s, device: 'eth0'});
				if (!r.ok) expect(r.error.message).toContain(`'${s}'`);
			}),
		);
	});
});
