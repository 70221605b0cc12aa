// The lab's keys live in the cache, outside any one kit, so a rebuilt kit (new kernel, new recipe)
// carries the same host keys and every known_hosts written earlier stays valid. The client key is
// OpenSSH format (for ssh and ssh2); host keys are dropbear format, made by the kit's dropbearkey.
import {chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {appError, fail, ok, type Result} from '../domain/result.js';
import {waitForLock} from './lock-file.js';
import {describeFailure, runProgram} from './run-program.js';

export interface HostKeyFiles {
	/** dropbear-format private key, copied into the VM. */
	privatePath: string;
	/** "ssh-ed25519 AAAA…" line: what known_hosts lists for this host. */
	publicLine: string;
}

export function clientKeyPath(keysDir: string): string {
	return join(keysDir, 'id_ed25519');
}

/** Make the client key pair once; a half-made pair (one file missing) is made again. */
export async function ensureClientKey(keysDir: string): Promise<Result<{privatePath: string; publicLine: string}>> {
	mkdirSync(keysDir, {recursive: true, mode: 0o700});
	chmodSync(keysDir, 0o700);
	const path = clientKeyPath(keysDir);
	if (!(existsSync(path) && existsSync(`${path}.pub`))) {
		const tmp = `${path}.tmp-${process.pid}`;
		rmSync(tmp, {force: true});
		rmSync(`${tmp}.pub`, {force: true});
		const r = await runProgram('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lvs-tui-lab', '-f', tmp], {timeoutMs: 30_000});
		if (r.code !== 0) return fail(appError('lab.keys', 'ssh-keygen could not make the lab\'s client key', {detail: describeFailure('ssh-keygen', r)}));
		chmodSync(tmp, 0o600);
		renameSync(`${tmp}.pub`, `${path}.pub`);
		renameSync(tmp, path);
	}
	chmodSync(path, 0o600);
	return ok({privatePath: path, publicLine: readFileSync(`${path}.pub`, 'utf8').trim()});
}

/** How to run the kit's dropbearkey on this machine (its own loader and libraries). */
export interface DropbearKeyTool {
	loader: string;
	libraryPath: string;
	binary: string;
}

async function publicLineOf(tool: DropbearKeyTool, privatePath: string): Promise<Result<string>> {
	const r = await runProgram(tool.loader, ['--library-path', tool.libraryPath, tool.binary, '-y', '-f', privatePath], {timeoutMs: 30_000});
	const line = r.stdout.split('\n').find(l => l.startsWith('ssh-'));
	if (r.code !== 0 || !line) return fail(appError('lab.keys', `cannot read the host key ${privatePath}`, {detail: describeFailure('dropbearkey', r)}));
	// dropbearkey appends "root@<build host>": known_hosts wants only type and key.
	return ok(line.split(/\s+/).slice(0, 2).join(' '));
}

/**
 * A stable ed25519 host key for one lab host (director, rs1, a spare…), made on first use. The keys
 * folder is shared by every lab on the machine: making a key is one process at a time, so two labs
 * adding the same spare name agree on its key.
 */
export async function ensureHostKey(keysDir: string, host: string, tool: DropbearKeyTool): Promise<Result<HostKeyFiles>> {
	mkdirSync(keysDir, {recursive: true, mode: 0o700});
	const lock = await waitForLock(join(keysDir, '.lock'), 60_000);
	if (!('release' in lock)) return fail(appError('lab.busy', `another lvs-tui (pid ${lock.holder}) holds ${join(keysDir, '.lock')}`));
	try {
		return await ensureHostKeyLocked(keysDir, host, tool);
	} finally {
		lock.release();
	}
}

async function ensureHostKeyLocked(keysDir: string, host: string, tool: DropbearKeyTool): Promise<Result<HostKeyFiles>> {
	const privatePath = join(keysDir, `host-${host}.dropbear`);
	if (existsSync(privatePath)) {
		const line = await publicLineOf(tool, privatePath);
		if (line.ok) return ok({privatePath, publicLine: line.value});
		// Unreadable (interrupted write): make a new one below.
		rmSync(privatePath, {force: true});
	}
	const tmp = `${privatePath}.tmp-${process.pid}`;
	rmSync(tmp, {force: true});
	const r = await runProgram(tool.loader, ['--library-path', tool.libraryPath, tool.binary, '-t', 'ed25519', '-f', tmp], {timeoutMs: 30_000});
	if (r.code !== 0) return fail(appError('lab.keys', `dropbearkey could not make a host key for ${host}`, {detail: describeFailure('dropbearkey', r)}));
	chmodSync(tmp, 0o600);
	renameSync(tmp, privatePath);
	const line = await publicLineOf(tool, privatePath);
	return line.ok ? ok({privatePath, publicLine: line.value}) : line;
}
