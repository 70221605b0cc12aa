import {readFileSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {parseClusterConfig} from '../../source/domain/config/config-loader.js';
import {parseEtcHosts} from '../../source/domain/importers/etc-hosts.js';
import {lookupPort, parseEtcServices} from '../../source/domain/importers/etc-services.js';
import {importLvsConf} from '../../source/domain/importers/lvs-conf-importer.js';
import {renderImportYaml} from '../../source/domain/importers/render-import.js';
import {formatError} from '../../source/domain/result.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/importers/${name}`, import.meta.url), 'utf8');
const tables = {hosts: parseEtcHosts(fixture('etc-hosts.seed-lab')), services: parseEtcServices(fixture('etc-services.debian12'))};
const empty = {hosts: new Map<string, string>(), services: new Map<string, number>()};

describe('/etc/hosts and /etc/services', () => {
	test('hosts: first address wins, aliases and case-insensitive names, comments skipped', () => {
		expect(tables.hosts.get('rs1')).toBe('172.16.0.21');
		expect(tables.hosts.get('rs1.example.net')).toBe('172.16.0.21');
		expect(tables.hosts.get('dip')).toBe('172.16.0.1');
		expect(tables.hosts.get('localhost')).toBe('127.0.0.1');
		expect(tables.hosts.get('ip6-loopback')).toBe('::1');
		expect(parseEtcHosts('10.0.0.1 RS9 # rs9 comment\nnot-an-ip rs8\n')).toEqual(new Map([['rs9', '10.0.0.1']]));
	});

	test("services: Debian 12's real file, names and aliases per protocol", () => {
		expect(lookupPort('http', 'tcp', tables.services)).toBe(80);
		expect(lookupPort('www', 'tcp', tables.services)).toBe(80);
		expect(lookupPort('ssh', 'tcp', tables.services)).toBe(22);
		expect(lookupPort('domain', 'udp', tables.services)).toBe(53);
		expect(lookupPort('httpd', 'tcp', tables.services)).toBeNull();
		expect(lookupPort('8080', 'tcp', tables.services)).toBe(8080);
		expect(lookupPort('70000', 'tcp', tables.services)).toBeNull();
	});
});

describe("the seed's second lvs_nat.conf (addresses throughout)", () => {
	const result = importLvsConf(fixture('lvs_nat.conf.seed-2'), tables);

	test('VIP, DIP, gateway, type and the http service with weights', () => {
		expect(result.config).toEqual({
			lvsType: 'nat',
			vips: [{address: '192.168.155.50', device: 'eth0', label: 'eth0:50', prefix: 32}],
			dip: {address: '172.16.0.1', device: 'eth0', network: '172.16.0.0/16'},
			directorGateway: '192.168.153.1',
			realServers: [
				{name: 'rs1', address: '172.16.0.21'},
				{name: 'rs2', address: '172.16.0.22'},
			],
			services: [
				{
					protocol: 'tcp',
					vip: '192.168.155.50',
					port: 80,
					scheduler: 'wlc',
					realServers: [
						{server: 'rs1', port: 80, weight: 3},
						{server: 'rs2', port: 80, weight: 1},
					],
				},
			],
		});
	});

	test('keys with no lvs-tui meaning are reported with their line, not dropped', () => {
		expect(result.notes.map(n => [n.line, n.kind, n.message.split(':')[0]])).toEqual([
			[2, 'ignored', 'LVSCONF_FORMAT'],
			[4, 'ignored', 'INITIAL_STATE'],
			[5, 'ignored', 'CLEAR_IPVS_TABLES'],
			[9, 'ignored', 'SERVER_NET_DEVICE'],
		]);
	});

	test('round trip: the rendered YAML loads, with NAT defaults and a pane per host', () => {
		const yaml = renderImportYaml(result, 'lvs_nat.conf');
		expect(yaml.startsWith("# lvs-tui config imported from lvs_nat.conf (configure-lvs lvs_nat.conf) by 'lvs-tui import'.\n")).toBe(true);
		const loaded = parseClusterConfig(yaml, 'imported.yaml');
		if (!loaded.ok) throw new Error(loaded.error.map(formatError).join('\n'));
		const c = loaded.value;
		expect(c.director).toEqual({name: 'director', transport: 'local'});
		expect(c.realServers.map(r => [r.name, r.address, r.host, r.jump])).toEqual([
			['rs1', '172.16.0.21', '172.16.0.21', undefined],
			['rs2', '172.16.0.22', '172.16.0.22', undefined],
		]);
		expect(c.vips).toEqual([{address: '192.168.155.50', device: 'eth0', label: 'eth0:50', prefix: 32, line: expect.any(Number)}]);
		expect(c.services[0].realServers).toEqual([
			{server: 'rs1', port: 80, weight: 3, forward: 'masq'},
			{server: 'rs2', port: 80, weight: 1, forward: 'masq'},
		]);
		expect(c.panes.map(p => p.title)).toEqual(['director', 'rs1', 'rs2']);
	});
});

describe("the seed's first lvs_nat.conf (names: lvs, dip, httpd, rs1:http)", () => {
	test('names resolved through /etc/hosts and /etc/services; httpd is not a service name', () => {
		const result = importLvsConf(fixture('lvs_nat.conf.seed-1'), tables);
		expect(result.config.vips).toEqual([{address: '192.168.155.50', device: 'eth1', label: 'eth1:50', prefix: 32}]);
		expect(result.config.dip).toEqual({address: '172.16.0.1', device: 'eth0', label: 'eth0:9', network: '192.168.152.0/22'});
		expect(result.config.services?.[0]).toMatchObject({vip: '192.168.155.50', port: 'httpd', scheduler: 'wlc'});
		expect(result.notes.filter(n => n.kind === 'unresolved').map(n => [n.line, n.message])).toEqual([
			[20, "port 'httpd' is not in /etc/services for tcp; replace it with the port number"],
		]);
		expect(result.notes.find(n => n.line === 12)?.kind).toBe('changed');
		expect(result.notes.find(n => n.line === 12)?.message).toBe('DIP network 192.168.155.12 is not the start of a /22 (netmask 255.255.252.0); used 192.168.152.0/22');
	});

	test('the YAML marks httpd and will not load until it is fixed; fixed, it loads', () => {
		const yaml = renderImportYaml(importLvsConf(fixture('lvs_nat.conf.seed-1'), tables), 'lvs_nat.conf');
		expect(yaml).toContain("#   line 20: port 'httpd' is not in /etc/services for tcp; replace it with the port number");
		expect(yaml).toMatch(/^ {4}port: httpd # UNRESOLVED \(line 20\)/m);
		const loaded = parseClusterConfig(yaml, 'imported.yaml');
		expect(loaded.ok).toBe(false);
		if (!loaded.ok) expect(loaded.error.map(e => e.message)).toEqual(["services[0].port: expected a whole number from 1 to 65535, got the text 'httpd'"]);
		const fixed = parseClusterConfig(yaml.replace(/port: httpd.*/, 'port: 80'), 'imported.yaml');
		expect(fixed.ok).toBe(true);
	});

	test('without hosts/services tables every name is left as is and reported', () => {
		const result = importLvsConf(fixture('lvs_nat.conf.seed-1'), empty);
		expect(result.config.vips?.[0].address).toBe('lvs');
		expect(result.config.realServers).toEqual([
			{name: 'rs1', address: 'rs1'},
			{name: 'rs2', address: 'rs2'},
		]);
		expect(result.notes.filter(n => n.kind === 'unresolved').map(n => n.line)).toEqual([9, 12, 20, 20, 20, 20, 20, 20]);
		const yaml = renderImportYaml(result, 'lvs_nat.conf');
		expect(yaml).toContain('# 8 names could not be resolved; this config will not load until each UNRESOLVED value is replaced:');
		expect(yaml).toMatch(/^ {2}- address: lvs # UNRESOLVED \(line 9\): VIP 'lvs' is not in \/etc\/hosts/m);
		expect(yaml).toMatch(/^ {4}vip: lvs # UNRESOLVED \(line 20\)/m);
	});
});

describe('lvs_nat.conf variants', () => {
	test('DR, udp, bare addresses, quoted values, trailing comments, and lines that are not KEY=value', () => {
		const text = [
			'LVS_TYPE=VS_DR',
			'VIP="eth0:110 10.1.1.110 255.255.255.255 10.1.1.110"',
			'SERVICE=u domain rr 10.1.2.11:domain 10.1.2.12:53,2   # dns',
			'SERVICE=t 443 sh rs1',
			'SERVICE=x 1 rr rs1',
			'echo hello',
			'MYSTERY=1',
		].join('\n');
		const result = importLvsConf(text, tables);
		expect(result.config.lvsType).toBe('dr');
		expect(result.config.services).toEqual([
			{protocol: 'udp', vip: '10.1.1.110', port: 53, scheduler: 'rr', realServers: [{server: '10.1.2.11', port: 53}, {server: '10.1.2.12', port: 53, weight: 2}]},
			{protocol: 'tcp', vip: '10.1.1.110', port: 443, scheduler: 'sh', realServers: [{server: 'rs1'}]},
		]);
		expect(result.notes.map(n => [n.line, n.kind])).toEqual([
			[5, 'unsupported'],
			[6, 'unsupported'],
			[7, 'unsupported'],
		]);
		expect(result.notes[1].message).toBe("not a KEY=value line: 'echo hello'");
		expect(result.notes[2].message).toBe("unknown configure-lvs key 'MYSTERY'");
		const loaded = parseClusterConfig(renderImportYaml(result, 'x'), 'x.yaml');
		if (!loaded.ok) throw new Error(loaded.error.map(formatError).join('\n'));
		expect(loaded.value.services[1].realServers).toEqual([{server: 'rs1', port: 443, weight: 1, forward: 'route'}]);
	});
});
