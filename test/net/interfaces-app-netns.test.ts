// The interfaces panel and the VIP key in the real terminal UI, under a real PTY: the program runs
// inside a network namespace this test creates, so its director ("local") is that namespace.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {hasCommand, isRoot, missing, type Requirement} from '../helpers/requirements.js';
import {CLI, VirtualScreen} from '../helpers/virtual-screen.js';

const id = `${process.pid % 100000}`;
const NS = `lvstui-vipapp-${id}`;
const net = `10.${100 + (process.pid % 100)}.${(Math.floor(process.pid / 100) + 29) % 250}`;
const VIP = `${net}.50`;
const here = dirname(fileURLToPath(import.meta.url));
const built: Requirement = () => (existsSync(CLI) ? null : 'needs the built CLI (npm run build)');

function labels(): string[] {
	const list = JSON.parse(execFileSync('ip', ['-n', NS, '-j', 'addr', 'show', 'dev', 'eth0'], {encoding: 'utf8'})) as Array<{addr_info: Array<{local: string; label?: string}>}>;
	return list[0].addr_info.filter(a => a.label && a.label !== 'eth0').map(a => `${a.local} ${a.label}`);
}

describe.skipIf(missing(isRoot, hasCommand('ip'), built))('interfaces panel in the terminal UI', () => {
	let dir: string;
	let screen: VirtualScreen | undefined;

	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'lvstui-vipapp-'));
		execFileSync('ip', ['netns', 'add', NS]);
		execFileSync('ip', ['-n', NS, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'peer0']);
		for (const dev of ['lo', 'eth0', 'peer0']) execFileSync('ip', ['-n', NS, 'link', 'set', dev, 'up']);
		execFileSync('ip', ['-n', NS, 'addr', 'add', `${net}.10/24`, 'dev', 'eth0']);
	});

	afterAll(() => {
		screen?.kill();
		try {
			execFileSync('ip', ['netns', 'del', NS]);
		} catch {}
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('shows the director interfaces with the VIP; F2 brings it up, F2 + y takes it down', async () => {
		screen = new VirtualScreen('ip', ['netns', 'exec', NS, process.execPath, join(here, 'interfaces-app-fixture.mjs')], {
			cols: 120,
			rows: 40,
			env: {LVSTUI_FIXTURE_VIP: VIP, LVSTUI_FIXTURE_AUDIT: join(dir, 'audit.log'), XDG_CONFIG_HOME: join(dir, 'cfg')},
		});
		await screen.waitFor('Interfaces', 30_000);
		await screen.waitFor(`VIP ${VIP} eth0:50 DOWN`, 30_000);
		// A frame may arrive in several chunks: wait for the whole panel, in the side panel's columns.
		await screen.waitFor(s => {
			const panel = s.lines().map(l => l.slice(120 - 34));
			return panel.some(l => l.includes(` ${net}.10/24`)) && panel.some(l => /\beth0 up [0-9a-f:]{17}/.test(l));
		}, 30_000);

		screen.write('\x1b[12~');
		// The panel shows the alias as soon as ip added it, while arping still announces it…
		await screen.waitFor(`VIP ${VIP} eth0:50 UP`, 30_000);
		expect(labels()).toEqual([`${VIP} eth0:50`]);
		await screen.waitFor(`${VIP}/32 eth0:50 VIP`, 30_000);
		// …and the key says so instead of starting a second change.
		screen.write('\x1b[12~');
		await screen.waitFor('a VIP change is still running on director: wait for it to finish', 30_000);
		await screen.waitFor(`VIP ${VIP} is up on eth0 (label eth0:50)`, 30_000);

		screen.write('\x1b[12~');
		await screen.waitFor(`Take VIP ${VIP} down?`, 30_000);
		screen.write('y');
		await screen.waitFor(`VIP ${VIP} eth0:50 DOWN`, 30_000);
		expect(labels()).toEqual([]);
		const audit = readFileSync(join(dir, 'audit.log'), 'utf8');
		expect(audit).toContain(`"command":"ip addr del ${VIP}/32 dev eth0"`);
	}, 150_000);
});
