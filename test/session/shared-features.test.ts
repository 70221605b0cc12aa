// What the session server shares of the feature data and how a client applies it (pure functions),
// on tables parsed from real ipvsadm captures: only the pollers' data travels, the client's own view
// (cursor, sort, filter, prompt, last action) survives every patch, unchanged data keeps its identity
// (so the server's per-key comparison sends nothing), and malformed patches are ignored.
import {describe, expect, it} from 'vitest';
import {parseIpvsadmList} from '../../source/domain/ipvs/ipvsadm-list.js';
import {actionChanged, initialIpvs, ipvsPollSucceeded, type IpvsData} from '../../source/store/ipvs-slice.js';
import {initialInterfaces, type InterfacesData} from '../../source/store/interfaces-slice.js';
import {localModeConfig} from '../../source/domain/config/defaults.js';
import {applySharedFeatures, sharedFeaturesProjector} from '../../source/store/shared-features.js';
import {fixture} from '../ipvs/fixtures.js';

const table = (path: string) => parseIpvsadmList(fixture(path)).value;

function clientStore(ipvs: IpvsData, interfaces: InterfacesData) {
	const state = {
		readOnly: false,
		ipvs,
		interfaces,
		updateIpvs(reduce: (d: IpvsData) => IpvsData) {
			state.ipvs = reduce(state.ipvs);
		},
		updateInterfaces(reduce: (d: InterfacesData) => InterfacesData) {
			state.interfaces = reduce(state.interfaces);
		},
	};
	return state;
}

describe('shared feature data', () => {
	const config = localModeConfig();
	const basic = table('01-basic/ipvsadm_-Ln.txt');
	const full = table('02-full/ipvsadm_-Ln.txt');

	it('projects only the data, and keeps identity while the data is unchanged', () => {
		const project = sharedFeaturesProjector(false);
		let ipvs = initialIpvs(['director']);
		const interfaces = initialInterfaces(config);
		const first = project(ipvs, interfaces);
		expect(Object.keys(first).sort()).toEqual(['interfaces', 'ipvs', 'readOnly', 'sshWarnings']);
		expect(Object.keys(first.ipvs).sort()).toEqual(['directors', 'names', 'order']);
		expect(Object.keys(first.interfaces).sort()).toEqual(['director', 'realServers', 'warnings']);
		// A view change on the server side (there is none in practice) is not data: same objects.
		const second = project({...ipvs, view: {...ipvs.view, filter: 'x'}}, interfaces);
		expect(second.ipvs).toBe(first.ipvs);
		expect(second.interfaces).toBe(first.interfaces);
		ipvs = ipvsPollSucceeded('director', {table: basic, issues: [], sampleTime: 10}, 1000)(ipvs);
		const third = project(ipvs, interfaces);
		expect(third.ipvs).not.toBe(first.ipvs);
		expect(third.ipvs.directors.director!.table).toEqual(basic);
		expect(third.interfaces).toBe(first.interfaces);
	});

	it('carries the ~/.ssh/config warnings of the server, as a new object only when one was added', () => {
		const warnings: string[] = [];
		const project = sharedFeaturesProjector(false, () => warnings);
		const ipvs = initialIpvs(['director']);
		const interfaces = initialInterfaces(config);
		const first = project(ipvs, interfaces);
		expect(first.sshWarnings).toEqual([]);
		warnings.push('~/.ssh/config line 3: ProxyCommand is not followed');
		const second = project(ipvs, interfaces);
		expect(second).not.toBe(first);
		expect(second.sshWarnings).toEqual(['~/.ssh/config line 3: ProxyCommand is not followed']);
		expect(second.ipvs).toBe(first.ipvs);
		expect(project(ipvs, interfaces)).toBe(second);
	});

	it('a client takes the data and keeps its own view and last action', () => {
		const project = sharedFeaturesProjector(false);
		const server = ipvsPollSucceeded('director', {table: full, issues: [], sampleTime: 10}, 1000)(initialIpvs(['director']));
		const mine = actionChanged({host: 'director', summary: 's', command: 'c', state: 'done', message: 'm', output: '', exitCode: 0, at: 1})(initialIpvs(['director']));
		const view = {...mine.view, cursorKey: 'some-row', filter: '10.0', sort: mine.view.sort};
		const client = clientStore({...mine, view}, initialInterfaces(config));
		const result = applySharedFeatures(client, project(server, initialInterfaces(config)) as unknown as Record<string, unknown>);
		expect(result.readOnly).toBe(false);
		expect(client.ipvs.directors.director!.table).toEqual(full);
		expect(client.ipvs.view).toEqual(view);
		expect(client.ipvs.lastAction?.message).toBe('m');
	});

	it('a read-only session makes the client read-only, never the reverse; malformed patches change nothing', () => {
		const client = clientStore(initialIpvs(['director']), initialInterfaces(config));
		const before = client.ipvs;
		expect(applySharedFeatures(client, {readOnly: true}).readOnly).toBe(true);
		client.readOnly = true;
		expect(applySharedFeatures(client, {readOnly: false}).readOnly).toBe(true);
		for (const patch of [{ipvs: null}, {ipvs: {order: 'x', directors: {}, names: {}}}, {ipvs: []}, {interfaces: {director: 1}}, {other: 5}]) {
			applySharedFeatures(client, patch as Record<string, unknown>);
		}
		expect(client.ipvs).toBe(before);
	});
});
