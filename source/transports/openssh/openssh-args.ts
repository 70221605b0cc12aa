// The system `ssh` command line for a configured host: the same host config keys as the ssh2
// transport (host, port, user, identityFile, jump) turned into ssh options; ~/.ssh/config is then
// applied by ssh itself. Exec and panes share one ControlMaster per host, with its socket in an
// owner-only directory.
import {mkdirSync, statSync, chmodSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {HostConfig} from '../../domain/config/cluster-config.js';
import {appError, fail, ok, type Result} from '../../domain/result.js';
import {shellJoin} from '../../domain/shell-quote.js';

/** Owner-only directory for ControlMaster sockets; refuses one that others can enter. */
export function ensureControlDir(dir?: string): Result<string> {
	const uid = process.getuid?.() ?? 0;
	const path = dir ?? join(process.env.XDG_RUNTIME_DIR || tmpdir(), `lvs-tui-ssh-${uid}`);
	try {
		mkdirSync(path, {recursive: true, mode: 0o700});
		const st = statSync(path);
		if (st.uid !== uid) return fail(appError('openssh.control-dir', `${path} belongs to uid ${st.uid}, not to you: refusing to put SSH control sockets there`));
		if ((st.mode & 0o077) !== 0) chmodSync(path, 0o700);
	} catch (error) {
		return fail(appError('openssh.control-dir', `cannot create ${path}: ${(error as Error).message}`));
	}
	return ok(path);
}

export interface OpenSshArgsOptions {
	hosts: readonly HostConfig[];
	knownHostsFile?: string;
	controlDir: string;
}

/**
 * Options and destination for `ssh` (no command): ssh [these] [-- command]. A jump host becomes a
 * ProxyCommand running ssh with the jump host's own full arguments (identity, port, known_hosts,
 * its ControlMaster, its own jump) — `-J` would not pass `-i` on to the jump connection.
 */
export function openSshArgs(host: HostConfig, options: OpenSshArgsOptions, seen: string[] = []): Result<string[]> {
	if (seen.includes(host.name)) return fail(appError('ssh.proxyjump-loop', `ProxyJump loop: ${[...seen, host.name].join(' -> ')}; a host cannot be reached through itself`));
	const args = [
		'-o', 'ControlMaster=auto',
		'-o', `ControlPath=${join(options.controlDir, '%C')}`,
		'-o', 'ControlPersist=60',
		'-o', 'ServerAliveInterval=5',
		'-o', 'ServerAliveCountMax=2',
		'-o', 'ConnectTimeout=10',
	];
	if (options.knownHostsFile) args.push('-o', `UserKnownHostsFile=${options.knownHostsFile}`);
	if (host.jump) {
		const jump = options.hosts.find(h => h.name === host.jump);
		if (!jump) return fail(appError('ssh.unknown-host', `${host.name}: jump host "${host.jump}" is not in the config`));
		const jumpArgs = openSshArgs(jump, options, [...seen, host.name]);
		if (!jumpArgs.ok) return jumpArgs;
		// ssh expands %-tokens in ProxyCommand once: double the jump's own % so they reach it intact.
		const inner = shellJoin(['ssh', ...jumpArgs.value.map(a => a.replace(/%/g, '%%')), '-W', '%h:%p']);
		args.push('-o', `ProxyCommand=${inner}`);
	}
	if (host.port) args.push('-p', String(host.port));
	if (host.user) args.push('-l', host.user);
	if (host.identityFile) args.push('-i', host.identityFile);
	args.push(host.host ?? host.name);
	return ok(args);
}
