// The panel drawn from parsed real captures with ink-testing-library: compact side panel and the
// 80x24 overlay, names from the config, rates and sparklines, sort, filter, cursor, stale, no-IPVS.
import React from 'react';
import {describe, expect, it} from 'vitest';
import {render} from 'ink-testing-library';
import {IpvsView} from '../../source/ui/panels/ipvs-panel.js';
import {ipvsPanelLines} from '../../source/ui/panels/ipvs-panel-lines.js';
import {appError} from '../../source/domain/result.js';
import {
	drainChanged,
	ipvsNoIpvs,
	ipvsPollFailed,
	moveCursor,
	setConfirm,
	setFilter,
	setSort,
	type IpvsData,
} from '../../source/store/ipvs-slice.js';
import {planDrain} from '../../source/domain/ipvs/ipvs-plan.js';
import {liveData} from './table-data.js';

const frame = (data: IpvsData, width: number, height: number, focused = true) => {
	const {lastFrame, unmount} = render(<IpvsView data={data} width={width} height={height} focused={focused} now={7_000} />);
	const text = lastFrame() ?? '';
	unmount();
	return text;
};

describe('IPVS panel', () => {
	const data = liveData();

	it('fits a 32-column side panel: names, weights, connections, CPS', () => {
		const text = frame(data, 32, 24);
		const lines = text.split('\n');
		for (const l of lines) expect(l.length).toBeLessThanOrEqual(32);
		expect(lines[0]).toBe('director: 8 services');
		expect(text).toContain('TCP 10.0.2.100:80 wlc');
		// rs1 gained 50 connections in the last second of director time; rs2 (weight 0) 2.
		expect(lines[3]).toBe('  rs1          3    0     0   50');
		expect(lines[4]).toBe('  rs2          0    0     0    2');
		expect(text).toContain('TCP 10.0.2.101:443 wlc p300');
		expect(text).toContain(' TCP 10.0.2.103:8080 sh (sh-fal…');
		// Addresses too long for the column keep their distinctive end.
		expect(text).toContain('  10.0.2.32    1');
		expect(text).toContain('  10.0.2.33    1');
		expect(text).toContain('  …0:77::21    1');
	});

	it('shows every column with a sparkline at 80x24 (the C-a i overlay)', () => {
		const text = frame(data, 80, 24);
		const lines = text.split('\n');
		expect(lines[1]).toMatch(/Service \/ server↑\s+Fwd\s+Wgt\s+Act\s+InAct\s+CPS\s+In B\/s\s+Out B\/s\s+CPS history/);
		const rs1 = lines.find(l => /rs1\s+Masq\s+3/.test(l))!;
		expect(rs1).toMatch(/\s0\s+0\s+50\s+25k\s+450k\s+▂▄▅▇█$/);
		expect(text).toMatch(/web-dr-1\s+Route\s+2\s+0\s+0\s+1\b/);
		expect(text).toContain('[fd00:77::21]:80');
		expect(text).toContain('FWM 1 rr');
		for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
		expect(lines.length).toBeLessThanOrEqual(24);
	});

	it('sorts by a column, filters with /, and marks the cursor row', () => {
		const sorted = ipvsPanelLines(setSort({column: 'cps', descending: true})(data), {width: 60, height: 40, now: 0, focused: true, ascii: false});
		const services = sorted.filter(l => l.role === 'accent' || l.role === 'panel.selected').map(l => l.text.trim().replace(/^›/, ''));
		expect(services[0]).toMatch(/^TCP 10\.0\.2\.100:80/);
		const filtered = frame(setFilter('rs2', false)(data), 40, 24);
		expect(filtered).toContain('rs2');
		expect(filtered).not.toContain('rs1');
		expect(filtered).toContain('/rs2');
		const moved = moveCursor(2)(data);
		expect(moved.view.cursorKey).toBe('tcp 10.0.2.100:80 -> 10.0.2.22:80');
		const lines = ipvsPanelLines(moved, {width: 40, height: 30, now: 0, focused: true, ascii: false});
		const selected = lines.filter(l => l.role === 'panel.selected');
		expect(selected).toHaveLength(1);
		expect(selected[0].text).toMatch(/^› rs2/);
	});

	it('keeps the last table when a poll fails, marked stale with its age and the error', () => {
		const stale = ipvsPollFailed('director', appError('ipvs.transport', 'director: connection lost', {where: {host: 'director'}}), 6_500)(data);
		const text = frame(stale, 60, 24);
		expect(text).toContain('STALE 1s old — director: connection lost (retrying)');
		expect(text).toContain('TCP 10.0.2.100:80 wlc');
	});

	it('says when the kernel has no IPVS and points to the kernel wizard', () => {
		const msg = "Can't initialize ipvs: Protocol not available\nAre you sure that IP Virtual Server is built in the kernel or as module?";
		const none = ipvsNoIpvs('director', appError('ipvs.no-ipvs', 'no IPVS in this kernel', {detail: msg}), 0)(data);
		const text = frame(none, 80, 10);
		expect(text).toContain('director: no IPVS in this kernel — see the kernel wizard (C-a W)');
		expect(text).toContain("Can't initialize ipvs: Protocol not available");
	});

	it('previews an action as the exact ipvsadm command with its warning', () => {
		const plan = planDrain({protocol: 'tcp', address: '10.0.2.101', port: 443, persistent: 300}, {address: '10.0.2.21', port: 443}, {forward: 'masq'});
		if (!plan.ok) throw new Error(plan.error.message);
		const text = frame(setConfirm({host: 'director', plan: plan.value})(data), 80, 24);
		expect(text).toContain('$ ipvsadm -e -t 10.0.2.101:443 -r 10.0.2.21:443 -m -w 0');
		expect(text).toContain('! TCP 10.0.2.101:443 is persistent (300 s)');
		expect(text).toContain('y runs it on director, any other key cancels');
	});

	it('says read-only in the header, and draws ASCII sparklines with --ascii', () => {
		const lines = ipvsPanelLines(data, {width: 80, height: 24, now: 0, focused: true, ascii: true, readOnly: true});
		expect(lines[0].text).toBe('director: 8 services · read-only');
		const rs1 = lines.find(l => /rs1\s+Masq\s+3/.test(l.text))!;
		expect(rs1.text).toMatch(/ \.=\+#@$/);
		expect(lines.find(l => l.role === 'panel.selected')?.text.startsWith('>')).toBe(true);
	});

	it('watches a drain: connections left, then drained with remove/restore offered', () => {
		const watching = drainChanged({host: 'director', serviceKey: 'tcp 10.0.2.101:443', serverKey: '10.0.2.22:443', startedAt: 0, restoreWeight: 2})(data);
		const busy: IpvsData = structuredClone(watching);
		busy.directors.director.table!.services[1].realServers[1].activeConns = 4;
		busy.directors.director.table!.services[1].realServers[1].inactiveConns = 9;
		const text = frame(busy, 80, 30);
		expect(text).toContain('draining rs2: 4 active, 9 inactive — waiting (x removes now, R restores)');
		expect(text).toContain('persistent 300 s: known clients keep coming until their templates expire');
		expect(frame(watching, 80, 30)).toContain('rs2 drained: no connections left — x removes, R restores weight 2, Esc');
	});

	it('reports unreadable lines but still shows the table', () => {
		const withIssue: IpvsData = {...data, directors: {director: {...data.directors.director, issues: [{line: 'zz', lineNumber: 7, reason: "unknown protocol 'zz'"}]}}};
		const text = frame(withIssue, 80, 40);
		expect(text).toContain("1 unreadable line: line 7: unknown protocol 'zz'");
		expect(text).toContain('TCP 10.0.2.100:80 wlc');
	});
});
