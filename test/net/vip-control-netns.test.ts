// VipControl against the real `ip` and `arping` of this host, in two network namespaces this test
// creates: "director" (eth0) and "client" (peer0) joined by a veth pair. Traffic goes only between them.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';
import {AuditLog} from '../../source/services/audit-log.js';
import {VipControl} from '../../source/services/vip-control.js';
import {validateVip, type VipSpec} from '../../source/domain/net/vip-spec.js';
import {initialInterfaces, vipStates, type InterfacesData} from '../../source/store/interfaces-slice.js';
import type {CommandRunner, ExecOptions, ExecResult} from '../../source/transports/command-runner.js';
import {NetnsRunner} from './netns-runner.js';

const id = `${process.pid % 100000}`;
const DIRECTOR = `lvstui-vipd-${id}`;
const CLIENT = `lvstui-vipc-${id}`;
// A private range that exists only between the two namespaces.
const net = `10.${100 + (process.pid % 100)}.${Math.floor(process.pid / 100) % 250}`;
const DIRECTOR_IP = `${net}.10`;
const CLIENT_IP = `${net}.1`;
const VIP = `${net}.50`;
const TAKEN_VIP = `${net}.60`;

function sh(argv: string[]): string {
	return execFileSync(argv[0], argv.slice(1), {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
}
function inNs(ns: string, argv: string[]): string {
	return sh(['ip', 'netns', 'exec', ns, ...argv]);
}
function labelsOnDirector(): string[] {
	const list = JSON.parse(sh(['ip', '-n', DIRECTOR, '-j', 'addr', 'show', 'dev', 'eth0'])) as Array<{addr_info: Array<{local: string; prefixlen: number; label?: string}>}>;
	return list[0].addr_info.filter(a => a.label).map(a => `${a.local}/${a.prefixlen} ${a.label}`);
}
// Node itself is the HTTP server and client (busybox-static's wget crashes resolving names here).
const SERVER = `require('http').createServer((q, s) => s.end('director ${id}\\n')).listen(8080)`;
const CLIENT_JS = `const r = require('http').get(process.argv[1], {timeout: 2000}, res => res.pipe(process.stdout)); r.on('timeout', () => r.destroy(new Error('timeout'))); r.on('error', e => { console.error(e.message); process.exit(1); });`;

function httpGet(ns: string, url: string): {ok: boolean; text: string} {
	try {
		return {ok: true, text: inNs(ns, [process.execPath, '-e', CLIENT_JS, url])};
	} catch (error) {
		return {ok: false, text: String((error as {stderr?: string}).stderr ?? error)};
	}
}
/** Fetch from the client through the VIP; bounded by the client's own 2 s timeout. */
function fetchViaVip(): {ok: boolean; text: string} {
	return httpGet(CLIENT, `http://${VIP}:8080/`);
}
async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		if (check()) return;
		await new Promise(r => setTimeout(r, 50));
	}
	throw new Error(`timed out waiting for ${what}`);
}

/** A second admin: runs one command on the director just before our runner's matching command. */
class SecondAdmin implements CommandRunner {
	constructor(private readonly inner: CommandRunner, private readonly before: {match: RegExp; run: string[]} | null) {}
	get host(): string {
		return this.inner.host;
	}
	async exec(command: string, options?: ExecOptions): Promise<ExecResult> {
		if (this.before && this.before.match.test(command)) {
			inNs(DIRECTOR, this.before.run);
			this.before = null;
		}
		return this.inner.exec(command, options);
	}
}

