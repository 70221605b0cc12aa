// The lab's lifecycle: make sure a kit exists (download + build once), boot it, hand out the config,
// and stop it again. Every step returns a Result; a VM that fails to come up is killed before the
// error is returned, so no path leaves a QEMU behind.
import {spawn} from 'node:child_process';
import {copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {appError, fail, ok, type AppError, type Result} from '../domain/result.js';
import {shellJoin} from '../domain/shell-quote.js';
import {buildKit, readKit, type Kit} from './kit-builder.js';
import {labConfigYaml, labKnownHosts} from './lab-config.js';
import {clientKeyPath, ensureClientKey, ensureHostKey} from './lab-keys.js';
import {kitDir, labPaths, type LabPaths} from './lab-paths.js';
import {acquireUpLock, clearLabState, readLabState, stateFiles, writeFileAtomic, writeLabState, type LabHostRecord, type LabState} from './lab-state.js';
import {baseHostNames, labTopology, macFor, nextSpareAddress, validHostName, validPrivateAddress} from './lab-topology.js';
import {labSsh, type LabSshTarget} from './lab-ssh.js';
import {fetchPackages, resolveKernelPackage, resolvePackageList, type KernelPackage} from './package-fetch.js';
import {waitForLock} from './lock-file.js';
import {describeMissing, missingPrerequisites} from './prerequisites.js';
import {anyFreePort, isOurQemu, killVm, portFree, processAlive, startVm, tail, waitForSshBanner} from './vm-runner.js';

export type Log = (line: string) => void;

export interface KitReport {
	kit: Kit;
	built: boolean;
	downloadedPackages: number;
	seconds: number;
}

function sshTarget(state: LabState): LabSshTarget {
	return {port: state.port, identityFile: state.identityFile, knownHostsFile: state.knownHostsFile};
}

/** The cached kit for the current kernel, (re)built when missing, half-built, stale or made with other keys. */
export async function ensureKit(paths: LabPaths, log: Log, options: {forceRebuild?: boolean} = {}): Promise<Result<KitReport>> {
	const started = performance.now();
	const missing = missingPrerequisites();
	if (missing.length) return fail(appError('lab.prerequisites', describeMissing(missing)));
	const kernel = await resolveKernelPackage();
	if (!kernel.ok) return fallBackToCachedKit(paths, kernel.error, log, started);
	// One builder per cache: parallel test runs and `lab up`s wait for it, then use its kit.
	mkdirSync(paths.cache, {recursive: true});
	const lock = await waitForLock(join(paths.cache, 'build.lock'), 15 * 60_000, holder => log(`waiting for another lvs-tui (pid ${holder}) to finish building the lab kit`));
	if (!('release' in lock)) return fail(appError('lab.busy', `another lvs-tui (pid ${lock.holder}) has been building the lab kit for 15 minutes; stop it or remove ${join(paths.cache, 'build.lock')}`));
	try {
		return await ensureKitLocked(paths, kernel.value, log, options, started);
	} finally {
		lock.release();
	}
}

async function ensureKitLocked(paths: LabPaths, kernel: KernelPackage, log: Log, options: {forceRebuild?: boolean}, started: number): Promise<Result<KitReport>> {
	const dir = kitDir(paths, kernel.version);
	const existing = options.forceRebuild ? null : readKit(dir);
	if (existing && (await keysMatch(paths, existing))) {
		return ok({kit: existing, built: false, downloadedPackages: 0, seconds: (performance.now() - started) / 1000});
	}
	if (existsSync(dir) && !existing) log(`the kit at ${dir} is incomplete or from an older recipe: rebuilding it`);
	const packages = await resolvePackageList(kernel);
	if (!packages.ok) return fallBackToCachedKit(paths, packages.error, log, started);
	const fetched = await fetchPackages(paths.debs, packages.value, log);
	if (!fetched.ok) return fallBackToCachedKit(paths, fetched.error, log, started);
	log(`building the lab kit for kernel ${kernel.version}`);
	const kit = await buildKit({
		kitDir: dir,
		keysDir: paths.keys,
		debsDir: paths.debs,
		kernel,
		debFiles: fetched.value.debs.map(d => d.file),
		packages: packages.value,
		log,
	});
	if (!kit.ok) return kit;
	removeOtherKits(paths, dir);
	pruneDownloads(paths, new Set(fetched.value.debs.map(d => d.file)));
	return ok({kit: kit.value, built: true, downloadedPackages: fetched.value.downloaded, seconds: (performance.now() - started) / 1000});
}

async function keysMatch(paths: LabPaths, kit: Kit): Promise<boolean> {
	const client = await ensureClientKey(paths.keys);
	if (!client.ok || client.value.publicLine !== kit.marker.keys.client) return false;
	for (const host of ['director', ...baseHostNames]) {
		if (!existsSync(`${paths.keys}/host-${host}.dropbear`)) return false;
		const k = await ensureHostKey(paths.keys, host, kit.dropbearKey);
		if (!k.ok || k.value.publicLine !== kit.marker.keys[host]) return false;
	}
	return true;
}

/**
 * apt could not say or fetch what the current kit needs (offline, no sources): a complete kit
 * already in the cache, made with our keys, still gives a working lab. Otherwise the apt error stands.
 */
async function fallBackToCachedKit(paths: LabPaths, error: AppError, log: Log, started: number): Promise<Result<KitReport>> {
	const kits = existsSync(paths.cache) ? readdirSync(paths.cache).filter(e => e.startsWith('kit-') && !e.includes('.building-')).sort().reverse() : [];
	for (const entry of kits) {
		const kit = readKit(join(paths.cache, entry));
		if (kit && (await keysMatch(paths, kit))) {
			const said = error.detail?.trim().split('\n').find(l => l.startsWith('E:')) ?? '';
			log(`${error.message}${said ? ` (${said})` : ''}; using the cached kit for kernel ${kit.marker.kernelVersion}`);
			return ok({kit, built: false, downloadedPackages: 0, seconds: (performance.now() - started) / 1000});
		}
	}
	return fail(error);
}

/** Packages no current kit needs (an older kernel's, superseded versions). */
function pruneDownloads(paths: LabPaths, keep: ReadonlySet<string>): void {
	for (const entry of readdirSync(paths.debs)) {
		if (entry.endsWith('.deb') && !keep.has(entry)) rmSync(join(paths.debs, entry), {force: true});
	}
}

/** Kits for kernels apt no longer points at are dead weight (each is ~45 MB). */
function removeOtherKits(paths: LabPaths, keep: string): void {
	for (const entry of readdirSync(paths.cache)) {
		const full = `${paths.cache}/${entry}`;
		if (entry.startsWith('kit-') && full !== keep) rmSync(full, {recursive: true, force: true});
	}
}

/** The running lab of this state dir, or null (a stale record is cleared on the way). */
export function runningLab(stateDir: string): LabState | null {
	const state = readLabState(stateDir);
	if (!state) return null;
	if (processAlive(state.pid) && isOurQemu(state.pid, state.pidFile)) return state;
	clearLabState(stateDir);
	return null;
}

export interface UpOptions {
	paths?: LabPaths;
	/** Forwarded port wanted; another is picked (and said) when it is taken. */
	port?: number;
	bootTimeoutMs?: number;
	log?: Log;
	/** Kill the VM when this process dies (test runs): no QEMU outlives its owner. */
	ownerPid?: number;
	/** Called as soon as QEMU runs, so a caller can kill it on Ctrl-C. */
	onStarted?: (pid: number, pidFile: string) => void;
}

export interface UpReport {
	state: LabState;
	reused: boolean;
	kit: KitReport | null;
	/** Seconds from QEMU start to the SSH banner, and to a working login with the cluster built. */
	bannerSeconds: number | null;
	loginSeconds: number | null;
}

export async function labUp(options: UpOptions = {}): Promise<Result<UpReport>> {
	const paths = options.paths ?? labPaths();
	const log = options.log ?? (() => {});
	const lock = acquireUpLock(paths.state);
	if (!lock.ok) return lock;
	try {
		const running = runningLab(paths.state);
		if (running) {
			const check = await labSsh(sshTarget(running), 'cat /run/lab/topology.status', {timeoutMs: 30_000});
			if (check.code === 0 && check.stdout.trim() === 'ok') return ok({state: running, reused: true, kit: null, bannerSeconds: null, loginSeconds: null});
			return fail(appError('lab.unhealthy', `a lab is running (pid ${running.pid}, port ${running.port}) but does not answer properly; run \`lvs-tui lab down\` and try again`, {detail: check.stderr || check.stdout}));
		}
		// Another process may rebuild the shared kit between our check and QEMU's start: take our own
		// link (or copy) of its two files first, and check again if they vanished under us.
		clearLabState(paths.state);
		for (let attempt = 1; ; attempt++) {
			const kit = await ensureKit(paths, log);
			if (!kit.ok) return kit;
			if (pinKitFiles(kit.value.kit, paths.state)) return await boot(paths, kit.value, options, log);
			if (attempt === 3) return fail(appError('lab.kit', `the kit at ${kit.value.kit.dir} keeps changing under us (another lvs-tui rebuilding it?); try again`));
		}
	} finally {
		lock.value();
	}
}

/** Hard-link the kit's kernel and initramfs into the state dir (copy across file systems). */
function pinKitFiles(kit: Kit, stateDir: string): boolean {
	const files = stateFiles(stateDir);
	try {
		for (const [from, to] of [[kit.vmlinuz, files.vmlinuz], [kit.initramfs, files.initramfs]] as const) {
			rmSync(to, {force: true});
			try {
				linkSync(from, to);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
				copyFileSync(from, to);
			}
		}
		return true;
	} catch {
		return false;
	}
}

async function choosePort(wanted: number | undefined, log: Log): Promise<number> {
	if (wanted !== undefined) {
		if (await portFree(wanted)) return wanted;
		const other = await anyFreePort();
		log(`port ${wanted} on 127.0.0.1 is in use: using ${other} instead`);
		return other;
	}
	return anyFreePort();
}

async function boot(paths: LabPaths, kitReport: KitReport, options: UpOptions, log: Log): Promise<Result<UpReport>> {
	const kit = kitReport.kit;
	const files = stateFiles(paths.state);
	const client = await ensureClientKey(paths.keys);
	if (!client.ok) return client;
	const hosts: LabHostRecord[] = labTopology.realServers.map(r => ({name: r.name, address: r.address, mac: macFor(r.address), spare: false}));
	let port = await choosePort(options.port, log);
	// The port may be taken between our check and QEMU's bind: QEMU then exits at once; try another.
	for (let attempt = 1; ; attempt++) {
		writeFileAtomic(files.knownHosts, labKnownHosts(port, kit.marker.keys.director, hosts.map(h => ({address: h.address, publicLine: kit.marker.keys[h.name]}))), 0o600);
		const started = performance.now();
		const pid = startVm({vmlinuz: files.vmlinuz, initramfs: files.initramfs, consoleLog: files.consoleLog, qemuLog: files.qemuLog, pidFile: files.pidFile}, port);
		if (!pid.ok) return pid;
		const state: LabState = {
			pid: pid.value, port, kernelVersion: kit.marker.kernelVersion, kitDir: kit.dir, stateDir: paths.state,
			pidFile: files.pidFile, consoleLog: files.consoleLog, qemuLog: files.qemuLog, configPath: files.config,
			knownHostsFile: files.knownHosts, identityFile: clientKeyPath(paths.keys), startedAt: new Date().toISOString(),
			bootSeconds: null, hosts,
		};
		writeLabState(state);
		options.onStarted?.(pid.value, files.pidFile);
		if (options.ownerPid) startWatchdog(options.ownerPid, pid.value, paths.state);
		log(`booting the director VM (pid ${pid.value}, ssh on 127.0.0.1:${port})`);
		const banner = await waitForSshBanner(port, pid.value, options.bootTimeoutMs ?? 120_000);
		if (!banner.ok) {
			const qemuSaid = tail(files.qemuLog, 5);
			await killVm(pid.value, files.pidFile);
			const portTaken = /host forwarding rule|Address already in use/i.test(qemuSaid) && attempt < 3;
			clearLabState(paths.state, {keepKit: portTaken});
			if (portTaken) {
				port = await anyFreePort();
				log(`QEMU could not bind the SSH port; retrying on ${port}`);
				continue;
			}
			const timedOut = banner.error.code === 'lab.boot-timeout';
			return fail(appError(banner.error.code, timedOut
				? `${banner.error.message}; the VM was stopped. The machine may be too busy: try again, or raise the time with --timeout SECONDS`
				: `${banner.error.message}; the VM was stopped`, {detail: [qemuSaid, tail(files.consoleLog)].filter(Boolean).join('\n') || undefined}));
		}
		const login = await labSsh(sshTarget(state), 'cat /run/lab/topology.status', {timeoutMs: 60_000});
		if (login.code !== 0 || login.stdout.trim() !== 'ok') {
			const why = login.code === 0 ? await labSsh(sshTarget(state), 'cat /run/lab/topology.log', {timeoutMs: 30_000}) : login;
			await killVm(pid.value, files.pidFile);
			clearLabState(paths.state);
			return fail(appError('lab.login', login.code === 0
				? 'the VM booted but building the cluster inside it failed; the VM was stopped'
				: 'the VM answered but the SSH login failed; the VM was stopped', {detail: (why.stderr + why.stdout).trim() || tail(files.consoleLog)}));
		}
		const loginSeconds = (performance.now() - started) / 1000;
		state.bootSeconds = Math.round(loginSeconds * 10) / 10;
		writeFileAtomic(files.config, labConfigYaml({port, identityFile: state.identityFile, knownHostsFile: files.knownHosts, hosts}), 0o600);
		writeLabState(state);
		return ok({state, reused: false, kit: kitReport, bannerSeconds: banner.value.seconds, loginSeconds});
	}
}

/**
 * A tiny detached shell that outlives a killed test runner: when the owner process is gone it
 * kills the VM (only if that PID is still our QEMU) and removes the state dir.
 */
function startWatchdog(ownerPid: number, qemuPid: number, stateDir: string): void {
	const script = [
		'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done',
		'if kill -0 "$2" 2>/dev/null && tr "\\0" "\\n" < "/proc/$2/cmdline" | grep -qx "$3/qemu.pid"; then',
		'  kill "$2"; i=0; while kill -0 "$2" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done',
		'  kill -9 "$2" 2>/dev/null; rm -rf "$3"',
		'fi',
	].join('\n');
	const child = spawn('sh', ['-c', script, 'lvs-tui-lab-watchdog', String(ownerPid), String(qemuPid), stateDir], {detached: true, stdio: 'ignore'});
	child.on('error', () => {});
	child.unref();
}

export interface DownReport {
	wasRunning: boolean;
	pid?: number;
}

export async function labDown(paths: LabPaths = labPaths()): Promise<Result<DownReport>> {
	const state = readLabState(paths.state);
	if (!state) {
		clearLabState(paths.state);
		return ok({wasRunning: false});
	}
	const result = await killVm(state.pid, state.pidFile);
	if (result === 'not-ours') {
		clearLabState(paths.state);
		return fail(appError('lab.not-ours', `pid ${state.pid} from ${stateFiles(paths.state).state} is no longer the lab's QEMU; left it alone and cleared the record`));
	}
	clearLabState(paths.state);
	return ok({wasRunning: result === 'killed', pid: state.pid});
}

export interface StatusReport {
	state: LabState;
	sshOk: boolean;
	ipvs: string;
	error?: string;
}

export async function labStatus(paths: LabPaths = labPaths()): Promise<StatusReport | null> {
	const state = runningLab(paths.state);
	if (!state) return null;
	const r = await labSsh(sshTarget(state), 'ipvsadm -Ln', {timeoutMs: 30_000});
	return {state, sshOk: r.code === 0, ipvs: r.stdout, error: r.code === 0 ? undefined : (r.failure ?? r.stderr.trim())};
}

function needRunning(paths: LabPaths): Result<LabState> {
	const state = runningLab(paths.state);
	return state ? ok(state) : fail(appError('lab.not-running', 'the lab is not running; start it with `lvs-tui lab up`'));
}

export interface TrafficReport {
	requests: number;
	/** Real server name -> answers. */
	answers: Record<string, number>;
	failed: number;
	idleConnections: number;
	idleSeconds: number;
}

/** Count answers by the first word of each page ("rs1 172.16.0.21"). */
export function countAnswers(output: string): {answers: Record<string, number>; failed: number} {
	const answers: Record<string, number> = {};
	let failed = 0;
	for (const line of output.split('\n').map(l => l.trim()).filter(Boolean)) {
		const name = line.split(/\s+/)[0];
		if (name === 'FAILED') failed++;
		else answers[name] = (answers[name] ?? 0) + 1;
	}
	return {answers, failed};
}

export interface TrafficOptions {
	requests: number;
	idle: number;
	idleSeconds: number;
	/** VIP port (default: the lab's service port 80). */
	port?: number;
	/** Another address on the director to send to (default: the lab's VIP). */
	vip?: string;
}

export async function labTraffic(o: TrafficOptions, paths: LabPaths = labPaths()): Promise<Result<TrafficReport>> {
	const {requests, idle, idleSeconds} = o;
	const state = needRunning(paths);
	if (!state.ok) return state;
	const r = await labSsh(sshTarget(state.value), shellJoin(['lab-traffic', requests, idle, idleSeconds, o.port ?? labTopology.vipPort, o.vip ?? labTopology.vip]), {timeoutMs: 60_000 + requests * 10_000});
	if (r.code !== 0) return fail(appError('lab.traffic', 'sending traffic through the VIP failed', {detail: r.failure ?? r.stderr}));
	return ok({requests, ...countAnswers(r.stdout), idleConnections: idle, idleSeconds});
}

export async function labAddHost(name: string, address: string | undefined, paths: LabPaths = labPaths()): Promise<Result<LabHostRecord>> {
	if (!validHostName(name)) return fail(appError('lab.bad-name', `'${name}' is not a usable host name: use 1–10 lower-case letters, digits or '-', starting with a letter (not 'director' or 'client')`));
	if (address !== undefined && !validPrivateAddress(address)) return fail(appError('lab.bad-address', `'${address}' is not a free address on the lab's private network ${labTopology.privateNetwork} (and not the DIP ${labTopology.dip})`));
	return withHostsLock(paths, () => addHostLocked(name, address, paths));
}

/**
 * add-host and remove-host read, change and write the lab's host list, and parallel test files call
 * them on one lab: one at a time per lab, each reading the list afresh.
 */
async function withHostsLock<T>(paths: LabPaths, body: () => Promise<Result<T>>): Promise<Result<T>> {
	const lock = await waitForLock(join(paths.state, 'hosts.lock'), 120_000);
	if (!('release' in lock)) return fail(appError('lab.busy', `another lvs-tui (pid ${lock.holder}) has been changing the lab's hosts for 2 minutes`));
	try {
		return await body();
	} finally {
		lock.release();
	}
}

async function addHostLocked(name: string, address: string | undefined, paths: LabPaths): Promise<Result<LabHostRecord>> {
	const running = needRunning(paths);
	if (!running.ok) return running;
	const state = running.value;
	if (state.hosts.some(h => h.name === name)) return fail(appError('lab.exists', `the lab already has a host named ${name}`));
	const used = [labTopology.dip, ...state.hosts.map(h => h.address)];
	const chosen = address ?? nextSpareAddress(used);
	if (!chosen) return fail(appError('lab.full', 'no spare address left on the lab\'s private network'));
	if (used.includes(chosen)) return fail(appError('lab.address-used', `${chosen} is already used in the lab`));
	const kit = readKit(state.kitDir);
	if (!kit) return fail(appError('lab.kit', `the kit at ${state.kitDir} is gone; run \`lvs-tui lab down\` and \`lvs-tui lab up\``));
	const key = await ensureHostKey(paths.keys, name, kit.dropbearKey);
	if (!key.ok) return key;
	const mac = macFor(chosen);
	const keyPath = `/etc/lab/keys/${name}`;
	const push = await labSsh(sshTarget(state), `umask 077 && cat > ${shellJoin([keyPath])}`, {input: readFileSync(key.value.privatePath), timeoutMs: 30_000});
	if (push.code !== 0) return fail(appError('lab.add-host', `could not copy ${name}'s host key into the VM`, {detail: push.failure ?? push.stderr}));
	const add = await labSsh(sshTarget(state), shellJoin(['lab-host', 'add', name, chosen, mac]), {timeoutMs: 60_000});
	if (add.code !== 0) return fail(appError('lab.add-host', `could not bring up ${name}`, {detail: add.failure ?? add.stderr}));
	const record: LabHostRecord = {name, address: chosen, mac, spare: true};
	state.hosts.push(record);
	writeFileAtomic(state.knownHostsFile, labKnownHosts(state.port, kit.marker.keys.director, await hostKeyLines(paths, state, kit)), 0o600);
	writeLabState(state);
	return ok(record);
}

async function hostKeyLines(paths: LabPaths, state: LabState, kit: Kit): Promise<Array<{address: string; publicLine: string}>> {
	const lines: Array<{address: string; publicLine: string}> = [];
	for (const h of state.hosts) {
		const k = await ensureHostKey(paths.keys, h.name, kit.dropbearKey);
		if (k.ok) lines.push({address: h.address, publicLine: k.value.publicLine});
	}
	return lines;
}

export async function labRemoveHost(name: string, paths: LabPaths = labPaths()): Promise<Result<LabHostRecord>> {
	return withHostsLock(paths, () => removeHostLocked(name, paths));
}

async function removeHostLocked(name: string, paths: LabPaths): Promise<Result<LabHostRecord>> {
	const running = needRunning(paths);
	if (!running.ok) return running;
	const state = running.value;
	const host = state.hosts.find(h => h.name === name);
	if (!host) return fail(appError('lab.no-host', `the lab has no host named ${name} (hosts: ${state.hosts.map(h => h.name).join(', ')})`));
	if (!host.spare) return fail(appError('lab.base-host', `${name} is one of the lab's IPVS real servers; only hosts added with \`lab add-host\` can be removed`));
	const r = await labSsh(sshTarget(state), shellJoin(['lab-host', 'remove', name]), {timeoutMs: 60_000});
	if (r.code !== 0) return fail(appError('lab.remove-host', `could not remove ${name}`, {detail: r.failure ?? r.stderr}));
	state.hosts = state.hosts.filter(h => h.name !== name);
	const kit = readKit(state.kitDir);
	if (kit) writeFileAtomic(state.knownHostsFile, labKnownHosts(state.port, kit.marker.keys.director, await hostKeyLines(paths, state, kit)), 0o600);
	writeLabState(state);
	return ok(host);
}
