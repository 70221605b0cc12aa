// dhcpd.conf reservations, edited on this machine through the same runner the director uses,
// every result validated by the real `dhcpd -t -cf` (Debian's isc-dhcp-server).
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, chmodSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeEach, describe, expect, it} from 'vitest';
import {parseDhcpdConf} from '../../source/domain/wizards/dhcpd-conf.js';
import {AuditLog} from '../../source/services/audit-log.js';
import {findDhcpRestart, prepareDhcpEdit, type DhcpChange} from '../../source/services/dhcp-reservation-service.js';
import {LocalFileAccess} from '../../source/transports/local-file-access.js';
import {runPlan} from '../../source/services/wizard-runner.js';
import {LocalCommandRunner} from '../../source/transports/local-command-runner.js';
import {hasCommand, missing} from '../helpers/requirements.js';

const SAMPLE = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'wizards', 'dhcpd.conf.sample'), 'utf8');
// The seed's layout: host blocks inside the subnet, FQDN names.
const SEED = `subnet 172.16.0.0 netmask 255.255.0.0 {
        range 172.16.0.10 172.16.0.20;
        option subnet-mask 255.255.0.0;
        option routers 172.16.0.1;

        host rs1.domain.com {
                hardware ethernet 00:60:08:cf:bd:6d;
                fixed-address 172.16.0.21;
        }

        host rs2.domain.com {
                hardware ethernet 00:a0:24:c5:e7:de;
                fixed-address 172.16.0.22;
        }
}
`;

const work = mkdtempSync(join(tmpdir(), 'lvs-tui-dhcp-'));
afterAll(() => rmSync(work, {recursive: true, force: true}));

const runner = new LocalCommandRunner();
const files = new LocalFileAccess();
let caseDir = '';
let counter = 0;

beforeEach(() => {
	caseDir = join(work, `case-${++counter}`);
	execFileSync('mkdir', ['-p', caseDir]);
});

function confFile(text: string): string {
	const path = join(caseDir, 'dhcpd.conf');
	writeFileSync(path, text, {mode: 0o644});
	return path;
}

function dhcpdAccepts(path: string): {ok: boolean; output: string} {
	const r = spawnSync('dhcpd', ['-t', '-cf', path], {encoding: 'utf8'});
	return {ok: r.status === 0, output: r.stderr + r.stdout};
}

async function apply(path: string, change: DhcpChange, readOnly = false) {
	const audit = new AuditLog(join(caseDir, 'audit.log'));
	const prepared = await prepareDhcpEdit({runner, files, path, restart: null}, change, new Date(Date.UTC(2026, 10, 25, 1, 2, 3)));
	if (!prepared.ok) return {prepared, outcome: null, audit};
	const outcome = await runPlan(prepared.value.plan, {host: () => ({runner, files}), audit, source: 'wizard.dhcp', readOnly});
	return {prepared, outcome, audit};
}

describe('parsing dhcpd.conf', () => {
	it('finds the subnet, its range and the host blocks of the real sample', () => {
		const parsed = parseDhcpdConf(SAMPLE, 'dhcpd.conf');
		if (!parsed.ok) throw new Error(parsed.error.message);
		expect(parsed.value.subnets.map(s => [s.address, s.netmask, s.network.prefix])).toEqual([['192.168.1.0', '255.255.255.0', 24]]);
		expect(parsed.value.ranges.map(r => [r.text, r.line])).toEqual([['192.168.1.200 192.168.1.220', 9]]);
		expect(parsed.value.hosts.map(h => [h.name, h.mac, h.fixedAddresses, h.line])).toEqual([
			['rs1', '00:16:3e:aa:bb:01', ['192.168.1.11'], 16],
			['rs2', '00:16:3e:aa:bb:02', ['192.168.1.12'], 21],
		]);
	});

	it('names the line of an unbalanced brace', () => {
		const parsed = parseDhcpdConf('subnet 10.0.0.0 netmask 255.0.0.0 {\n}\n}\n', '/etc/dhcp/dhcpd.conf');
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.error.where).toEqual({file: '/etc/dhcp/dhcpd.conf', line: 3});
	});
});

