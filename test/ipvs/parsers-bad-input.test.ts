// Output the parsers do not recognise — a future ipvsadm, a read cut mid-line, garbage — is
// reported with its line, and the rest of the table still parses. Plus property tests for the
// number formats.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {fixture} from './fixtures.js';
import {parseIpvsadmList} from '../../source/domain/ipvs/ipvsadm-list.js';
import {parseIpvsadmStats} from '../../source/domain/ipvs/ipvsadm-stats.js';
import {parseIpvsadmSave} from '../../source/domain/ipvs/ipvsadm-save.js';
import {parseProcIpVs} from '../../source/domain/ipvs/proc-ip-vs.js';
import {parseIpvsadmConnections} from '../../source/domain/ipvs/ipvsadm-connections.js';
import {parseIpvsAny} from '../../source/domain/ipvs/ipvsadm-detect.js';
import {formatCount, parseCount, parseHex} from '../../source/domain/ipvs/ipvs-numbers.js';
import {parseEndpoint} from '../../source/domain/ipvs/ipvs-address.js';
import {canonicalAddress, isIpv6} from '../../source/domain/net/ip-address.js';
import {classifyIpvsadmFailure} from '../../source/domain/ipvs/ipvsadm-failure.js';

const full = fixture('02-full/ipvsadm_-Ln.txt');

describe('bad input', () => {
	it('a read cut mid-row reports that row and keeps everything before it', () => {
		const cut = full.slice(0, full.indexOf('Masq    1      0          0', full.indexOf('10.0.2.101:443')) + 8);
		const {value, issues} = parseIpvsadmList(cut);
		expect(issues).toHaveLength(1);
		expect(issues[0].reason).toMatch(/weight, ActiveConn and InActConn/);
		expect(issues[0].lineNumber).toBe(8);
		expect(value.services.map(s => s.key)).toEqual(['tcp 10.0.2.100:80', 'tcp 10.0.2.101:443']);
		expect(value.services[0].realServers).toHaveLength(2);
	});

	it('garbage lines in the middle are reported; the services around them still show', () => {
		const lines = full.split('\n');
		lines.splice(6, 0, '\x1b[31mgarbage!!\x1b[0m');
		lines.splice(12, 0, '  -> not-an-address         Masq    1      0          0');
		const {value, issues} = parseIpvsadmList(lines.join('\n'));
		expect(issues.map(i => i.lineNumber)).toEqual([7, 13]);
		expect(issues[0].line).toBe('\x1b[31mgarbage!!\x1b[0m');
		expect(issues[1].reason).toMatch(/not an address:port/);
		expect(value.services).toHaveLength(8);
		// All 14 real rows are kept; the inserted bad row is not attached anywhere.
		expect(value.services.flatMap(s => s.realServers)).toHaveLength(14);
	});

	it('a future attribute on a service line is reported but the service is kept', () => {
		const text = full.replace('TCP  10.0.2.100:80 wlc', 'TCP  10.0.2.100:80 wlc quantum 7');
		const {value, issues} = parseIpvsadmList(text);
		expect(issues).toEqual([{line: 'TCP  10.0.2.100:80 wlc quantum 7', lineNumber: 4, reason: 'unrecognised service attribute(s): quantum 7'}]);
		expect(value.services[0].realServers).toHaveLength(2);
	});

	it('an unknown forward method or protocol is reported with the word', () => {
		const text = full.replace('Route   2', 'Warp    2').replace('UDP  10.0.2.103:514', 'QUIC 10.0.2.103:514');
		const {issues, value} = parseIpvsadmList(text);
		expect(issues.map(i => i.reason)).toEqual(["unknown forward method 'Warp'", "unknown protocol 'QUIC'", 'real server row before any service']);
		expect(value.services).toHaveLength(7);
	});

	it('stats with a non-number is reported', () => {
		const text = fixture('02-full/ipvsadm_-Ln_--stats.txt').replace(/(10\.0\.2\.21:80\s+)0/, '$1x7');
		const {issues} = parseIpvsadmStats(text);
		expect(issues).toHaveLength(1);
		expect(issues[0].reason).toBe("'x7' is not a count");
	});

	it('/proc/net/ip_vs, -S and -Lnc report their bad lines', () => {
		expect(parseProcIpVs('TCP  ZZ000264:0050 wlc\n').issues[0].reason).toMatch(/not a hex address/);
		expect(parseIpvsadmSave('-a -t 10.0.2.9:80 -r 10.0.2.1:80 -m -w 1\n-X what\n').issues.map(i => i.lineNumber)).toEqual([1, 2]);
		expect(parseIpvsadmConnections('TCP 99:99 ESTABLISHED a b c\n').issues[0].reason).toMatch(/mm:ss/);
	});

	it('text that is no ipvs format at all is one issue, not a crash', () => {
		const r = parseIpvsAny('<html>502 Bad Gateway</html>\n');
		expect(r.format).toBe('unknown');
		expect(r.issues).toHaveLength(1);
	});

	it('random bytes never throw', () => {
		fc.assert(
			fc.property(fc.string({maxLength: 400}), s => {
				parseIpvsadmList(s);
				parseIpvsadmStats(s);
				parseProcIpVs(s);
				parseIpvsadmSave(s);
				parseIpvsAny(s);
			}),
		);
	});

	it('recognises a kernel without IPVS as its own state', () => {
		const out = "Can't initialize ipvs: Protocol not available\nAre you sure that IP Virtual Server is built in the kernel or as module?\n";
		expect(classifyIpvsadmFailure(2, out)).toEqual({kind: 'no-ipvs', message: out.trim()});
		expect(classifyIpvsadmFailure(127, 'sh: 1: ipvsadm: not found\n').kind).toBe('not-installed');
	});
});

