// `lab up` / `lab down` and their bad inputs on a lab of this file's own (own state dir; the kit
// cache is shared): a port in use, a second `lab up` while one boots, a running lab reused, a VM
// that does not answer in time, a half-built kit, stale state — and never a QEMU left behind.
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createHash} from 'node:crypto';
import {spawn} from 'node:child_process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ensureKit, labDown, labUp, runningLab} from '../../source/lab/lab-control.js';
import {readKit} from '../../source/lab/kit-builder.js';
import {labPaths, type LabPaths} from '../../source/lab/lab-paths.js';
import {stateFiles, writeLabState} from '../../source/lab/lab-state.js';
import {debIsIntact} from '../../source/lab/package-fetch.js';
import {hasCommand, missing} from '../helpers/requirements.js';
import {run as labCommand} from '../../source/commands/lab.js';

/** QEMU processes started with a pid file in `dir` (what "no leaked qemu" means for this test). */
function qemusUsing(dir: string): number[] {
	const pids: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			if (argv[0]?.includes('qemu-system') && argv.some(a => a.startsWith(dir))) pids.push(Number(entry));
		} catch {
			// gone meanwhile
		}
	}
	return pids;
}

describe.skipIf(missing(hasCommand('qemu-system-x86_64'), hasCommand('apt-get'), hasCommand('dpkg-deb'), hasCommand('cpio')))('lab lifecycle', () => {
	// Made in beforeAll, not here: a describe whose tests are all filtered out never runs afterAll.
	let root = '';
	let paths: LabPaths;
	const logs: string[] = [];
	let blocker: Server;
	let blockedPort = 0;

	beforeAll(async () => {
		root = mkdtempSync(join(tmpdir(), 'lvs-tui-lab-life-'));
		paths = {...labPaths(), state: join(root, 'state')};
		// Build (or find) the shared kit first so the boot tests below time only the boot.
		const kit = await ensureKit(paths, line => logs.push(line));
		expect(kit.ok, kit.ok ? '' : kit.error.message).toBe(true);
		blocker = createServer();
		await new Promise<void>(r => blocker.listen(0, '127.0.0.1', () => r()));
		blockedPort = (blocker.address() as {port: number}).port;
	}, 600_000);

	afterAll(async () => {
		if (!root) return;
		await labDown(paths);
		for (const pid of qemusUsing(root)) process.kill(pid, 'SIGKILL');
		blocker?.close();
		rmSync(root, {recursive: true, force: true});
	});

	it('boots on another port when the wanted one is taken, refuses a second `lab up` meanwhile, reuses a running lab, and `lab down` leaves no QEMU', async () => {
		const first = labUp({paths, port: blockedPort, log: line => logs.push(line)});
		// While the first boots, its lock is held: a second `lab up` on the same lab must refuse.
		const lock = stateFiles(paths.state).lock;
		await waitFor(() => existsSync(lock), 30_000);
		const second = await labUp({paths});
		expect(second.ok).toBe(false);
		if (!second.ok) {
			expect(second.error.code).toBe('lab.busy');
			expect(second.error.message).toMatch(/another `lvs-tui lab up` \(pid \d+\) is starting this lab/);
		}

		const up = await first;
		expect(up.ok, up.ok ? '' : up.error.message + (up.error.detail ?? '')).toBe(true);
		if (!up.ok) return;
		expect(up.value.reused).toBe(false);
		expect(up.value.state.port).not.toBe(blockedPort);
		expect(logs.join('\n')).toContain(`port ${blockedPort} on 127.0.0.1 is in use: using ${up.value.state.port} instead`);
		expect(qemusUsing(root)).toEqual([up.value.state.pid]);
		expect(readFileSync(up.value.state.configPath, 'utf8')).toContain(`port: ${up.value.state.port}`);

		const again = await labUp({paths});
		expect(again.ok && again.value.reused).toBe(true);
		expect(qemusUsing(root)).toEqual([up.value.state.pid]);

		const down = await labDown(paths);
		expect(down.ok && down.value).toEqual({wasRunning: true, pid: up.value.state.pid});
		expect(qemusUsing(root)).toEqual([]);
		expect(existsSync(stateFiles(paths.state).state)).toBe(false);
		expect(existsSync(stateFiles(paths.state).config)).toBe(false);

		const downAgain = await labDown(paths);
		expect(downAgain.ok && downAgain.value.wasRunning).toBe(false);
	}, 300_000);

	it('kills the VM and removes its state when the owning process dies without cleaning up (killed test run)', async () => {
		const ownerRoot = mkdtempSync(join(tmpdir(), 'lvs-tui-lab-owner-'));
		const ownerPaths: LabPaths = {...paths, state: join(ownerRoot, 'state')};
		// The owner stands in for a vitest process that gets SIGKILLed mid-run.
		const owner = spawn('sleep', ['600'], {stdio: 'ignore'});
		let qemu = 0;
		try {
			const up = labUp({paths: ownerPaths, ownerPid: owner.pid, onStarted: pid => {
				qemu = pid;
				owner.kill('SIGKILL');
			}});
			await waitFor(() => qemu !== 0, 60_000);
			await waitFor(() => qemusUsing(ownerRoot).length === 0, 30_000);
			await waitFor(() => !existsSync(ownerPaths.state), 30_000);
			const result = await up;
			expect(result.ok).toBe(false);
		} finally {
			owner.kill('SIGKILL');
			for (const pid of qemusUsing(ownerRoot)) process.kill(pid, 'SIGKILL');
			rmSync(ownerRoot, {recursive: true, force: true});
		}
	}, 120_000);

	it('kills a VM that does not answer in time and says so', async () => {
		const up = await labUp({paths, bootTimeoutMs: 300});
		expect(up.ok).toBe(false);
		if (up.ok) return;
		expect(up.error.code).toBe('lab.boot-timeout');
		expect(up.error.message).toMatch(/did not answer on 127\.0\.0\.1:\d+ within 0 s; the VM was stopped/);
		expect(qemusUsing(root)).toEqual([]);
		expect(runningLab(paths.state)).toBeNull();
	}, 60_000);

	it('clears a stale record whose QEMU is gone', () => {
		mkdirSync(paths.state, {recursive: true});
		const files = stateFiles(paths.state);
		// PID 1 is alive but is not our QEMU: the record must not be trusted or killed.
		writeLabState({
			pid: 1, port: 1, kernelVersion: 'x', kitDir: '/nonexistent', stateDir: paths.state, pidFile: files.pidFile,
			consoleLog: files.consoleLog, qemuLog: files.qemuLog, configPath: files.config, knownHostsFile: files.knownHosts,
			identityFile: '/nonexistent', startedAt: new Date().toISOString(), bootSeconds: 1, hosts: [],
		});
		expect(runningLab(paths.state)).toBeNull();
		expect(existsSync(files.state)).toBe(false);
	});

	it('answers CLI commands on a stopped lab with a clear message and exit code', async () => {
		process.env.LVS_TUI_LAB_STATE_DIR = paths.state;
		try {
			expect(await labCommand(['status'])).toBe(3);
			expect(await labCommand(['traffic'])).toBe(1);
			expect(await labCommand(['traffic', 'many'])).toBe(2);
			expect(await labCommand(['add-host'])).toBe(2);
			expect(await labCommand(['frobnicate'])).toBe(2);
			expect(await labCommand(['up', '--port', 'x'])).toBe(2);
		} finally {
			delete process.env.LVS_TUI_LAB_STATE_DIR;
		}
	});
});

