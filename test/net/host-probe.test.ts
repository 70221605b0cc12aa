import {describe, expect, it} from 'vitest';
import {buildHostProbeCommand, parseHostProbe, type HostFacts} from '../../source/domain/net/host-probe.js';
import {parseDefaultRoutes} from '../../source/domain/net/route-parser.js';
import {keepalivedMentions} from '../../source/domain/net/keepalived-vip.js';
import {lvsWarnings} from '../../source/domain/net/lvs-warnings.js';
import {validateVip, type VipSpec} from '../../source/domain/net/vip-spec.js';
import {fixture} from './fixtures.js';

function value<T>(r: {ok: true; value: T} | {ok: false; error: {message: string}}): T {
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
}

describe('host probe', () => {
	it('is one POSIX command line with no user values', () => {
		const command = buildHostProbeCommand();
		expect(command).toContain('ip -j addr');
		expect(command).not.toMatch(/\n/);
	});

	it('reads a real probe run in a namespace (iproute2 with JSON)', () => {
		const facts = value(parseHostProbe(fixture('captured-probe-netns.txt'), 'director'));
		expect(facts.listing.source).toBe('ip-json');
		expect(facts.listing.interfaces.find(i => i.name === 'eth0')!.addresses.map(a => a.label)).toEqual(['eth0', 'eth0:50', 'eth0:51', undefined]);
		expect(facts.defaultRoutes).toEqual([{gateway: '10.77.0.1', device: 'eth0'}]);
		expect(facts.sysctl['net.ipv4.ip_forward']).toBe('0');
		expect(facts.sysctl['net.ipv4.conf.lo.arp_announce']).toBe('0');
		expect(facts.arping).toBe('/usr/bin/arping');
		expect(facts.keepalivedPids).toEqual([]);
		expect(facts.keepalivedConf).toBeUndefined();
	});

	it('falls back to ip -o link/addr where ip has no -j (real busybox ip run)', () => {
		const facts = value(parseHostProbe(fixture('captured-probe-busybox-ip.txt'), 'rs1'));
		expect(facts.listing.source).toBe('ip-oneline');
		const eth0 = facts.listing.interfaces.find(i => i.name === 'eth0')!;
		expect(eth0.up).toBe(true);
		expect(eth0.addresses.some(a => a.label === 'eth0:50')).toBe(true);
	});

	it('reports a cut-off probe instead of half a picture', () => {
		const text = fixture('captured-probe-netns.txt');
		const r = parseHostProbe(text.slice(0, text.indexOf('@@lvs-tui:arping')), 'director');
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.error.code).toBe('net.probe-incomplete');
			expect(r.error.where).toEqual({host: 'director'});
		}
	});
});

describe('default route', () => {
	it('reads via/dev/metric and orders by metric', () => {
		expect(parseDefaultRoutes(fixture('captured-ip-route-default.txt'))).toEqual([{gateway: '10.77.0.1', device: 'eth0'}]);
		expect(parseDefaultRoutes('default via 10.0.0.1 dev eth1 metric 200\ndefault via 172.16.0.1 dev eth0 proto static metric 100\n10.0.0.0/8 dev eth1\n')).toEqual([
			{gateway: '172.16.0.1', device: 'eth0', metric: 100},
			{gateway: '10.0.0.1', device: 'eth1', metric: 200},
		]);
		expect(parseDefaultRoutes('default dev ppp0 scope link')).toEqual([{device: 'ppp0'}]);
	});
});

describe('keepalived', () => {
	it('finds the VIP in the sample config by line', () => {
		const conf = fixture('keepalived.conf.sample');
		expect(keepalivedMentions(conf, '192.168.1.110')).toEqual([13, 17]);
		expect(keepalivedMentions(conf, '192.168.1.11')).toEqual([26]);
		expect(keepalivedMentions('! 192.168.1.110 in a comment\n', '192.168.1.110')).toEqual([]);
	});
});

