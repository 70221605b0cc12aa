// The panel's keys end to end on this machine's real shell: plans previewed as exact commands,
// input refused before anything runs, confirmed commands run for real with the program's own error
// shown verbatim and recorded in the audit log; read-only refuses. (This kernel has no IPVS, so
// ipvsadm fails here — the lab tests cover the successful path.)
import {afterAll, describe, expect, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, existsSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {LocalCommandRunner} from '../../source/transports/local-command-runner.js';
import {AuditLog} from '../../source/services/audit-log.js';
import {IpvsActions, READ_ONLY_MESSAGE} from '../../source/services/ipvs-actions.js';
import {IpvsPanelController} from '../../source/services/ipvs-panel-controller.js';
import type {IpvsData} from '../../source/store/ipvs-slice.js';
import type {Key} from '../../source/keymap/key-parser.js';
import {liveData} from './table-data.js';

const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-ipvs-ctl-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const key = (name: string, raw = name): Key => ({name, raw});
const type = (c: IpvsPanelController, text: string) => {
	for (const ch of text) c.handleKey(ch === ' ' ? key('space', ' ') : key(ch));
};

async function until<T>(what: string, f: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const v = f();
		if (v) return v;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise(r => setTimeout(r, 20));
	}
}

function setup(readOnly = false) {
	let data: IpvsData = liveData();
	const auditPath = join(dir, `audit-${Math.random().toString(36).slice(2)}.log`);
	const actions = new IpvsActions({
		runner: host => (host === 'director' ? new LocalCommandRunner({host: 'director'}) : undefined),
		audit: new AuditLog(auditPath),
		publish: reduce => {
			data = reduce(data);
		},
		readOnly: () => readOnly,
	});
	const controller = new IpvsPanelController({
		get: () => data,
		update: reduce => {
			data = reduce(data);
		},
		actions,
		readOnly: () => readOnly,
		config: {realServers: [{name: 'rs1', address: '10.0.2.21', transport: 'ssh2'}], services: [{protocol: 'tcp', vip: '10.0.2.100', port: 80, scheduler: 'wlc', realServers: [{server: 'rs1', port: 80, weight: 3, forward: 'masq'}]}]},
		stamp: () => '20261125T000000Z',
	});
	const audit = () => (existsSync(auditPath) ? readFileSync(auditPath, 'utf8').trim().split('\n').map(l => JSON.parse(l)) : []);
	return {controller, get: () => data, audit};
}