describe.skipIf(missing(isRoot, hasCommand('ip'), hasCommand('arping'), hasCommand('setpriv')))('VipControl on real ip in a network namespace', () => {
	let dir: string;
	let httpd: ChildProcess | undefined;
	let audit: AuditLog;
	let data: InterfacesData;
	let control: VipControl;
	let spec: VipSpec;
	const runner = new NetnsRunner('director', DIRECTOR);
	const publish = (reduce: (d: InterfacesData) => InterfacesData) => {
		data = reduce(data);
	};
	const auditLines = () => (existsSync(audit.path) ? readFileSync(audit.path, 'utf8').trim().split('\n').filter(Boolean).map(l => JSON.parse(l) as Record<string, unknown>) : []);

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'lvstui-vip-'));
		sh(['ip', 'netns', 'add', DIRECTOR]);
		sh(['ip', 'netns', 'add', CLIENT]);
		sh(['ip', 'link', 'add', 'eth0', 'netns', DIRECTOR, 'type', 'veth', 'peer', 'name', 'peer0', 'netns', CLIENT]);
		for (const [ns, dev, ip] of [[DIRECTOR, 'eth0', DIRECTOR_IP], [CLIENT, 'peer0', CLIENT_IP]]) {
			inNs(ns, ['ip', 'link', 'set', 'lo', 'up']);
			inNs(ns, ['ip', 'addr', 'add', `${ip}/24`, 'dev', dev]);
			inNs(ns, ['ip', 'link', 'set', dev, 'up']);
		}
		httpd = spawn('ip', ['netns', 'exec', DIRECTOR, process.execPath, '-e', SERVER], {stdio: 'ignore'});
		await waitFor('the HTTP server in the director namespace', () => httpGet(DIRECTOR, 'http://127.0.0.1:8080/').ok);
		audit = new AuditLog(join(dir, 'state', 'audit.log'));
		spec = value(validateVip({address: VIP, device: 'eth0', label: 'eth0:50'}));
		data = initialInterfaces({lvsType: 'nat', director: {name: 'director', transport: 'local'}, realServers: [], vips: [{address: VIP, device: 'eth0', label: 'eth0:50', prefix: 32}]});
		control = new VipControl({director: runner, audit, readOnly: false, publish});
	});

	afterAll(() => {
		if (httpd?.pid) {
			try {
				process.kill(httpd.pid);
			} catch {}
		}
		for (const ns of [DIRECTOR, CLIENT]) {
			try {
				sh(['ip', 'netns', 'del', ns]);
			} catch {}
		}
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('status: the VIP starts down, traffic to it fails', async () => {
		const status = value(await control.status(spec));
		expect(status.up).toBe(false);
		expect(fetchViaVip().ok).toBe(false);
	});

	it('up: duplicate check, labelled alias, gratuitous ARP; panel and audit updated; traffic works', async () => {
		const outcome = value(await control.up(spec));
		expect(outcome.state).toBe('done');
		expect(outcome.message).toBe(`VIP ${VIP} is up on eth0 (label eth0:50)`);
		expect(outcome.steps.map(s => [s.command, s.exitCode])).toEqual([
			[`arping -D -q -c 2 -w 3 -I eth0 ${VIP}`, 0],
			[`ip addr add ${VIP}/32 dev eth0 label eth0:50`, 0],
			[`arping -U -c 3 -I eth0 ${VIP}`, 0],
		]);
		expect(labelsOnDirector()).toEqual([`${DIRECTOR_IP}/24 eth0`, `${VIP}/32 eth0:50`]);
		// the panel is true at once: the re-read after the change was published
		expect(vipStates(data).map(v => v.state)).toEqual(['up']);
		expect(data.lastAction).toMatchObject({state: 'done', address: VIP, direction: 'up'});
		expect(auditLines().map(l => [l.command, l.exitCode, l.source, l.host])).toEqual([
			[`ip addr add ${VIP}/32 dev eth0 label eth0:50`, 0, 'vip', 'director'],
			[`arping -U -c 3 -I eth0 ${VIP}`, 0, 'vip', 'director'],
		]);
		expect(statSync(audit.path).mode & 0o777).toBe(0o600);
		const got = fetchViaVip();
		expect(got).toEqual({ok: true, text: `director ${id}\n`});
	});

	it('up again: already up, nothing run, nothing audited', async () => {
		const before = auditLines().length;
		const outcome = value(await control.up(spec));
		expect(outcome).toMatchObject({state: 'unchanged', steps: [], message: `VIP ${VIP} is already up on eth0 (label eth0:50); nothing changed`});
		expect(auditLines().length).toBe(before);
	});

	it('down: ip addr del with the prefix, alias gone, traffic fails; down again changes nothing', async () => {
		const outcome = value(await control.toggle(spec));
		expect(outcome.state).toBe('done');
		expect(outcome.steps.map(s => s.command)).toEqual([`ip addr del ${VIP}/32 dev eth0`]);
		expect(labelsOnDirector()).toEqual([`${DIRECTOR_IP}/24 eth0`]);
		expect(vipStates(data).map(v => v.state)).toEqual(['down']);
		expect(fetchViaVip().ok).toBe(false);
		const again = value(await control.down(spec));
		expect(again).toMatchObject({state: 'unchanged', message: `VIP ${VIP} is already down on eth0; nothing changed`});
	});

	it('refuses to bring up an address another host already answers for (arping -D)', async () => {
		inNs(CLIENT, ['ip', 'addr', 'add', `${TAKEN_VIP}/32`, 'dev', 'peer0']);
		const taken = value(validateVip({address: TAKEN_VIP, device: 'eth0', label: 'eth0:60'}));
		const outcome = value(await control.up(taken));
		expect(outcome.state).toBe('failed');
		expect(outcome.error?.code).toBe('vip.duplicate');
		expect(outcome.steps.map(s => s.command)).toEqual([`arping -D -q -c 2 -w 3 -I eth0 ${TAKEN_VIP}`]);
		expect(labelsOnDirector()).toEqual([`${DIRECTOR_IP}/24 eth0`]);
	});

	it("shows ip's own message verbatim when ip fails (Address already assigned / Address not found)", async () => {
		// Another admin adds the VIP between our read and our add.
		const racing = new VipControl({director: new SecondAdmin(runner, {match: /^ip addr add/, run: ['ip', 'addr', 'add', `${VIP}/32`, 'dev', 'eth0', 'label', 'eth0:50']}), audit, readOnly: false, publish});
		const up = value(await racing.up(spec));
		expect(up.state).toBe('failed');
		expect(up.error?.message).toBe(`ip addr add ${VIP}/32 dev eth0 label eth0:50 failed (exit 2): Error: ipv4: Address already assigned.`);
		expect(up.steps[1]).toEqual({command: `ip addr add ${VIP}/32 dev eth0 label eth0:50`, exitCode: 2, output: 'Error: ipv4: Address already assigned.\n'});
		// the panel shows what is really there (the other admin's VIP)
		expect(vipStates(data).map(v => v.state)).toEqual(['up']);
		expect(auditLines().at(-1)).toMatchObject({exitCode: 2, error: 'Error: ipv4: Address already assigned.'});

		// …and removes it between our read and our delete.
		const racingDown = new VipControl({director: new SecondAdmin(runner, {match: /^ip addr del/, run: ['ip', 'addr', 'del', `${VIP}/32`, 'dev', 'eth0']}), audit, readOnly: false, publish});
		const down = value(await racingDown.down(spec));
		expect(down.error?.message).toBe(`ip addr del ${VIP}/32 dev eth0 failed (exit 2): Error: ipv4: Address not found.`);
		expect(vipStates(data).map(v => v.state)).toEqual(['down']);
	});

	it('without permission: RTNETLINK answers: Operation not permitted, nothing changed', async () => {
		const nobody = new VipControl({director: new NetnsRunner('director', DIRECTOR, {asUser: 65534}), audit, readOnly: false, publish});
		const outcome = value(await nobody.up(spec));
		expect(outcome.state).toBe('failed');
		expect(outcome.error?.message).toMatch(/failed \(exit 2\): RTNETLINK answers: Operation not permitted$/);
		expect(outcome.steps.map(s => s.exitCode)).toEqual([0, 2]);
		expect(labelsOnDirector()).toEqual([`${DIRECTOR_IP}/24 eth0`]);
	});

	it('IPv6 VIP: added without label or arping, found again in its compressed spelling, removed', async () => {
		const v6 = value(validateVip({address: '2001:DB8:0:0::50', device: 'eth0', label: 'eth0:50'}));
		const up = value(await control.up(v6));
		expect(up.steps.map(s => s.command)).toEqual(['ip addr add 2001:db8::50/128 dev eth0']);
		expect(up.state).toBe('done');
		expect(up.notes).toEqual(['IPv6: the kernel runs duplicate address detection and announces the address itself']);
		expect(value(await control.status(v6)).up).toBe(true);
		const down = value(await control.down(v6));
		expect(down.steps.map(s => s.command)).toEqual(['ip addr del 2001:db8::50/128 dev eth0']);
		expect(value(await control.status(v6)).up).toBe(false);
	});

	it('refuses before anything runs: read-only, unknown device', async () => {
		const before = auditLines().length;
		const ro = new VipControl({director: runner, audit, readOnly: true, publish});
		const r = await ro.up(spec);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error.message).toBe(`read-only mode: refusing to bring up VIP ${VIP}; nothing changed`);
		expect(data.lastAction).toMatchObject({state: 'refused'});
		const eth9 = value(validateVip({address: VIP, device: 'eth9', label: 'eth9:50'}));
		const r2 = await control.up(eth9);
		expect(r2.ok).toBe(false);
		if (!r2.ok) expect(r2.error.message).toBe('device eth9 does not exist on the director (it has: lo, eth0); nothing changed');
		expect(auditLines().length).toBe(before);
		expect(labelsOnDirector()).toEqual([`${DIRECTOR_IP}/24 eth0`]);
	});
});

function value<T>(r: {ok: true; value: T} | {ok: false; error: {message: string}}): T {
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
}