describe('LVS warnings', () => {
	const probe = value(parseHostProbe(fixture('captured-probe-netns.txt'), 'x'));
	const vip: VipSpec = value(validateVip({address: '10.77.0.50', device: 'eth0', label: 'eth0:50'}));
	const withSysctl = (facts: HostFacts, sysctl: Record<string, string>): HostFacts => ({...facts, sysctl: {...facts.sysctl, ...sysctl}});

	it('NAT: ip_forward off on the director, missing DIP, real server routed elsewhere', () => {
		const warnings = lvsWarnings({
			lvsType: 'nat',
			vips: [vip],
			dip: {address: '10.77.0.254'},
			director: {name: 'director', facts: probe},
			realServers: [{name: 'rs1', facts: probe}, {name: 'rs2', facts: {...probe, defaultRoutes: []}}, {name: 'rs3'}],
		});
		expect(warnings.map(w => `${w.host} ${w.code}`)).toEqual([
			'director nat.ip-forward-off',
			'director nat.dip-missing',
			'rs1 nat.route-not-dip',
			'rs2 nat.no-default-route',
		]);
		expect(warnings[1].message).toBe('the DIP 10.77.0.254 is not on the director: real servers have no gateway back');
		expect(warnings[2].message).toBe('default route via 10.77.0.1, not the DIP 10.77.0.254: LVS-NAT replies bypass the director');
	});

	it('NAT: a healthy pair gives no warnings', () => {
		const director = withSysctl(probe, {'net.ipv4.ip_forward': '1'});
		const warnings = lvsWarnings({lvsType: 'nat', vips: [vip], dip: {address: '10.77.0.10'}, director: {name: 'director', facts: director}, realServers: [{name: 'rs1', facts: {...probe, defaultRoutes: [{gateway: '10.77.0.10', device: 'eth0'}]}}]});
		expect(warnings).toEqual([]);
	});

	it('DR: arp_ignore/arp_announce and VIP on lo', () => {
		const warnings = lvsWarnings({lvsType: 'dr', vips: [vip], director: {name: 'director', facts: probe}, realServers: [{name: 'rs1', facts: probe}]});
		expect(warnings.map(w => w.code)).toEqual(['dr.arp-ignore', 'dr.arp-announce', 'dr.no-vip-on-lo']);
		expect(warnings[0].message).toBe('net.ipv4.conf.all.arp_ignore is 0 (want 1): this real server answers ARP for the VIP');
		const good = withSysctl(probe, {'net.ipv4.conf.all.arp_ignore': '1', 'net.ipv4.conf.all.arp_announce': '2'});
		good.listing = {...good.listing, interfaces: good.listing.interfaces.map(i => i.name === 'lo' ? {...i, addresses: [...i.addresses, {family: 'inet' as const, address: '10.77.0.50', prefix: 32, label: 'lo:0', secondary: false}]} : i)};
		expect(lvsWarnings({lvsType: 'dr', vips: [vip], director: {name: 'director', facts: probe}, realServers: [{name: 'rs1', facts: good}]})).toEqual([]);
	});

	it('TUN: the same ARP rules; the VIP may sit on lo or tunl0', () => {
		const warnings = lvsWarnings({lvsType: 'tun', vips: [vip], director: {name: 'director', facts: probe}, realServers: [{name: 'rs1', facts: probe}]});
		expect(warnings.map(w => w.code)).toEqual(['dr.arp-ignore', 'dr.arp-announce', 'dr.no-vip-on-lo']);
		expect(warnings[2].message).toBe('VIP 10.77.0.50 is not on lo or tunl0: LVS-TUN packets for it are dropped (ip addr add 10.77.0.50/32 dev lo label lo:0)');
		const onTunl0 = withSysctl(probe, {'net.ipv4.conf.all.arp_ignore': '1', 'net.ipv4.conf.all.arp_announce': '2'});
		onTunl0.listing = {...onTunl0.listing, interfaces: [...onTunl0.listing.interfaces, {name: 'tunl0', up: true, flags: ['UP'], addresses: [{family: 'inet' as const, address: '10.77.0.50', prefix: 32, secondary: false}]}]};
		expect(lvsWarnings({lvsType: 'tun', vips: [vip], director: {name: 'director', facts: probe}, realServers: [{name: 'rs1', facts: onTunl0}]})).toEqual([]);
	});

	it('keepalived owning the VIP: its config line, or its process', () => {
		const conf = fixture('keepalived.conf.sample');
		const kvip = value(validateVip({address: '192.168.1.110', device: 'eth0', label: 'eth0:50'}));
		const byConf = lvsWarnings({lvsType: 'dr', vips: [kvip], director: {name: 'director', facts: {...probe, keepalivedConf: conf, keepalivedPids: [812]}}, realServers: []});
		expect(byConf.map(w => w.message)).toEqual(['/etc/keepalived/keepalived.conf:13 names VIP 192.168.1.110 and keepalived is running: VRRP and lvs-tui would both own it and fight']);
		const byProcess = lvsWarnings({lvsType: 'dr', vips: [vip], director: {name: 'director', facts: {...probe, keepalivedPids: [812]}}, realServers: []});
		expect(byProcess.map(w => w.code)).toEqual(['vip.keepalived-running']);
	});
});
