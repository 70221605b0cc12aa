// The pure planning behind `node add`: conflicts found in real dhcpd.conf / ipvsadm -S captures,
// services and SSH route taken from the config, the health command run for real on loopback, and
// the dry-run diff.
import {createServer, type Server} from 'node:net';
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseClusterConfig} from '../../source/domain/config/config-loader.js';
import type {ClusterConfig} from '../../source/domain/config/cluster-config.js';
import {parseIpvsadmSave} from '../../source/domain/ipvs/ipvsadm-save.js';
import {addNodeToConfig} from '../../source/domain/node/cluster-config-edit.js';
import {dhcpAlreadyReserved, findNodeConflicts, type NodeFacts} from '../../source/domain/node/node-conflicts.js';
import {healthCommand, readHealth} from '../../source/domain/node/node-health.js';
import {healthPorts, nextPaneNumber, nodeHostConfig, nodeMemberships} from '../../source/domain/node/node-plan.js';
import {lineDiff} from '../../source/domain/node/text-diff.js';
import {parseDhcpdConf} from '../../source/domain/wizards/dhcpd-conf.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'node');
const DHCPD = readFileSync(join(fixtures, 'dhcpd.conf.sample'), 'utf8');
const SAVE = readFileSync(join(fixtures, 'ipvsadm-S-n.basic.txt'), 'utf8');

const CONFIG = `# test cluster
director:
  name: director
  host: 10.0.2.15
  user: root
lvsType: nat
realServers:
  - name: rs1
    address: 192.168.1.11
    mac: 00:16:3e:aa:bb:01
    user: admin
    identityFile: ~/.ssh/lvs
    jump: director
vips:
  - address: 10.0.2.100
    device: eth0
dip:
  address: 192.168.1.9
  device: eth1
  network: 192.168.1.0/24
services:
  - protocol: tcp
    vip: 10.0.2.100
    port: 80
    realServers:
      - server: rs1
        port: 8080
        weight: 3
  - protocol: udp
    vip: 10.0.2.100
    port: 53
    realServers: []
  - protocol: fwm
    fwmark: 7
    realServers:
      - server: rs1
        forward: route
panes:
  - number: 0
    title: director
    host: director
  - number: 4
    title: rs1
    host: rs1
`;

function config(): ClusterConfig {
	const r = parseClusterConfig(CONFIG, '/etc/lvs-tui.yaml');
	if (!r.ok) throw new Error(r.error.map(e => e.message).join('\n'));
	return r.value;
}

function facts(): NodeFacts {
	const dhcp = parseDhcpdConf(DHCPD, '/etc/dhcp/dhcpd.conf');
	if (!dhcp.ok) throw new Error(dhcp.error.message);
	return {
		config: config(),
		dhcp: {file: '/etc/dhcp/dhcpd.conf', conf: dhcp.value},
		hosts: {file: '/etc/hosts', text: '127.0.0.1\tlocalhost\n192.168.1.11\trs1\n192.168.1.30\tprinter\n'},
		ipvs: parseIpvsadmSave(SAVE).value,
	};
}

describe('what a new node joins and how it is reached', () => {
	it('joins every service with the port and forwarding method of the members already there', () => {
		const m = nodeMemberships(config(), '192.168.1.13', []);
		if (!m.ok) throw new Error(m.error.message);
		expect(m.value.map(x => [x.label, x.server, x.forward])).toEqual([
			['10.0.2.100:80', {address: '192.168.1.13', port: 8080}, 'masq'],
			['10.0.2.100:53', {address: '192.168.1.13', port: 53}, 'masq'],
			['fwm:7', {address: '192.168.1.13'}, 'route'],
		]);
		expect(healthPorts(m.value)).toEqual({tcp: [8080], unchecked: ['udp:10.0.2.100:53', 'fwm:fwm:7']});
	});
	it('joins only the services named, and names the known ones for a typo', () => {
		const one = nodeMemberships(config(), '192.168.1.13', ['tcp:10.0.2.100:80']);
		expect(one.ok && one.value.map(x => x.label)).toEqual(['10.0.2.100:80']);
		const typo = nodeMemberships(config(), '192.168.1.13', ['10.0.2.100:81']);
		expect(!typo.ok && typo.error.message).toBe("no service '10.0.2.100:81' in the cluster config (services: tcp:10.0.2.100:80, udp:10.0.2.100:53, fwm:fwm:7)");
	});
	it('is reached like the existing real servers (user, key, jump host), and gets the next pane number', () => {
		expect(nodeHostConfig(config(), 'rs3', '192.168.1.13')).toEqual({name: 'rs3', host: '192.168.1.13', address: '192.168.1.13', transport: 'ssh2', user: 'admin', identityFile: '~/.ssh/lvs', jump: 'director'});
		expect(nextPaneNumber(config())).toBe(5);
	});
});

