// One running lab's record: which QEMU (PID), which port, where its config and keys are. Written
// atomically; a record whose QEMU is gone is stale and gets cleared. A lock file makes a second
// `lab up` started while the first is still booting refuse instead of racing it.
import {mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {appError, fail, ok, type Result} from '../domain/result.js';
import {tryLock} from './lock-file.js';

export interface LabHostRecord {
	name: string;
	address: string;
	mac: string;
	/** Added by `lab add-host` (not in IPVS, not in the written config). */
	spare: boolean;
}

export interface LabState {
	pid: number;
	port: number;
	kernelVersion: string;
	kitDir: string;
	stateDir: string;
	pidFile: string;
	consoleLog: string;
	qemuLog: string;
	configPath: string;
	knownHostsFile: string;
	identityFile: string;
	startedAt: string;
	/** Seconds from starting QEMU to a working SSH login (null while booting). */
	bootSeconds: number | null;
	hosts: LabHostRecord[];
}

export function stateFiles(stateDir: string) {
	return {
		state: join(stateDir, 'lab.json'),
		lock: join(stateDir, 'up.lock'),
		pidFile: join(stateDir, 'qemu.pid'),
		consoleLog: join(stateDir, 'console.log'),
		qemuLog: join(stateDir, 'qemu.log'),
		config: join(stateDir, 'lvs-tui.yaml'),
		knownHosts: join(stateDir, 'known_hosts'),
		/** The kit's kernel and initramfs as this lab booted them (a later kit rebuild cannot pull them away). */
		vmlinuz: join(stateDir, 'vmlinuz'),
		initramfs: join(stateDir, 'initramfs.cpio'),
	};
}

/** Write to a temp file beside `path`, then rename over it. */
export function writeFileAtomic(path: string, content: string, mode = 0o600): void {
	const tmp = `${path}.tmp-${process.pid}`;
	writeFileSync(tmp, content, {mode});
	renameSync(tmp, path);
}

export function readLabState(stateDir: string): LabState | null {
	try {
		return JSON.parse(readFileSync(stateFiles(stateDir).state, 'utf8')) as LabState;
	} catch {
		return null;
	}
}

export function writeLabState(state: LabState): void {
	mkdirSync(state.stateDir, {recursive: true, mode: 0o700});
	writeFileAtomic(stateFiles(state.stateDir).state, JSON.stringify(state, null, '\t') + '\n');
}

/**
 * Remove everything a lab left in its state dir except the console log (useful after a failure);
 * keepKit leaves the pinned kernel and initramfs for another boot attempt.
 */
export function clearLabState(stateDir: string, options: {keepKit?: boolean} = {}): void {
	const f = stateFiles(stateDir);
	const kit = options.keepKit ? [] : [f.vmlinuz, f.initramfs];
	for (const p of [f.state, f.pidFile, f.config, f.knownHosts, f.qemuLog, ...kit]) rmSync(p, {force: true});
}

/**
 * Take the `lab up` lock. A lock held by a live process means another `lab up` is busy; a lock
 * left by a dead one is taken over.
 */
export function acquireUpLock(stateDir: string): Result<() => void> {
	mkdirSync(stateDir, {recursive: true, mode: 0o700});
	const lock = stateFiles(stateDir).lock;
	const got = tryLock(lock);
	if ('release' in got) return ok(got.release);
	return fail(appError('lab.busy', got.holder
		? `another \`lvs-tui lab up\` (pid ${got.holder}) is starting this lab right now; wait for it to finish, or stop it and run \`lvs-tui lab down\``
		: `cannot take the lab lock ${lock}`, {where: {file: lock}}));
}
