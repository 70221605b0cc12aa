// The system `ssh` command line for a configured host: the same host config keys as the ssh2
// transport (host, port, user, identityFile, jump) turned into ssh options; ~/.ssh/config is then
// applied by ssh itself. Exec and panes share one ControlMaster per host, with its socket in an
// owner-only directory.
import {mkdirSync, statSync, chmodSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {HostConfig} from '../../domain/config/cluster-config.js';
import {appError, fail, ok, type Result} from '../../domain/result.js';

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

function jumpSpec(host: HostConfig): string {
	const target = host.host ?? host.name;
	const address = target.includes(':') ? `[${target}]` : target;
	return `${host.user ? `${host.user}@` : ''}${address}${host.port ? `:${host.port}` : ''}`;
}

/** `-J a,b` for a host's jump chain (jump hosts' own jumps first); loops refused. */
export function jumpChain(host: HostConfig, hosts: readonly HostConfig[]): Result<string[]> {
	const chain: string[] = [];
	const seen = [host.name];
	let current = host;
	while (current.jump) {
		const jump = hosts.find(h => h.name === current.jump);
		if (!jump) return fail(appError('ssh.unknown-host', `${current.name}: jump host "${current.jump}" is not in the config`));
		if (seen.includes(jump.name)) return fail(appError('ssh.proxyjump-loop', `ProxyJump loop: ${[...seen.reverse(), jump.name].join(' -> ')}`));
		seen.push(jump.name);
		chain.unshift(jumpSpec(jump));
		current = jump;
	}
	return ok(chain);
}

export interface OpenSshArgsOptions {
	hosts: readonly HostConfig[];
	knownHostsFile?: string;
	controlDir: string;
}

/** Options and destination for `ssh` (no command): ssh [these] [-- command]. */
export function openSshArgs(host: HostConfig, options: OpenSshArgsOptions): Result<string[]> {
	const chain = jumpChain(host, options.hosts);
	if (!chain.ok) return chain;
	const args = [
		'-o', 'ControlMaster=auto',
		'-o', `ControlPath=${join(options.controlDir, '%C')}`,
		'-o', 'ControlPersist=60',
		'-o', 'ServerAliveInterval=5',
		'-o', 'ServerAliveCountMax=2',
		'-o', 'ConnectTimeout=10',
	];
	if (options.knownHostsFile) args.push('-o', `UserKnownHostsFile=${options.knownHostsFile}`);
	if (host.port) args.push('-p', String(host.port));
	if (host.user) args.push('-l', host.user);
	if (host.identityFile) args.push('-i', host.identityFile);
	if (chain.value.length) args.push('-J', chain.value.join(','));
	args.push(host.host ?? host.name);
	return ok(args);
}