describe('conflicts, checked on a real dhcpd.conf and ipvsadm -S -n capture', () => {
	it('a free name, MAC and IP has none', () => {
		expect(findNodeConflicts(facts(), {name: 'rs3', mac: '00:16:3e:aa:bb:03', ip: '192.168.1.13'}, false)).toEqual([]);
	});
	it('names each place a name, MAC or IP is taken, with file:line', () => {
		const byName = findNodeConflicts(facts(), {name: 'rs2', mac: '00:16:3e:aa:bb:03', ip: '192.168.1.13'}, false);
		expect(byName.map(e => [e.code, e.where?.line])).toEqual([['node.name-in-use', 21]]);
		const byMac = findNodeConflicts(facts(), {name: 'rs3', mac: '00:16:3E:AA:BB:01', ip: '192.168.1.13'}, false);
		expect(byMac.map(e => e.message)).toEqual(["MAC 00:16:3e:aa:bb:01 is already reserved in DHCP for host 'rs1'", 'MAC 00:16:3e:aa:bb:01 is already the MAC of real server rs1 in the cluster config']);
		const byHosts = findNodeConflicts(facts(), {name: 'rs3', mac: '00:16:3e:aa:bb:03', ip: '192.168.1.30'}, false);
		expect(byHosts.map(e => [e.message, e.where])).toEqual([['192.168.1.30 is already in /etc/hosts as printer', {file: '/etc/hosts', line: 3}]]);
		const outside = findNodeConflicts(facts(), {name: 'rs3', mac: '00:16:3e:aa:bb:03', ip: '10.0.2.100'}, false);
		expect(outside.map(e => e.message)).toEqual(['10.0.2.100 is a VIP', "10.0.2.100 is outside the real servers' network 192.168.1.0/24 (dip.network)"]);
	});
	it('an address already in IPVS is taken, unless the run is being resumed', () => {
		const f = facts();
		f.config = {...f.config, dip: {...f.config.dip!, network: '10.0.2.0/24'}};
		const fresh = findNodeConflicts(f, {name: 'rs3', mac: '00:16:3e:aa:bb:03', ip: '10.0.2.22'}, false);
		expect(fresh.map(e => e.message)).toEqual(['10.0.2.22 is already a real server of tcp 10.0.2.100:80 in IPVS on director']);
		expect(findNodeConflicts(f, {name: 'rs3', mac: '00:16:3e:aa:bb:03', ip: '10.0.2.22'}, true)).toEqual([]);
	});
	it('the same node already reserved is done, not a conflict', () => {
		const f = facts();
		const node = {name: 'rs2', mac: '00:16:3e:aa:bb:02', ip: '192.168.1.12'};
		expect(dhcpAlreadyReserved(f.dhcp!.conf, node)).toBe(true);
		expect(findNodeConflicts(f, node, false)).toEqual([]);
	});
});

describe('the health command, run for real on loopback', () => {
	let server: Server;
	let open = 0;
	beforeAll(async () => {
		server = createServer(socket => socket.end());
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		open = (server.address() as {port: number}).port;
	});
	afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

	it('reports an open and a closed port', async () => {
		// A port that was just free: bind, read it, close.
		const probe = createServer();
		await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
		const closed = (probe.address() as {port: number}).port;
		await new Promise<void>(resolve => probe.close(() => resolve()));
		const stdout = execFileSync('sh', ['-c', healthCommand('127.0.0.1', [open, closed], 2)], {encoding: 'utf8'});
		expect(readHealth(stdout, [open, closed])).toEqual({open: [open], closed: [closed], unknown: []});
	});
	it('a port the output does not mention is unknown, not open', () => {
		expect(readHealth('open 80\n', [80, 443])).toEqual({open: [80], closed: [], unknown: [443]});
	});
});

