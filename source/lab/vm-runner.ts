// Runs the director VM under QEMU (TCG: this machine's /dev/kvm does not boot a stock kernel) with
// user networking restricted to the VM and one loopback port forwarded to its SSH. The VM is known
// only by its PID; every kill checks that the PID is still our QEMU first.
import {spawn} from 'node:child_process';
import {closeSync, existsSync, openSync, readFileSync} from 'node:fs';
import {createConnection, createServer} from 'node:net';
import {appError, fail, ok, type Result} from '../domain/result.js';

export interface VmFiles {
	vmlinuz: string;
	initramfs: string;
	/** The guest's serial console. */
	consoleLog: string;
	/** QEMU's own stderr (e.g. "Could not set up host forwarding rule"). */
	qemuLog: string;
	pidFile: string;
}

export function qemuArgs(files: VmFiles, port: number, memoryMiB = 512): string[] {
	return [
		'-name', 'lvs-tui-lab',
		'-accel', 'tcg',
		'-cpu', 'max', // the guest's RNG is ready at once: dropbear starts without waiting for entropy
		'-smp', '1',
		'-m', String(memoryMiB),
		'-display', 'none',
		'-monitor', 'none',
		'-no-reboot',
		'-kernel', files.vmlinuz,
		'-initrd', files.initramfs,
		'-append', 'console=ttyS0 quiet panic=-1',
		'-serial', `file:${files.consoleLog}`,
		'-pidfile', files.pidFile,
		// restrict=on: the guest reaches nothing outside the VM; only the SSH port comes in.
		'-nic', `user,model=virtio-net-pci,restrict=on,hostfwd=tcp:127.0.0.1:${port}-:22`,
	];
}

/** Start QEMU detached (the lab outlives `lvs-tui lab up`); returns its PID. */
export function startVm(files: VmFiles, port: number): Result<number> {
	const log = openSync(files.qemuLog, 'w', 0o600);
	try {
		const child = spawn('qemu-system-x86_64', qemuArgs(files, port), {detached: true, stdio: ['ignore', log, log]});
		if (child.pid === undefined) return fail(appError('lab.qemu', 'qemu-system-x86_64 could not be started'));
		child.on('error', () => {});
		child.unref();
		return ok(child.pid);
	} finally {
		closeSync(log);
	}
}

/** Alive and not a zombie. */
export function processAlive(pid: number): boolean {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
		return state !== 'Z' && state !== 'X';
	} catch {
		return false;
	}
}

/** True when `pid` is a QEMU started for this pid file (not a recycled PID of something else). */
export function isOurQemu(pid: number, pidFile: string): boolean {
	try {
		const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
		return argv[0].includes('qemu-system') && argv.includes(pidFile);
	} catch {
		return false;
	}
}

function waitUntil(condition: () => boolean, timeoutMs: number, stepMs = 50): Promise<boolean> {
	return new Promise(resolvePromise => {
		const deadline = Date.now() + timeoutMs;
		const check = () => {
			if (condition()) return resolvePromise(true);
			if (Date.now() > deadline) return resolvePromise(false);
			setTimeout(check, stepMs);
		};
		check();
	});
}

/** SIGTERM, then SIGKILL if it has not gone within 5 s. Only kills our own QEMU. */
export async function killVm(pid: number, pidFile: string): Promise<'killed' | 'not-running' | 'not-ours'> {
	if (!processAlive(pid)) return 'not-running';
	if (!isOurQemu(pid, pidFile)) return 'not-ours';
	try {
		process.kill(pid, 'SIGTERM');
	} catch {
		return 'not-running';
	}
	if (await waitUntil(() => !processAlive(pid), 5000)) return 'killed';
	try {
		process.kill(pid, 'SIGKILL');
	} catch {
		// already gone
	}
	await waitUntil(() => !processAlive(pid), 5000);
	return 'killed';
}

/** Is something listening on 127.0.0.1:port? */
export function portFree(port: number): Promise<boolean> {
	return new Promise(resolvePromise => {
		const server = createServer();
		server.once('error', () => resolvePromise(false));
		server.listen({host: '127.0.0.1', port, exclusive: true}, () => server.close(() => resolvePromise(true)));
	});
}

/** A port the kernel says is free right now. */
export function anyFreePort(): Promise<number> {
	return new Promise((resolvePromise, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen({host: '127.0.0.1', port: 0, exclusive: true}, () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePromise(port));
		});
	});
}

/** Connect once and read until the SSH identification line or the peer closes. */
function readBanner(port: number, timeoutMs: number): Promise<string | null> {
	return new Promise(resolvePromise => {
		let data = '';
		const socket = createConnection({host: '127.0.0.1', port});
		const done = (value: string | null) => {
			socket.destroy();
			resolvePromise(value);
		};
		socket.setTimeout(timeoutMs, () => done(null));
		socket.on('data', chunk => {
			data += chunk.toString('latin1');
			const line = data.split('\n')[0];
			if (data.includes('\n') || data.length > 255) done(line.startsWith('SSH-') ? line.trim() : null);
		});
		socket.on('error', () => done(null));
		socket.on('close', () => done(null));
	});
}

export interface BannerWait {
	/** Seconds from the call until the banner arrived. */
	seconds: number;
	banner: string;
}

/**
 * Wait for the guest's SSH server to greet us on the forwarded port. QEMU accepts on the host port
 * before the guest listens (and then drops the connection), so only a real banner counts.
 */
export async function waitForSshBanner(port: number, pid: number, timeoutMs: number): Promise<Result<BannerWait>> {
	const started = Date.now();
	while (Date.now() - started < timeoutMs) {
		if (!processAlive(pid)) return fail(appError('lab.qemu-exited', 'the VM stopped while booting'));
		const banner = await readBanner(port, 2000);
		if (banner) return ok({seconds: (Date.now() - started) / 1000, banner});
		await new Promise(r => setTimeout(r, 200));
	}
	return fail(appError('lab.boot-timeout', `the VM did not answer on 127.0.0.1:${port} within ${Math.round(timeoutMs / 1000)} s`));
}

/** The last lines of a log file, for error messages. */
export function tail(path: string, lines = 15): string {
	if (!existsSync(path)) return '';
	return readFileSync(path, 'utf8').replace(/\r/g, '').trimEnd().split('\n').slice(-lines).join('\n');
}
