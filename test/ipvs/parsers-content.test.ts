// What the parsers read out of the real captures and the ipvsadm 1.31 samples: every quirk listed
// in FORMATS.md, checked value by value.
import {describe, expect, it} from 'vitest';
import {fixture, formatSamples} from './fixtures.js';
import {parseIpvsadmList} from '../../source/domain/ipvs/ipvsadm-list.js';
import {parseIpvsadmStats} from '../../source/domain/ipvs/ipvsadm-stats.js';
import {parseIpvsadmRate} from '../../source/domain/ipvs/ipvsadm-rate.js';
import {parseIpvsadmThresholds} from '../../source/domain/ipvs/ipvsadm-thresholds.js';
import {parseIpvsadmPersistentConn} from '../../source/domain/ipvs/ipvsadm-persistent-conn.js';
import {parseIpvsadmConnections} from '../../source/domain/ipvs/ipvsadm-connections.js';
import {parseIpvsadmSave} from '../../source/domain/ipvs/ipvsadm-save.js';
import {parseIpvsadmTimeout} from '../../source/domain/ipvs/ipvsadm-timeout.js';
import {parseIpvsadmDaemon} from '../../source/domain/ipvs/ipvsadm-daemon.js';
import {parseProcIpVs} from '../../source/domain/ipvs/proc-ip-vs.js';
import {parseProcIpVsStats} from '../../source/domain/ipvs/proc-ip-vs-stats.js';
import {parseProcIpVsConn} from '../../source/domain/ipvs/proc-ip-vs-conn.js';
import type {IpvsService} from '../../source/domain/ipvs/ipvs-model.js';

const samples = formatSamples();
const byKey = (services: IpvsService[]) => Object.fromEntries(services.map(s => [s.key, s]));

describe('ipvsadm -Ln (02-full, real kernel)', () => {
	const {value, issues} = parseIpvsadmList(fixture('02-full/ipvsadm_-Ln.txt'));
	const s = byKey(value.services);

	it('reads the banner and all eight services in order', () => {
		expect(issues).toEqual([]);
		expect(value.version).toBe('1.2.1');
		expect(value.connTableSize).toBe(4096);
		expect(value.services.map(x => x.key)).toEqual([
			'tcp 10.0.2.100:80',
			'tcp 10.0.2.101:443',
			'tcp 10.0.2.102:80',
			'tcp 10.0.2.103:8080',
			'udp 10.0.2.100:53',
			'udp 10.0.2.103:514',
			'tcp [fd00:77::100]:80',
			'fwm 1',
		]);
	});

	it('reads weights including weight 0, forward methods and counts', () => {
		expect(s['tcp 10.0.2.100:80'].scheduler).toBe('wlc');
		expect(s['tcp 10.0.2.100:80'].realServers.map(r => [r.key, r.forward, r.weight, r.activeConns, r.inactiveConns])).toEqual([
			['10.0.2.21:80', 'masq', 3, 0, 0],
			['10.0.2.22:80', 'masq', 0, 0, 0],
		]);
		expect(s['tcp 10.0.2.102:80'].realServers.map(r => r.forward)).toEqual(['route', 'tunnel', 'tunnel']);
	});

	it('reads persistence, mask, scheduler flags and one-packet scheduling', () => {
		expect(s['tcp 10.0.2.101:443'].persistent).toBe(300);
		expect(s['tcp 10.0.2.101:443'].netmask).toBeUndefined();
		const sh = s['tcp 10.0.2.103:8080'];
		expect([sh.scheduler, sh.schedulerFlags, sh.persistent, sh.netmask]).toEqual(['sh', ['sh-fallback', 'sh-port'], 60, '255.255.255.0']);
		expect(s['udp 10.0.2.103:514'].onePacket).toBe(true);
		expect(s['udp 10.0.2.100:53'].onePacket).toBe(false);
	});

	it('reads IPv6 and firewall-mark services (destinations with port 0)', () => {
		const v6 = s['tcp [fd00:77::100]:80'];
		expect(v6.address).toEqual({host: 'fd00:77::100', port: 80, family: 'ipv6'});
		expect(v6.realServers[0].address).toEqual({host: 'fd00:77::21', port: 80, family: 'ipv6'});
		const fwm = s['fwm 1'];
		expect([fwm.protocol, fwm.fwmark, fwm.address]).toEqual(['fwm', 1, undefined]);
		expect(fwm.realServers.map(r => [r.key, r.forward])).toEqual([
			['10.0.2.23:80', 'masq'],
			['10.0.2.24:0', 'route'],
		]);
	});

	it('reads --tun-info tunnel columns', () => {
		const t = parseIpvsadmList(fixture('02-full/ipvsadm_-Ln_--tun-info.txt'));
		expect(t.issues).toEqual([]);
		const tun = byKey(t.value.services)['tcp 10.0.2.102:80'].realServers;
		expect(tun.map(r => [r.tunnelInfo, r.weight])).toEqual([
			[undefined, 2],
			['ipip', 1],
			['gue:6080:-c', 1],
		]);
	});

	it('reads a one-service listing without a banner', () => {
		const one = parseIpvsadmList(fixture('02-full/ipvsadm_-Ln_-f_1.txt'));
		expect(one.issues).toEqual([]);
		expect(one.value.version).toBeUndefined();
		expect(one.value.services.map(x => x.key)).toEqual(['fwm 1']);
	});
});