describe.skipIf(missing(hasCommand('dhcpd')))('reservations validated by the real dhcpd -t', () => {
	it('adds a host block: backup first, dhcpd -t passes, mode kept, no temp file left, audited', async () => {
		const path = confFile(SAMPLE);
		const {prepared, outcome, audit} = await apply(path, {kind: 'add', reservation: {name: 'rs3', mac: '00:16:3E:AA:BB:03', ip: '192.168.1.13'}});
		if (!prepared.ok) throw new Error(prepared.error.message);
		expect(outcome?.state).toBe('done');
		const text = readFileSync(path, 'utf8');
		expect(text).toContain('host rs3 {\n    hardware ethernet 00:16:3e:aa:bb:03;\n    fixed-address 192.168.1.13;\n}');
		expect(text.startsWith(SAMPLE.trimEnd())).toBe(true);
		expect(dhcpdAccepts(path).ok).toBe(true);
		expect(readFileSync(`${path}.lvs-tui-20261125-010203`, 'utf8')).toBe(SAMPLE);
		expect(statSync(path).mode & 0o777).toBe(0o644);
		expect(readdirSync(caseDir).sort()).toEqual(['audit.log', 'dhcpd.conf', 'dhcpd.conf.lvs-tui-20261125-010203']);
		const entries = readFileSync(audit.path, 'utf8').trim().split('\n').map(l => JSON.parse(l));
		expect(entries.map(e => e.command)).toEqual([
			expect.stringMatching(/^cp -p .*dhcpd\.conf .*lvs-tui-20261125-010203$/),
			expect.stringMatching(/^write .*dhcpd\.conf\.lvs-tui-new \(mode 644\)$/),
			expect.stringMatching(/dhcpd -t -cf .*lvs-tui-new/),
			expect.stringMatching(/^mv -f /),
		]);
		expect(entries.every(e => e.exitCode === 0 && e.source === 'wizard.dhcp')).toBe(true);
	});

	it("adds inside the seed's subnet block, with its indentation, and dhcpd accepts it", async () => {
		const path = confFile(SEED);
		const {outcome} = await apply(path, {kind: 'add', reservation: {name: 'rs3.domain.com', mac: '00:a0:24:c5:e7:df', ip: '172.16.0.23'}});
		expect(outcome?.state).toBe('done');
		const text = readFileSync(path, 'utf8');
		expect(text).toContain('        }\n        host rs3.domain.com {\n                hardware ethernet 00:a0:24:c5:e7:df;\n                fixed-address 172.16.0.23;\n        }\n}\n');
		const parsed = parseDhcpdConf(text, path);
		expect(parsed.ok && parsed.value.hosts.map(h => h.name)).toEqual(['rs1.domain.com', 'rs2.domain.com', 'rs3.domain.com']);
		expect(dhcpdAccepts(path).ok).toBe(true);
	});

	it('removes a host block and nothing else, validated', async () => {
		const path = confFile(SAMPLE);
		const {outcome} = await apply(path, {kind: 'remove', name: 'rs1'});
		expect(outcome?.state).toBe('done');
		const text = readFileSync(path, 'utf8');
		expect(text).toBe(SAMPLE.replace(/host rs1 \{[^}]*\}\n/, ''));
		expect(dhcpdAccepts(path).ok).toBe(true);
	});

	const refusals: [string, DhcpChange, RegExp, number | undefined][] = [
		['a name already reserved', {kind: 'add', reservation: {name: 'rs2', mac: '00:16:3e:aa:bb:09', ip: '192.168.1.19'}}, /host 'rs2' is already reserved/, 21],
		['the same short name as an FQDN', {kind: 'add', reservation: {name: 'RS1.lvs.example', mac: '00:16:3e:aa:bb:09', ip: '192.168.1.19'}}, /host 'rs1' is already reserved/, 16],
		['a MAC already reserved (other case)', {kind: 'add', reservation: {name: 'rs3', mac: '00:16:3E:AA:BB:02', ip: '192.168.1.19'}}, /MAC 00:16:3e:aa:bb:02 is already reserved for host 'rs2'/, 21],
		['an IP already reserved', {kind: 'add', reservation: {name: 'rs3', mac: '00:16:3e:aa:bb:03', ip: '192.168.1.11'}}, /192\.168\.1\.11 is already the fixed address of host 'rs1'/, 16],
		['an IP outside every subnet', {kind: 'add', reservation: {name: 'rs3', mac: '00:16:3e:aa:bb:03', ip: '172.16.0.23'}}, /outside every subnet declared .*declared: 192\.168\.1\.0\/24/, undefined],
		['an IP inside the dynamic range', {kind: 'add', reservation: {name: 'rs3', mac: '00:16:3e:aa:bb:03', ip: '192.168.1.210'}}, /inside the dynamic range 192\.168\.1\.200-192\.168\.1\.220/, 9],
		['the broadcast address', {kind: 'add', reservation: {name: 'rs3', mac: '00:16:3e:aa:bb:03', ip: '192.168.1.255'}}, /network or broadcast address/, 8],
		['an invalid MAC', {kind: 'add', reservation: {name: 'rs3', mac: '00:16:3e:aa:bb', ip: '192.168.1.13'}}, /not a MAC address/, undefined],
		['an invalid IP', {kind: 'add', reservation: {name: 'rs3', mac: '00:16:3e:aa:bb:03', ip: '192.168.1.256'}}, /not an IPv4 address/, undefined],
		['a non-RFC-1123 name', {kind: 'add', reservation: {name: 'rs 3;', mac: '00:16:3e:aa:bb:03', ip: '192.168.1.13'}}, /not an RFC 1123 host name/, undefined],
		['removing a host that is not there', {kind: 'remove', name: 'rs9'}, /no host block named 'rs9'/, undefined],
	];
	for (const [what, change, message, line] of refusals) {
		it(`refuses ${what}: clear message, file untouched, no backup`, async () => {
			const path = confFile(SAMPLE);
			const before = statSync(path).mtimeMs;
			const {prepared, outcome} = await apply(path, change);
			expect(outcome).toBeNull();
			expect(prepared.ok).toBe(false);
			if (!prepared.ok) {
				expect(prepared.error.message).toMatch(message);
				expect(prepared.error.where?.line).toBe(line);
			}
			expect(readFileSync(path, 'utf8')).toBe(SAMPLE);
			expect(statSync(path).mtimeMs).toBe(before);
			expect(readdirSync(caseDir)).toEqual(['dhcpd.conf']);
		});
	}

	it("refuses a config that already fails dhcpd -t, with dhcpd's own message, file untouched", async () => {
		const broken = SAMPLE.replace('fixed-address 192.168.1.12;', 'fixed-address 192.168.1.12');
		const path = confFile(broken);
		expect(dhcpdAccepts(path).ok).toBe(false);
		const {prepared} = await apply(path, {kind: 'add', reservation: {name: 'rs3', mac: '00:16:3e:aa:bb:03', ip: '192.168.1.13'}});
		expect(prepared.ok).toBe(false);
		if (!prepared.ok) {
			expect(prepared.error.code).toBe('dhcp.already-invalid');
			expect(prepared.error.message).toContain("already fails 'dhcpd -t'");
			expect(prepared.error.detail).toMatch(/dhcpd\.conf line 24: semicolon expected\./);
			expect(prepared.error.detail).not.toMatch(/Copyright/);
		}
		expect(readFileSync(path, 'utf8')).toBe(broken);
		expect(readdirSync(caseDir)).toEqual(['dhcpd.conf']);
	});

	it('read-only mode refuses the plan before anything runs', async () => {
		const path = confFile(SAMPLE);
		const {outcome} = await apply(path, {kind: 'add', reservation: {name: 'rs3', mac: '00:16:3e:aa:bb:03', ip: '192.168.1.13'}}, true);
		expect(outcome?.state).toBe('refused');
		expect(readFileSync(path, 'utf8')).toBe(SAMPLE);
		expect(readdirSync(caseDir)).toEqual(['dhcpd.conf']);
	});

	it("finds how to restart this machine's isc-dhcp-server (only looks; never restarts it)", async () => {
		expect(await findDhcpRestart(runner)).toMatch(/^(systemctl restart isc-dhcp-server|\/etc\/init\.d\/isc-dhcp-server restart)$/);
	});

	it('a missing file is named, nothing created', async () => {
		const path = join(caseDir, 'nope.conf');
		const {prepared} = await apply(path, {kind: 'remove', name: 'rs1'});
		expect(prepared.ok || prepared.error.message).toMatch(/nope\.conf does not exist on local/);
		expect(existsSync(path)).toBe(false);
	});
});

