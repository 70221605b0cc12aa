import {readFileSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {DEFAULT_PREFIX_BINDINGS} from '../../source/domain/actions.js';
import {parseClusterConfig} from '../../source/domain/config/config-loader.js';
import {localModeConfig} from '../../source/domain/config/defaults.js';
import {formatError} from '../../source/domain/result.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/config/${name}`, import.meta.url), 'utf8');

function problems(text: string, file = 'lvs-tui.yaml') {
	const result = parseClusterConfig(text, file);
	if (result.ok) throw new Error('expected the config to be rejected');
	return result.error;
}

function config(text: string) {
	const result = parseClusterConfig(text, 'lvs-tui.yaml');
	if (!result.ok) throw new Error(result.error.map(formatError).join('\n'));
	return result.value;
}

describe('a complete LVS-NAT config', () => {
	const c = config(fixture('full.lvs-tui.yaml'));

	test('director over SSH with its identity', () => {
		expect(c.director).toMatchObject({name: 'dir1', host: '192.168.155.12', user: 'root', transport: 'ssh2', identityFile: '~/.ssh/id_ed25519'});
		expect(c.director.jump).toBeUndefined();
	});

	test('NAT real servers jump through the remote director unless jump: null', () => {
		expect(c.realServers[0]).toMatchObject({name: 'rs1', address: '172.16.0.11', host: '172.16.0.11', jump: 'dir1', mac: '00:16:3e:aa:bb:01'});
		expect(c.realServers[1]).toMatchObject({name: 'rs2', port: 2222});
		expect(c.realServers[1].jump).toBeUndefined();
	});

	test('VIPs: device from the label, prefix by address family', () => {
		expect(c.vips).toEqual([
			{address: '192.168.155.50', device: 'eth0', label: 'eth0:50', prefix: 32, line: 17},
			{address: '2001:db8::50', device: 'eth0', label: 'eth0:v6', prefix: 128, line: 20},
		]);
		expect(c.dip).toEqual({address: '172.16.0.1', device: 'eth1', network: '172.16.0.0/16'});
		expect(c.directorGateway).toBe('192.168.153.1');
	});

	test('services: wlc, weight 1, port and forward method from the service and LVS type', () => {
		expect(c.services[0]).toMatchObject({name: 'web', protocol: 'tcp', vip: '192.168.155.50', port: 80, scheduler: 'wlc'});
		expect(c.services[0].realServers).toEqual([
			{server: 'rs1', port: 80, weight: 3, forward: 'masq'},
			{server: 'rs2', port: 8080, weight: 1, forward: 'masq'},
		]);
		expect(c.services[1]).toMatchObject({protocol: 'fwm', fwmark: 1, scheduler: 'rr', persistent: 300, netmask: '255.255.255.0'});
		expect(c.services[1].realServers).toEqual([{server: '172.16.0.13', weight: 1, forward: 'route'}]);
	});

	test('panes: numbers given or the lowest free one, titles from the command', () => {
		expect(c.panes.map(p => [p.number, p.title, p.host ?? p.command])).toEqual([
			[0, 'director', 'dir1'],
			[1, 'rs1', 'rs1'],
			[5, 'top', 'top -d 1'],
		]);
	});

	test("keys: screen's escape ^Bb moves last-pane and literal to C-b / b, overlays and unbinds", () => {
		expect(c.keys.prefix).toBe(0x02);
		expect(c.keys.literal).toBe('b');
		expect(c.keys.bindings['^B']).toBe('pane.last');
		expect(c.keys.bindings['b']).toBe('prefix.literal');
		expect(c.keys.bindings['^A']).toBeUndefined();
		expect(c.keys.bindings['a']).toBeUndefined();
		expect(c.keys.bindings['k']).toBeUndefined();
		expect(c.keys.bindings['K']).toBe('pane.kill');
		expect(c.keys.bindings['^T']).toBe('ipvs.overlay');
		expect(c.keys.bindings['n']).toBe('pane.next');
		expect(c.keys.direct).toEqual({f2: 'vip.toggle', f3: 'help'});
	});

	test('theme and options', () => {
		expect(c.theme).toBe('light');
		expect(c.options).toEqual({scrollback: 5000, pollIntervalMs: 1000, sidePanel: 'off', confirmVipDown: true, kickstartDir: '/kickstart', dhcpdConf: '/etc/dhcp/dhcpd.conf', readOnly: true});
		expect(c.source).toBe('lvs-tui.yaml');
	});
});

describe('defaults', () => {
	test('a config with only a VIP: local director, one pane, screen keys, default options', () => {
		const c = config('vips:\n  - {address: 10.0.0.1, device: eth0}\n');
		const local = localModeConfig();
		expect(c.director).toEqual({name: 'director', transport: 'local'});
		expect(c.panes).toEqual([{number: 0, title: 'director', host: 'director'}]);
		expect(c.keys).toEqual(local.keys);
		expect(c.keys.bindings).toEqual(DEFAULT_PREFIX_BINDINGS);
		expect(c.keys.prefix).toBe(1);
		expect(c.keys.literal).toBe('a');
		expect(c.options).toEqual(local.options);
		expect(c.theme).toBe('default');
		expect(c.lvsType).toBe('nat');
	});

	test('with a local director, NAT real servers are reached directly; without panes every host gets one', () => {
		const c = config('realServers:\n  - {name: rs1, address: 10.1.0.11}\n  - {name: rs2, address: 10.1.0.12}\n');
		expect(c.realServers.map(r => r.jump)).toEqual([undefined, undefined]);
		expect(c.panes.map(p => `${p.number}:${p.host}`)).toEqual(['0:director', '1:rs1', '2:rs2']);
	});

	test('LVS-DR: forward defaults to route, real servers are not jumped through the director', () => {
		const c = config(
			'director: {host: dir.example}\nlvsType: dr\nrealServers:\n  - {name: rs1, address: 10.1.0.11}\nservices:\n  - {vip: 10.0.0.1, port: 443, realServers: [{server: rs1}]}\n',
		);
		expect(c.realServers[0].jump).toBeUndefined();
		expect(c.services[0].realServers[0]).toEqual({server: 'rs1', port: 443, weight: 1, forward: 'route'});
		expect(c.lvsType).toBe('dr');
	});

	test('keys in every spelling: C-b prefix, ^x / C-x / Ctrl-x bindings, numbers as keys', () => {
		const c = config('keys:\n  prefix: C-t\n  bindings:\n    ^x: help\n    C-y: pane.list\n    Ctrl-z: app.quit\n    5: pane.select.0\n    PageUp: pane.prev\n');
		expect(c.keys.prefix).toBe(0x14);
		expect(c.keys.literal).toBe('t');
		expect(c.keys.bindings).toMatchObject({'^X': 'help', '^Y': 'pane.list', '^Z': 'app.quit', '5': 'pane.select.0', pgup: 'pane.prev', '^T': 'pane.last', t: 'prefix.literal'});
	});
});

describe('bad input: every problem with file:line and what was expected', () => {
	test('the every-problem fixture reports each of its problems, in line order', () => {
		const found = problems(fixture('every-problem.lvs-tui.yaml'), 'every-problem.lvs-tui.yaml');
		expect(found.every(p => p.where?.file === 'every-problem.lvs-tui.yaml')).toBe(true);
		expect(found.map(p => [p.where?.line, p.code])).toEqual([
			[5, 'config.unknown-host'], // director jumps through an unknown host
			[6, 'config.unknown-key'], // realServer (typo)
			[9, 'config.address'], // 172.16.0.300
			[10, 'config.range'], // port 70000
			[11, 'config.jump-loop'], // rs1 -> rs2 -> rs1
			[15, 'config.duplicate-host'], // rs1 again
			[16, 'config.address'], // fe80::1::2
			[17, 'config.unknown-key'], // adress
			[20, 'config.unknown-host'], // jump: nowhere
			[22, 'config.address'], // VIP 192.168.155.500
			[26, 'config.label'], // label > 15 chars
			[29, 'config.label'], // label not starting with its device
			[33, 'config.address'], // /33
			[34, 'config.address'], // directorGateway: gateway
			[37, 'config.type'], // port: http
			[38, 'config.value'], // scheduler wlcc
			[40, 'config.service-server'], // rs9
			[41, 'config.range'], // weight 70000
			[43, 'config.value'], // forward: nat
			[47, 'config.duplicate-pane'], // pane number 1 twice
			[50, 'config.unknown-host'], // pane host rs5
			[51, 'config.type'], // number: three
			[53, 'config.bad-key'], // prefix ^[
			[55, 'config.unknown-action'], // pane.nxt
			[56, 'config.bad-key'], // f13
			[57, 'config.type'], // action as a list
			[59, 'config.bad-key'], // direct binding on a normal key
			[60, 'config.type'], // theme: 7
			[62, 'config.type'], // scrollback: lots
			[63, 'config.value'], // sidePanel: sometimes
		]);
	});

	test('messages say what was expected and suggest the nearest known word', () => {
		const text = problems(fixture('every-problem.lvs-tui.yaml'), 'f.yaml').map(formatError);
		expect(text).toContain("f.yaml:6: unknown key 'realServer' (did you mean 'realServers'?); expected one of: director, lvsType, realServers, vips, dip, directorGateway, services, panes, keys, theme, options");
		expect(text).toContain("f.yaml:17: unknown key 'realServers[2].adress' (did you mean 'address'?); expected one of: name, host, port, user, identityFile, jump, transport, address, mac");
		expect(text).toContain("f.yaml:11: jump loop: rs1 -> rs2 -> rs1; one of these hosts must be reachable without 'jump'");
		expect(text).toContain("f.yaml:15: host name 'rs1' is already used at line 8; every host needs its own name");
		expect(text).toContain('f.yaml:47: panes[1].number: pane number 1 is already used at line 45; each pane needs its own number');
		expect(text).toContain("f.yaml:26: vips[1].label: label 'eth0:this-is-too-long' is 21 characters; Linux allows at most 15");
		expect(text).toContain("f.yaml:29: vips[2].label: label 'eth1:52' must start with its device name 'eth0' (e.g. eth0:1)");
		expect(text).toContain("f.yaml:37: services[0].port: expected a whole number from 1 to 65535, got the text 'http'");
		expect(text).toContain("f.yaml:55: keys.bindings.n: unknown action 'pane.nxt' (did you mean 'pane.next'?); run 'lvs-tui --help' or see the README for the list");
		expect(text).toContain("f.yaml:40: services[0].realServers[0].server: 'rs9' names neither a configured host nor an IP address (did you mean 'rs1'?); configured hosts: dir1, rs1, rs2, rs4");
		expect(text).toContain('f.yaml:60: theme: expected a text value, got the number 7');
	});

	test('YAML syntax errors and duplicate keys carry their line', () => {
		expect(problems('director:\n  host: a\n  host: b\n').map(p => [p.code, p.where?.line])).toEqual([['config.syntax', 3]]);
		const broken = problems('vips:\n  - address: [10.0.0.1\noptions: {}\n');
		expect(broken[0].code).toBe('config.syntax');
		expect(broken[0].where?.line).toBeGreaterThanOrEqual(2);
		expect(broken[0].message).toMatch(/^YAML syntax: /);
	});

	test('an empty file or a top level that is not a mapping', () => {
		expect(problems('').map(p => [p.code, p.where?.line])).toEqual([['config.empty', 1]]);
		expect(problems('# only a comment\n')[0].code).toBe('config.empty');
		expect(formatError(problems('- a\n- b\n')[0])).toBe('lvs-tui.yaml:1: expected a mapping (key: value lines), got a list');
	});

	test('missing required values are named', () => {
		const found = problems('realServers:\n  - name: rs1\nvips:\n  - address: 10.0.0.1\nservices:\n  - protocol: fwm\n  - vip: 10.0.0.1\n    realServers:\n      - weight: 2\n');
		expect(found.map(p => [p.where?.line, p.code])).toEqual([
			[2, 'config.missing'],
			[4, 'config.missing'],
			[6, 'config.missing'],
			[7, 'config.missing'],
			[9, 'config.missing'],
		]);
		expect(found[0].message).toContain("'address' is required");
		expect(found[1].message).toContain("'device' is required");
		expect(found[2].message).toContain("needs 'fwmark'");
		expect(found[3].message).toContain("'port' is required");
		expect(found[4].message).toContain("'server' is required");
	});

	test('hosts: unsafe ssh words, local with a host, jump to itself, bad MAC', () => {
		const found = problems(
			'director:\n  host: -oProxyCommand=x\n  transport: local\nrealServers:\n  - name: rs1\n    address: 10.0.0.2\n    jump: rs1\n    mac: 00:16:3e:aa:bb\n    transport: openssh\n',
		);
		expect(found.map(p => [p.where?.line, p.code])).toEqual([
			[2, 'config.value'],
			[7, 'config.jump-loop'],
			[8, 'config.value'],
		]);
		expect(found[0].message).toContain("must not contain spaces or start with '-'");
		const local = problems('director:\n  host: dir1\n  transport: local\n');
		expect(formatError(local[0])).toBe("lvs-tui.yaml:3: director.transport: transport local runs on this machine; remove 'host' or use ssh2 or openssh");
	});

	test('services: port 0 only with persistence; fwm takes no VIP; netmask needs persistence', () => {
		expect(problems('services:\n  - {vip: 10.0.0.1, port: 0}\n')[0].code).toBe('config.range');
		expect(config('services:\n  - {vip: 10.0.0.1, port: 0, persistent: 360}\n').services[0].port).toBe(0);
		const fwm = problems('services:\n  - protocol: fwm\n    fwmark: 3\n    vip: 10.0.0.1\n    netmask: 255.0.255.0\n');
		expect(fwm.map(p => [p.where?.line, p.code])).toEqual([
			[4, 'config.value'],
			[5, 'config.value'],
			[5, 'config.value'],
		]);
	});
});

describe('services IPVS would refuse twice', () => {
	test('the same VIP:port/protocol twice, and the same real server twice in one service', () => {
		const found = problems(
			'services:\n  - vip: 10.0.0.1\n    port: 80\n    realServers:\n      - {server: 10.1.0.1}\n      - {server: 10.1.0.1, weight: 2}\n  - {vip: 10.0.0.1, port: 80}\n  - {vip: 10.0.0.1, port: 80, protocol: udp}\n',
		);
		expect(found.map(formatError)).toEqual([
			'lvs-tui.yaml:6: services[0].realServers[1].server: 10.1.0.1:80 is already a real server of this service; IPVS allows it once',
			'lvs-tui.yaml:7: services[1]: the service tcp 10.0.0.1:80 is already defined at line 2; IPVS allows it once (add real servers to that one)',
		]);
	});
});