describe('number formats (properties)', () => {
	it('formatCount then parseCount gives a lower bound within one unit, exact below 1e8', () => {
		fc.assert(
			fc.property(fc.maxSafeNat(), n => {
				const c = parseCount(formatCount(n));
				expect(c).not.toBeNull();
				if (n < 1e8) {
					expect(c).toEqual({value: n, exact: true});
				} else {
					const unit = n < 1e9 ? 1e3 : n < 1e11 ? 1e6 : n < 1e14 ? 1e9 : 1e12;
					expect(c!.exact).toBe(false);
					expect(c!.value).toBeLessThanOrEqual(n);
					expect(n - c!.value).toBeLessThan(unit);
				}
			}),
		);
	});

	it('hex round-trips', () => {
		fc.assert(
			fc.property(fc.maxSafeNat(), n => {
				expect(parseHex(n.toString(16).toUpperCase())).toBe(n);
			}),
		);
	});

	it('rejects signs, fractions, spaces and unknown suffixes', () => {
		for (const t of ['-1', '1.5', '1 000', '12P', '', 'K', '0x10']) expect(parseCount(t)).toBeNull();
	});

	it('any IPv6 address, written full or compressed, parses to one normal form', () => {
		fc.assert(
			fc.property(fc.ipV6(), a => {
				expect(isIpv6(a)).toBe(true);
				const n = canonicalAddress(a);
				expect(canonicalAddress(n)).toBe(n);
				expect(parseEndpoint(`[${a}]:80`)).toEqual({host: n, port: 80, family: 'ipv6'});
			}),
		);
	});

	it('IPv4 endpoints round-trip and ports above 65535 are refused', () => {
		fc.assert(
			fc.property(fc.ipV4(), fc.integer({min: 0, max: 65535}), (a, p) => {
				expect(parseEndpoint(`${a}:${p}`)).toEqual({host: a, port: p, family: 'ipv4'});
			}),
		);
		expect(parseEndpoint('10.0.0.1:65536')).toBeNull();
		expect(parseEndpoint('10.0.0.256:80')).toBeNull();
	});
});