describe('the wizard runner', () => {
	it('stops at the first failure and resumes from the failed step without redoing the done ones', async () => {
		const log = join(caseDir, 'log');
		const flag = join(caseDir, 'flag');
		const audit = new AuditLog(join(caseDir, 'audit.log'));
		const plan = {
			title: 'resume test',
			steps: [
				{kind: 'run' as const, host: 'local', title: 'one', command: `echo one >> ${log}`},
				{kind: 'run' as const, host: 'local', title: 'needs the flag', command: `test -e ${flag} && echo two >> ${log}`},
				{kind: 'write' as const, host: 'local', title: 'secret', path: join(caseDir, 'secret'), content: 'x\n', mode: 0o600},
			],
		};
		const options = {host: () => ({runner, files}), audit, source: 'test', readOnly: false};
		const first = await runPlan(plan, options);
		expect(first.state).toBe('failed');
		if (first.state !== 'failed') return;
		expect(first.index).toBe(1);
		expect(first.statuses.map(s => s.state)).toEqual(['done', 'failed', 'pending']);
		expect(first.statuses[1].exitCode).toBe(1);
		writeFileSync(flag, '');
		const second = await runPlan(plan, options, first.index, first.statuses);
		expect(second.state).toBe('done');
		expect(second.statuses.map(s => s.state)).toEqual(['done', 'done', 'done']);
		expect(readFileSync(log, 'utf8')).toBe('one\ntwo\n');
		expect(statSync(join(caseDir, 'secret')).mode & 0o777).toBe(0o600);
		const entries = readFileSync(audit.path, 'utf8').trim().split('\n').map(l => JSON.parse(l));
		expect(entries.map(e => e.exitCode)).toEqual([0, 1, 0, 0]);
		expect(statSync(audit.path).mode & 0o777).toBe(0o600);
	});

	it('hands pane steps to the pane and pauses after each one', async () => {
		const sent: string[] = [];
		const plan = {
			title: 'pane steps',
			steps: [
				{kind: 'pane' as const, host: 'rs1', title: 'configure', command: 'make menuconfig'},
				{kind: 'pane' as const, host: 'rs1', title: 'build', command: 'make bzImage'},
			],
		};
		const options = {host: () => ({runner}), audit: new AuditLog(join(caseDir, 'audit.log')), source: 'test', readOnly: false, sendToPane: (_h: string, c: string) => sent.push(c)};
		const first = await runPlan(plan, options);
		expect(first).toMatchObject({state: 'paused', index: 1});
		const second = await runPlan(plan, options, 1, first.statuses);
		expect(second).toMatchObject({state: 'paused', index: 2});
		expect(sent).toEqual(['make menuconfig', 'make bzImage']);
		expect(second.statuses.map(s => s.state)).toEqual(['manual', 'manual']);
	});
});
