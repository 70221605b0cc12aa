import {describe, expect, it} from 'vitest';
import {addHostsEntry, parseHostsEntries, removeHostsName} from '../../source/domain/node/hosts-file.js';
import {proposeNextAddress, inCidr} from '../../source/domain/node/next-free-address.js';
import {newNodeAddState, nextStep, rampWeights, sameRequest, withStep} from '../../source/domain/node/node-add-state.js';
import {addNodeToConfig, removeNodeFromConfig} from '../../source/domain/node/cluster-config-edit.js';
import {parse} from 'yaml';

const HOSTS = `127.0.0.1\tlocalhost
# the real servers
172.16.0.21\trs1.domain.com rs1
172.16.0.22\trs2.domain.com rs2   # second
`;

describe('/etc/hosts edits', () => {
	it('parses entries with line numbers, skipping comments', () => {
		expect(parseHostsEntries(HOSTS).map(e => [e.line, e.address, e.names[0]])).toEqual([
			[1, '127.0.0.1', 'localhost'],
			[3, '172.16.0.21', 'rs1.domain.com'],
			[4, '172.16.0.22', 'rs2.domain.com'],
		]);
	});
	it('appends a new entry and keeps every other line', () => {
		const r = addHostsEntry(HOSTS, '172.16.0.23', ['rs3']);
		expect(r.ok && r.value.text).toBe(HOSTS + '172.16.0.23\trs3\n');
	});
	it('is idempotent for the same address and name', () => {
		const once = addHostsEntry(HOSTS, '172.16.0.23', ['rs3']);
		if (!once.ok) throw new Error('add failed');
		const twice = addHostsEntry(once.value.text, '172.16.0.23', ['rs3']);
		expect(twice.ok && twice.value.changed).toBe(false);
	});
	it('refuses a name or address used by another entry, naming the line', () => {
		const byName = addHostsEntry(HOSTS, '172.16.0.30', ['rs2']);
		expect(byName.ok).toBe(false);
		if (!byName.ok) expect(byName.error.where).toEqual({file: '/etc/hosts', line: 4});
		const byAddress = addHostsEntry(HOSTS, '172.16.0.21', ['rs9']);
		expect(!byAddress.ok && byAddress.error.code).toBe('hosts.address-in-use');
	});
	it('removes a name, and the line when nothing else is left on it', () => {
		const r = removeHostsName(HOSTS, 'rs1');
		expect(r.text).toContain('172.16.0.21\trs1.domain.com');
		const gone = removeHostsName(removeHostsName(HOSTS, 'rs1').text, 'rs1.domain.com');
		expect(gone.text).not.toContain('172.16.0.21');
		expect(gone.text).toContain('# the real servers');
		expect(removeHostsName(HOSTS, 'nosuch').changed).toBe(false);
	});
});

describe('next free address', () => {
	it('follows the highest real server, skipping used and dynamic addresses', () => {
		expect(
			proposeNextAddress({network: '172.16.0.0/16', realServers: ['172.16.0.21', '172.16.0.22'], used: ['172.16.0.23', '172.16.0.1'], dynamicRanges: [['172.16.0.24', '172.16.0.30']]}),
		).toBe('172.16.0.31');
	});
	it('wraps to the start of the network and gives null when it is full', () => {
		expect(proposeNextAddress({network: '10.0.0.0/30', realServers: ['10.0.0.2'], used: [], dynamicRanges: []})).toBe('10.0.0.1');
		expect(proposeNextAddress({network: '10.0.0.0/30', realServers: ['10.0.0.2', '10.0.0.1'], used: [], dynamicRanges: []})).toBeNull();
	});
	it('knows what is inside a network', () => {
		expect(inCidr('172.16.9.9', '172.16.0.0/16')).toBe(true);
		expect(inCidr('172.17.0.1', '172.16.0.0/16')).toBe(false);
		expect(inCidr('nonsense', '172.16.0.0/16')).toBe(false);
	});
});

describe('add-node state', () => {
	const request = {name: 'rs3', mac: '52:54:00:00:00:03', ip: '172.16.0.13', weight: 2, services: [], profile: 'rhel9' as const};
	it('resumes at the first step not done', () => {
		let s = newNodeAddState(request);
		expect(nextStep(s)).toBe('dhcp');
		s = withStep(s, 'dhcp', {status: 'done'});
		s = withStep(s, 'hosts', {status: 'done'});
		s = withStep(s, 'kickstart', {status: 'failed', detail: 'x'});
		expect(nextStep(s)).toBe('kickstart');
	});
	it('refuses to resume a run for another MAC or IP', () => {
		expect(sameRequest(request, {...request, ip: '172.16.0.14'})).toMatch(/used IP 172.16.0.13/);
		expect(sameRequest(request, {...request, mac: '52:54:00:00:00:03'.toUpperCase()})).toBeNull();
	});
	it('ramps in steps that end at the target', () => {
		expect(rampWeights(10)).toEqual([1, 5, 10]);
		expect(rampWeights(1)).toEqual([1]);
		expect(rampWeights(3, [10, 50, 100])).toEqual([1, 2, 3]);
		expect(rampWeights(0)).toEqual([]);
	});
});

describe('cluster config edits', () => {
	const CONFIG = `# lab cluster
director:
  name: director   # the box with the VIP
  host: 127.0.0.1
realServers:
  - name: rs1
    address: 172.16.0.11
services:
  - protocol: tcp
    vip: 10.0.2.100
    port: 80
    realServers:
      - server: rs1
        weight: 3
panes:
  - number: 0
    title: director
    host: director
`;
	const node = {name: 'rs3', address: '172.16.0.13', weight: 1, services: ['10.0.2.100:80'], jump: 'director', paneNumber: 3};
	it('adds the server, its service membership and its pane, keeping comments', () => {
		const r = addNodeToConfig(CONFIG, node, 'lvs-tui.yaml');
		if (!r.ok) throw new Error(r.error.message);
		expect(r.value.text).toContain('# the box with the VIP');
		const parsed = parse(r.value.text);
		expect(parsed.realServers.map((s: {name: string}) => s.name)).toEqual(['rs1', 'rs3']);
		expect(parsed.services[0].realServers).toContainEqual({server: 'rs3', weight: 1});
		expect(parsed.panes).toContainEqual({number: 3, title: 'rs3', host: 'rs3'});
		const again = addNodeToConfig(r.value.text, node, 'lvs-tui.yaml');
		expect(again.ok && again.value.changed).toBe(false);
	});
	it('removes every trace of the node', () => {
		const added = addNodeToConfig(CONFIG, node, 'lvs-tui.yaml');
		if (!added.ok) throw new Error('add failed');
		const r = removeNodeFromConfig(added.value.text, 'rs3', 'lvs-tui.yaml');
		if (!r.ok) throw new Error(r.error.message);
		expect(parse(r.value.text)).toEqual(parse(CONFIG));
		expect(r.value.text).toContain('# lab cluster');
	});
	it('reports a broken file instead of editing it', () => {
		const r = addNodeToConfig('realServers: [\n', node, 'lvs-tui.yaml');
		expect(!r.ok && r.error.message).toMatch(/cannot edit lvs-tui.yaml/);
	});
});