describe('IPVS panel keys', () => {
	it('drain: previews the exact command, runs it on y, shows the shell/ipvsadm output verbatim, audits it', async () => {
		const {controller, get, audit} = setup();
		controller.handleKey(key('down'));
		expect(get().view.cursorKey).toBe('tcp 10.0.2.100:80 -> 10.0.2.21:80');
		controller.handleKey(key('d'));
		const confirm = await until('the drain confirm', () => get().view.confirm);
		expect(confirm.plan.command).toBe('ipvsadm -e -t 10.0.2.100:80 -r 10.0.2.21:80 -m -w 0');
		expect(confirm.then).toEqual({kind: 'watch-drain', serviceKey: 'tcp 10.0.2.100:80', serverKey: '10.0.2.21:80', restoreWeight: 3});
		controller.handleKey(key('y'));
		const done = await until('the action result', () => (get().lastAction?.state === 'failed' ? get().lastAction : null));
		// What the same command prints when run by hand, independently of lvs-tui.
		let expected = '';
		try {
			execFileSync('/bin/sh', ['-c', confirm.plan.command], {stdio: 'pipe'});
		} catch (error) {
			const e = error as {stderr: Buffer; stdout: Buffer};
			expected = [e.stderr.toString().trim(), e.stdout.toString().trim()].filter(Boolean).join('\n');
		}
		expect(expected).not.toBe('');
		expect(done.output).toBe(expected);
		expect(done.message).toBe(expected.split('\n')[0]);
		const entries = audit();
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({host: 'director', command: confirm.plan.command, source: 'ipvs', error: expected.split('\n')[0]});
		expect(entries[0].exitCode).not.toBe(0);
		// A failed drain starts no drain watch.
		expect(get().drain).toBeNull();
	});

	it('refuses bad input in the prompt before anything runs', async () => {
		const {controller, get, audit} = setup();
		controller.handleKey(key('down'));
		controller.handleKey(key('w'));
		expect(get().view.prompt).toMatchObject({purpose: 'weight', text: '3'});
		controller.handleKey(key('backspace'));
		type(controller, '70000');
		controller.handleKey(key('enter'));
		await until('the prompt error', () => get().view.prompt?.error);
		expect(get().view.prompt?.error).toBe("weight '70000' is outside 0–65535");
		controller.handleKey(key('escape'));
		expect(get().view.prompt).toBeNull();

		controller.handleKey(key('N'));
		type(controller, 'tcp 10.0.2.105:80 nosuch');
		controller.handleKey(key('enter'));
		await until('the scheduler error', () => get().view.prompt?.error);
		expect(get().view.prompt?.error).toMatch(/^unknown scheduler 'nosuch'/);
		controller.handleKey(key('escape'));

		controller.handleKey(key('a'));
		type(controller, '10.0.2.300:80');
		controller.handleKey(key('enter'));
		await until('the address error', () => get().view.prompt?.error);
		expect(get().view.prompt?.error).toBe("'10.0.2.300:80' is not ADDRESS:PORT (IPv6 as [ADDRESS]:PORT)");
		controller.handleKey(key('escape'));
		expect(audit()).toEqual([]);
	});

	it('add real server and service edit are previewed; any key but y cancels', async () => {
		const {controller, get, audit} = setup();
		controller.handleKey(key('a'));
		type(controller, '10.0.2.30:80 g 2');
		controller.handleKey(key('enter'));
		const add = await until('the add confirm', () => get().view.confirm);
		expect(add.plan.command).toBe('ipvsadm -a -t 10.0.2.100:80 -r 10.0.2.30:80 -g -w 2');
		controller.handleKey(key('n'));
		expect(get().view.confirm).toBeNull();
		expect(get().lastAction?.message).toBe('cancelled: nothing was changed');

		controller.handleKey(key('E'));
		expect(get().view.prompt?.text).toBe('wlc');
		type(controller, ' -p 120');
		controller.handleKey(key('enter'));
		const edit = await until('the edit confirm', () => get().view.confirm);
		expect(edit.plan.command).toBe('ipvsadm -E -t 10.0.2.100:80 -s wlc -p 120');
		controller.handleKey(key('escape'));

		controller.handleKey(key('D'));
		const del = await until('the delete confirm', () => get().view.confirm);
		expect(del.plan.command).toBe('ipvsadm -D -t 10.0.2.100:80');
		expect(del.plan.warnings[0]).toMatch(/2 real server/);
		controller.handleKey(key('q'));

		controller.handleKey(key('S'));
		const save = await until('the save confirm', () => get().view.confirm);
		expect(save.plan.command).toContain('ipvsadm -S -n > /etc/ipvsadm.rules.lvs-tui-tmp');
		expect(save.plan.command).toContain('cp -p /etc/ipvsadm.rules /etc/ipvsadm.rules.lvs-tui-20261125T000000Z');
		controller.handleKey(key('n'));
		expect(audit()).toEqual([]);
	});

	it('read-only refuses every change and runs nothing', async () => {
		const {controller, get, audit} = setup(true);
		controller.handleKey(key('down'));
		for (const k of ['d', 'x', '+', '-', 'R', 'S', 'w', 'a', 'N', 'E', 'D']) {
			controller.handleKey(key(k));
			await until(`the refusal of ${k}`, () => get().lastAction?.state === 'refused');
			expect(get().lastAction?.message).toBe(READ_ONLY_MESSAGE);
			expect(get().view.confirm).toBeNull();
			expect(get().view.prompt).toBeNull();
		}
		expect(audit()).toEqual([]);
	});

	it('filter with / and sort with s', () => {
		const {controller, get} = setup();
		controller.handleKey(key('/'));
		type(controller, 'rs2');
		controller.handleKey(key('enter'));
		expect(get().view).toMatchObject({filter: 'rs2', filterEditing: false});
		controller.handleKey(key('escape'));
		expect(get().view.filter).toBe('');
		controller.handleKey(key('s'));
		expect(get().view.sort).toEqual({column: 'forward', descending: false});
		controller.handleKey(key('s'));
		expect(get().view.sort).toEqual({column: 'weight', descending: true});
		expect(controller.handleKey(key('tab'))).toBe(false);
	});
});