describe.skipIf(missing(hasCommand('apt-get'), hasCommand('dpkg-deb'), hasCommand('cpio'), hasCommand('depmod')))('a half-built cache', () => {
	let root = '';
	beforeAll(() => {
		root = mkdtempSync(join(tmpdir(), 'lvs-tui-lab-cache-'));
	});
	afterAll(() => {
		if (root) rmSync(root, {recursive: true, force: true});
	});

	it('rebuilds a kit left without its completion marker and sweeps interrupted build folders', async () => {
		const shared = labPaths();
		const first = await ensureKit(shared, () => {});
		expect(first.ok).toBe(true);
		if (!first.ok) return;
		// A private cache holding the shared downloads and keys, and an interrupted build.
		const paths: LabPaths = {cache: root, debs: join(root, 'debs'), keys: join(root, 'keys'), state: join(root, 'run')};
		mkdirSync(paths.debs, {recursive: true});
		for (const f of readdirSync(shared.debs)) if (f.endsWith('.deb')) copyFileSync(join(shared.debs, f), join(paths.debs, f));
		mkdirSync(paths.keys, {recursive: true, mode: 0o700});
		for (const f of readdirSync(shared.keys)) copyFileSync(join(shared.keys, f), join(paths.keys, f));
		const kitDir = join(root, `kit-${first.value.kit.marker.kernelVersion}`);
		mkdirSync(kitDir);
		writeFileSync(join(kitDir, 'vmlinuz'), 'half');
		mkdirSync(`${kitDir}.building-999999`);
		// An interrupted download: its partial folder with half a package in it.
		mkdirSync(join(paths.debs, '.partial-999999'));
		writeFileSync(join(paths.debs, '.partial-999999', 'ipvsadm_half.deb'), 'half');
		expect(readKit(kitDir)).toBeNull();

		const logs: string[] = [];
		const rebuilt = await ensureKit(paths, line => logs.push(line));
		expect(rebuilt.ok, rebuilt.ok ? '' : rebuilt.error.message).toBe(true);
		if (!rebuilt.ok) return;
		expect(rebuilt.value.built).toBe(true);
		expect(rebuilt.value.downloadedPackages).toBe(0);
		expect(logs.join('\n')).toContain('is incomplete or from an older recipe: rebuilding it');
		expect(readKit(kitDir)?.marker.keys).toEqual(first.value.kit.marker.keys);
		expect(readFileSync(join(kitDir, 'vmlinuz')).length).toBeGreaterThan(1_000_000);
		expect(existsSync(`${kitDir}.building-999999`)).toBe(false);
		expect(readdirSync(paths.debs).filter(f => f.startsWith('.partial-'))).toEqual([]);
		console.log(`kit rebuilt from cached packages in ${rebuilt.value.seconds.toFixed(1)} s`);
	}, 600_000);

	it('falls back to the cached kit when apt cannot provide the kernel it names (offline, sources gone)', async () => {
		const shared = labPaths();
		const logs: string[] = [];
		process.env.LVS_TUI_LAB_KERNEL = '9.9.9-99-amd64';
		try {
			const kit = await ensureKit(shared, line => logs.push(line));
			expect(kit.ok, kit.ok ? '' : kit.error.message).toBe(true);
			if (!kit.ok) return;
			expect(kit.value.built).toBe(false);
			expect(kit.value.kit.marker.kernelVersion).not.toBe('9.9.9-99-amd64');
			expect(logs.join('\n')).toMatch(/apt-get could not list the lab's packages \(E: .*linux-image-9\.9\.9-99-amd64.*\); using the cached kit for kernel \S+/);
		} finally {
			delete process.env.LVS_TUI_LAB_KERNEL;
		}
	});

	it('treats a truncated download as missing', async () => {
		const shared = labPaths();
		const deb = readdirSync(shared.debs).find(f => f.startsWith('ipvsadm_'))!;
		const copy = join(root, deb);
		copyFileSync(join(shared.debs, deb), copy);
		const bytes = readFileSync(copy);
		const meta = {package: 'ipvsadm', file: deb, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex')};
		expect(await debIsIntact(copy, meta)).toBe(true);
		truncateSync(copy, bytes.length - 100);
		expect(await debIsIntact(copy, meta)).toBe(false);
		writeFileSync(copy, Buffer.alloc(bytes.length));
		expect(await debIsIntact(copy, meta)).toBe(false);
	});
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise(r => setTimeout(r, 20));
	}
}