describe('config edit and dry-run diff', () => {
	it('writes the node into the services with its port and method, the fwm service too', () => {
		const r = addNodeToConfig(CONFIG, {name: 'rs3', address: '192.168.1.13', weight: 2, services: ['10.0.2.100:80', 'fwm:7'], memberships: {'10.0.2.100:80': {port: 8080, forward: 'masq'}, 'fwm:7': {forward: 'route'}}, jump: 'director', paneNumber: 5}, '/etc/lvs-tui.yaml');
		if (!r.ok) throw new Error(r.error.message);
		const parsed = parseClusterConfig(r.value.text, '/etc/lvs-tui.yaml');
		if (!parsed.ok) throw new Error(parsed.error.map(e => e.message).join('\n'));
		expect(parsed.value.services[0].realServers).toContainEqual({server: 'rs3', port: 8080, weight: 2, forward: 'masq'});
		expect(parsed.value.services[1].realServers).toEqual([]);
		expect(parsed.value.services[2].realServers).toContainEqual({server: 'rs3', weight: 2, forward: 'route'});
		expect(parsed.value.panes.at(-1)).toMatchObject({number: 5, title: 'rs3', host: 'rs3'});
	});
	it('shows added and removed lines with a little context', () => {
		expect(lineDiff('a\nb\nc\nd\ne\nf\n', 'a\nb\nc\nX\ne\nf\n', 1)).toEqual(['  c', '- d', '+ X', '  e']);
		expect(lineDiff('1\n2\n3\n4\n5\n6\n7\n8\n', '0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n', 1)).toEqual(['+ 0', '  1', '  …', '  8', '+ 9', '  ']);
		expect(lineDiff('same\n', 'same\n')).toEqual([]);
	});
});

describe('the add/remove-node form', () => {
	it('asks only what the action needs, and checks each field', async () => {
		const {initialNodeWizardState, nodeWizardFields} = await import('../../source/store/node-wizard-slice.js');
		const {validateField} = await import('../../source/services/node-wizard-controller.js');
		const {nodeWizardView} = await import('../../source/ui/wizards/node-wizard-lines.js');
		const state = initialNodeWizardState();
		expect(nodeWizardFields(state)).toEqual(['action', 'name', 'mac', 'ip', 'weight', 'services', 'kickstart', 'profile', 'password']);
		expect(nodeWizardFields({values: {...state.values, kickstart: 'no'}})).toEqual(['action', 'name', 'mac', 'ip', 'weight', 'services', 'kickstart']);
		expect(nodeWizardFields({values: {...state.values, action: 'remove'}})).toEqual(['action', 'name', 'keepDhcp', 'keepHosts']);
		const values = {...state.values, name: 'rs3.example.com', mac: '01:00:5e:00:00:01', ip: '172.16.0.300', weight: '70000'};
		expect(validateField('name', values, 0)).toBe('use the short name (rs3)');
		expect(validateField('mac', values, 0)).toMatch(/multicast MAC/);
		expect(validateField('ip', values, 0)).toMatch(/is not an IPv4 address/);
		expect(validateField('weight', values, 0)).toBe('a whole number 0-65535');
		expect(validateField('password', values, 0)).toMatch(/needs a root password/);
		expect(validateField('password', values, 8)).toBeNull();
		expect(validateField('mac', {...values, action: 'remove'}, 0)).toBeNull();
		const view = nodeWizardView({...state, values: {...state.values, name: 'rs3'}, fieldIndex: 1, passwordLength: 4}, false);
		expect(view.body.map(l => l.text)).toEqual([
			'  Action: < add >',
			'▶ Name: rs3_',
			'    short host name, e.g. rs3 (names the pane, the DHCP host, /etc/hosts)',
			'  MAC address: ',
			'  IP address: ',
			'  Weight: 1',
			'  Services: (all)',
			'  Kickstart: < yes >',
			'  Installer: < rhel9 >',
			'  Root password: ••••',
		]);
	});
});