describe('ipvsadm 1.31 samples (SCTP, Local, pe, suffixes)', () => {
	it('reads SCTP, mh flags, Local forwarding and the persistent FWM', () => {
		const {value, issues} = parseIpvsadmList(samples['ipvsadm -L -n']);
		expect(issues).toEqual([]);
		const s = byKey(value.services);
		expect(s['sctp 192.168.1.110:3868'].schedulerFlags).toEqual(['mh-port']);
		expect(s['udp 192.168.1.110:53'].schedulerFlags).toEqual(['sh-fallback', 'sh-port']);
		expect(s['udp 192.168.1.110:53'].onePacket).toBe(true);
		expect(s['fwm 1'].persistent).toBe(360);
		expect(s['fwm 1'].realServers[1]).toMatchObject({key: '127.0.0.1:0', forward: 'local'});
		expect(s['tcp [2001:db8::10]:80'].realServers[0].activeConns).toBe(3);
	});

	it('reads K/M/G/T counters as inexact lower bounds, and --exact as exact', () => {
		const short = byKey(parseIpvsadmStats(samples['ipvsadm -L -n --stats']).value.services)['tcp 192.168.1.110:80'];
		expect(short.stats).toEqual({conns: 1234567, inPackets: 987654000, outPackets: 123e9, inBytes: 98765e9, outBytes: 987e12, exact: false});
		const exact = byKey(parseIpvsadmStats(samples['ipvsadm -L -n --stats --exact']).value.services)['tcp 192.168.1.110:80'];
		expect(exact.stats).toEqual({conns: 1234567, inPackets: 987654321, outPackets: 123456789012, inBytes: 98765432109876, outBytes: 987654321098765, exact: true});
		expect(exact.realServers[1].stats?.outBytes).toBe(600000000000000);
	});

	it('reads --rate with a suffixed BPS column', () => {
		const {value, issues} = parseIpvsadmRate(samples['ipvsadm -L -n --rate']);
		expect(issues).toEqual([]);
		const web = byKey(value.services)['tcp 192.168.1.110:80'];
		expect(web.rates).toEqual({cps: 12, inPps: 340, outPps: 512, inBps: 45000, outBps: 123456000});
		expect(web.realServers.map(r => r.rates?.cps)).toEqual([4, 8]);
	});

	it('reads --thresholds and --persistent-conn', () => {
		const th = byKey(parseIpvsadmThresholds(samples['ipvsadm -L -n --thresholds']).value.services)['tcp 192.168.1.110:80'];
		expect(th.realServers[1]).toMatchObject({upperThreshold: 1000, lowerThreshold: 800, activeConns: 15, inactiveConns: 210});
		const pc = parseIpvsadmPersistentConn(samples['ipvsadm -L -n --persistent-conn']);
		expect(pc.issues).toEqual([]);
		const https = byKey(pc.value.services)['tcp 192.168.1.110:443'];
		expect(https.realServers[0]).toMatchObject({weight: 1, persistConns: 4, activeConns: 2, inactiveConns: 5});
		expect(https.persistent).toBe(300);
		expect(https.netmask).toBe('255.255.255.0');
	});

	it('reads the real --thresholds capture (-x 1000 -y 100)', () => {
		const th = byKey(parseIpvsadmThresholds(fixture('02-full/ipvsadm_-Ln_--thresholds.txt')).value.services)['tcp 10.0.2.101:443'];
		expect(th.realServers[1]).toMatchObject({key: '10.0.2.22:443', upperThreshold: 1000, lowerThreshold: 100});
	});

	it('reads -Lnc with templates, IPv6 and a persistence engine', () => {
		const {value, issues} = parseIpvsadmConnections(samples['ipvsadm -L -n -c --persistent-conn']);
		expect(issues).toEqual([]);
		expect(value).toHaveLength(6);
		expect(value[0]).toMatchObject({protocol: 'TCP', expiresSeconds: 898, state: 'ESTABLISHED', template: false});
		expect(value[2]).toMatchObject({state: 'NONE', template: true, source: {host: '192.168.1.100', port: 0}});
		expect(value[4].source).toEqual({host: '2001:db8::64', port: 50000, family: 'ipv6'});
		expect(value[5]).toMatchObject({peName: 'sip', peData: 'a84b4c76e66710@pc33.example.com', template: true});
	});

	it('reads --timeout and --daemon', () => {
		expect(parseIpvsadmTimeout(fixture('02-full/ipvsadm_-L_--timeout.txt'))).toEqual({value: {tcp: 900, tcpFin: 120, udp: 300}, issues: []});
		const d = parseIpvsadmDaemon(samples['ipvsadm -L --daemon']);
		expect(d.issues).toEqual([]);
		expect(d.value).toEqual([
			{role: 'master', settings: {mcast: 'eth0', syncid: '1'}},
			{role: 'backup', settings: {mcast: 'eth1', syncid: '1', maxlen: '1472', group: '224.0.0.81', port: '8848', ttl: '1'}},
		]);
		expect(parseIpvsadmDaemon(fixture('02-full/ipvsadm_-L_--daemon.txt'))).toEqual({value: [], issues: []});
	});
});

