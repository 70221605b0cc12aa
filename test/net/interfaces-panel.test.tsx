import React from 'react';
import {describe, expect, it} from 'vitest';
import {render} from 'ink-testing-library';
import {InterfacesView} from '../../source/ui/panels/interfaces-panel.js';
import {interfacesPanelLines, wrapText} from '../../source/ui/panels/interfaces-panel-lines.js';
import {parseHostProbe} from '../../source/domain/net/host-probe.js';
import {actionChanged, initialInterfaces, pollFailed, pollSucceeded, type InterfacesData} from '../../source/store/interfaces-slice.js';
import {appError} from '../../source/domain/result.js';
import {fixture} from './fixtures.js';

const probe = parseHostProbe(fixture('captured-probe-netns.txt'), 'director');
if (!probe.ok) throw new Error(probe.error.message);
const facts = probe.value;

function base(): InterfacesData {
	return initialInterfaces({
		lvsType: 'nat',
		director: {name: 'director', transport: 'local'},
		realServers: [{name: 'rs1', transport: 'ssh2', address: '10.77.0.21'}],
		vips: [
			{address: '10.77.0.50', device: 'eth0', label: 'eth0:50', prefix: 32},
			{address: '10.77.0.60', device: 'eth0', label: 'eth0:60', prefix: 32},
			{address: '10.77.0.999', device: 'eth0', prefix: 32},
		],
		dip: {address: '10.77.0.10', device: 'eth0'},
	});
}

describe('interfaces panel', () => {
	it('before the first answer says it is reading', () => {
		const {lastFrame} = render(<InterfacesView data={base()} width={32} height={10} now={0} />);
		expect(lastFrame()!.split('\n')[0]).toBe('director: reading…');
	});

	it('shows VIPs up/down, the DIP, warnings and each interface with state, MAC and labelled addresses', () => {
		const data = pollSucceeded('director', facts, 1000)(base());
		const lines = interfacesPanelLines(data, 32, 1000).map(l => l.text);
		expect(lines).toEqual([
			'director',
			'VIP 10.77.0.50 eth0:50 UP',
			'VIP 10.77.0.60 eth0:60 DOWN',
			"VIP VIP '10.77.0.999' is not an",
			'  IPv4 or IPv6 address',
			'DIP 10.77.0.10 eth0',
			'! ip_forward is off on a NAT',
			'  director: replies from the',
			'  real servers are dropped',
			'  (sysctl -w',
			'  net.ipv4.ip_forward=1)',
			'lo up',
			' 127.0.0.1/8',
			' ::1/128',
			'eth0 up ea:55:b4:b9:a0:67',
			' 10.77.0.10/24 DIP',
			' 10.77.0.50/32 eth0:50 VIP',
			' 10.77.0.51/24 eth0:51 sec',
		]);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(32);
		const {lastFrame} = render(<InterfacesView data={data} width={32} height={30} now={1000} />);
		expect(lastFrame()).toContain('VIP 10.77.0.50 eth0:50 UP');
	});

	it('cuts to its height and says how much is hidden', () => {
		const data = pollSucceeded('director', facts, 1000)(base());
		const {lastFrame} = render(<InterfacesView data={data} width={32} height={5} now={1000} />);
		const frame = lastFrame()!.split('\n');
		expect(frame).toHaveLength(5);
		expect(frame[4]).toBe('… 14 more lines');
	});

	it('a failed poll keeps the last good picture, marked stale with the reason', () => {
		let data = pollSucceeded('director', facts, 1000)(base());
		data = pollFailed('director', appError('net.poll-failed', 'cannot read interfaces: no answer within 10 s', {where: {host: 'director'}}))(data);
		const lines = interfacesPanelLines(data, 40, 31_000).map(l => l.text);
		expect(lines.slice(0, 3)).toEqual(['director: stale (30s ago)', 'cannot read interfaces: no answer within', '  10 s']);
		expect(lines).toContain('VIP 10.77.0.50 eth0:50 UP');
		data = pollFailed('rs1', appError('ssh.auth', 'authentication failed', {where: {host: 'rs1'}}))(data);
		expect(data.realServers.rs1.status).toBe('error');
		expect(interfacesPanelLines(data, 40, 31_000).map(l => l.text)).toContain('! rs1: authentication failed');
	});

	it('shows the last VIP action with its exact commands and ip\'s message', () => {
		const data = actionChanged({
			address: '10.77.0.60',
			direction: 'up',
			state: 'failed',
			message: 'ip addr add 10.77.0.60/32 dev eth0 label eth0:60 failed (exit 2): Error: ipv4: Address already assigned.',
			steps: [{command: 'ip addr add 10.77.0.60/32 dev eth0 label eth0:60', exitCode: 2, output: 'Error: ipv4: Address already assigned.\n'}],
			notes: [],
		})(pollSucceeded('director', facts, 0)(base()));
		const lines = interfacesPanelLines(data, 60, 0);
		const texts = lines.map(l => l.text);
		expect(texts).toContain('$ ip addr add 10.77.0.60/32 dev eth0 label eth0:60 → exit 2');
		expect(texts).toContain('Error: ipv4: Address already assigned.');
		expect(lines.find(l => l.text.startsWith('ip addr add'))?.role).toBe('status.error');
	});

	it('wraps on spaces and cuts words longer than the width', () => {
		expect(wrapText('a bb ccc', 4)).toEqual(['a bb', 'ccc']);
		expect(wrapText('abcdefghij', 4, ' ')).toEqual(['abcd', ' efg', ' hij']);
		expect(wrapText(' 10.0.0.1/32 eth0:50 VIP', 14, '   ')).toEqual([' 10.0.0.1/32', '   eth0:50 VIP']);
	});
});