describe('ipvsadm -S -n', () => {
	it('reads the real capture into the same table as -Ln (plus tunnel options)', () => {
		const saved = parseIpvsadmSave(fixture('02-full/ipvsadm_-S_-n.txt'));
		expect(saved.issues).toEqual([]);
		const listed = parseIpvsadmList(fixture('02-full/ipvsadm_-Ln.txt')).value;
		const strip = (services: IpvsService[]) =>
			services
				.map(s => ({key: s.key, scheduler: s.scheduler, flags: s.schedulerFlags, p: s.persistent, ops: s.onePacket, rs: s.realServers.map(r => [r.key, r.weight, r.forward === 'local' ? 'route' : r.forward])}))
				.sort((a, b) => a.key.localeCompare(b.key));
		expect(strip(saved.value.services)).toEqual(strip(listed.services));
		const gue = byKey(saved.value.services)['tcp 10.0.2.102:80'].realServers[2];
		expect(gue.tunnelInfo).toBe('gue:6080:-c');
	});

	it('reads --sctp-service and IPv6 from the samples', () => {
		const saved = parseIpvsadmSave(samples['ipvsadm -S -n']);
		expect(saved.issues).toEqual([]);
		expect(byKey(saved.value.services)['sctp 192.168.1.110:3868'].schedulerFlags).toEqual(['mh-port']);
	});
});

describe('/proc/net/ip_vs*', () => {
	it('reads hex addresses, hex fwmark, jiffies and hex masks (02-full, HZ=250)', () => {
		const {value, issues} = parseProcIpVs(fixture('02-full/cat_proc_net_ip_vs.txt'), {hz: 250});
		expect(issues).toEqual([]);
		const s = byKey(value.services);
		expect(s['tcp 10.0.2.101:443']).toMatchObject({persistentJiffies: 75000, persistent: 300, netmask: '255.255.255.255'});
		expect(s['tcp 10.0.2.103:8080']).toMatchObject({persistent: 60, netmask: '255.255.255.0', scheduler: 'sh'});
		expect(s['udp 10.0.2.103:514'].onePacket).toBe(true);
		expect(s['fwm 1'].realServers.map(r => r.key)).toEqual(['10.0.2.24:0', '10.0.2.23:80']);
		expect(s['tcp [fd00:77::100]:80'].realServers[0].address.host).toBe('fd00:77::21');
		// Same services and weights as ipvsadm -Ln shows.
		const listed = parseIpvsadmList(fixture('02-full/ipvsadm_-Ln.txt')).value;
		const weights = (services: IpvsService[]) =>
			Object.fromEntries(services.flatMap(x => x.realServers.map(r => [`${x.key} ${r.key}`, r.weight])));
		expect(weights(value.services)).toEqual(weights(listed.services));
	});

	it('keeps jiffies raw when HZ is unknown', () => {
		const s = byKey(parseProcIpVs(fixture('02-full/cat_proc_net_ip_vs.txt')).value.services);
		expect(s['tcp 10.0.2.101:443'].persistent).toBeUndefined();
		expect(s['tcp 10.0.2.101:443'].persistentJiffies).toBe(75000);
	});

	it('reads ip_vs_stats hex counters and rates', () => {
		const {value, issues} = parseProcIpVsStats(fixture('proc-net-ip_vs_stats.sample'));
		expect(issues).toEqual([]);
		expect(value.totals).toEqual({conns: 0x12d687, inPackets: 0x3ade68b1, outPackets: 0x75bcd15, inBytes: 0x16fee0e52d, outBytes: 0xe5f4c8f3ca, exact: true});
		expect(value.rates).toEqual({cps: 12, inPps: 0x154, outPps: 0x200, inBps: 0xafc8, outBps: 0x75bcd15});
	});

	it('reads ip_vs_conn with IPv6 and pe data', () => {
		const {value, issues} = parseProcIpVsConn(fixture('proc-net-ip_vs_conn.sample'));
		expect(issues).toEqual([]);
		expect(value[0]).toMatchObject({protocol: 'TCP', state: 'ESTABLISHED', expiresSeconds: 898, source: {host: '192.168.1.100', port: 54321}});
		expect(value[4].destination).toEqual({host: '2001:db8::2', port: 80, family: 'ipv6'});
		expect(value[5]).toMatchObject({peName: 'sip', template: true});
	});
});
