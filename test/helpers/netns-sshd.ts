// A real OpenSSH sshd in its own network namespace, for tests that need an SSH host (root only).
// Each host gets a namespace, a veth pair to the root namespace (or to another host's namespace, so
// it is reachable only through that host as a jump host), its own UTS name (so the shell prompt
// names it), a host key, and a client key that may log in as root.
//
//   const h = await startSshHost({name: 'a'});
//   ... connect to h.address:h.port as root with h.userKeyPath, trusting h.knownHostsLine ...
//   await h.stop();
//
// Names, namespaces, interfaces and addresses are unique per process, so test files run in parallel.
import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync, chmodSync, mkdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {connect} from 'node:net';

export interface StartSshHostOptions {
	/** Short label (letters/digits), part of the namespace name and the host name. */
	name: string;
	/** Port sshd listens on (default 22). */
	port?: number;
	/** Put this host behind another: reachable only from that host's namespace (for jump-host tests). */
	behind?: SshHost;
	/** Extra sshd_config lines. */
	sshdConfig?: string[];
}

export interface SshHost {
	/** Host name inside the namespace (shows in the shell prompt), unique per test run. */
	hostname: string;
	/** Network namespace name. */
	netns: string;
	/** Address sshd listens on. */
	address: string;
	/** Address of the other end of this host's link (the root namespace, or the host it is behind). */
	peerAddress: string;
	port: number;
	user: 'root';
	hostKeyPath: string;
	/** Public host key as "type base64". */
	hostPublicKey: string;
	/** Unencrypted ed25519 key authorised for root. */
	userKeyPath: string;
	/** The known_hosts line for this host (with [address]:port when the port is not 22). */
	knownHostsLine: string;
	/** Temp directory holding keys, config and logs. */
	dir: string;
	/** Authorise another public key line for root. */
	authorize(publicKeyLine: string): void;
	/** sshd's log so far (for diagnosing a failed test). */
	log(): string;
	/**
	 * Run a command in sshd's own mount namespace (`ip netns exec` gives sshd a private one, so a
	 * mount made from the test process is invisible to it): e.g. mount a tiny tmpfs it will write to.
	 */
	execInMountNamespace(argv: string[]): string;
	/** Command lines of the processes running in the namespace (sshd and its sessions). */
	processes(): string[];
	/** Run a command in the namespace (root namespace tools, this host's network). */
	exec(argv: string[]): string;
	/** Kill every process in the namespace, like a host crash: sessions die without a goodbye. */
	kill(): Promise<void>;
	/** Start sshd again (same host key) after kill(); waits until it accepts connections. */
	restart(): Promise<void>;
	/** Drop every packet to the peer: the host stops answering (a cable cut, not a reset). */
	freeze(): void;
	unfreeze(): void;
	/** Kill everything, delete the namespace and the temp directory. Safe to call twice. */
	stop(): Promise<void>;
}

let counter = 0;

function run(argv: string[]): string {
	return execFileSync(argv[0], argv.slice(1), {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
}

function tryRun(argv: string[]): void {
	try {
		run(argv);
	} catch {
		// Best effort during cleanup.
	}
}

const RESERVATIONS = join(tmpdir(), 'lvst-subnets');

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Claim a block for this process with an exclusive-create marker file (atomic across test files). */
function reserve(block: number): boolean {
	mkdirSync(RESERVATIONS, {recursive: true, mode: 0o700});
	const marker = join(RESERVATIONS, String(block));
	try {
		writeFileSync(marker, String(process.pid), {flag: 'wx'});
		return true;
	} catch {
		// Taken: reclaim it only if the process that took it is gone.
		try {
			const owner = Number(readFileSync(marker, 'utf8'));
			if (owner && !alive(owner)) {
				rmSync(marker, {force: true});
				writeFileSync(marker, String(process.pid), {flag: 'wx'});
				return true;
			}
		} catch {
			// Someone else reclaimed it first.
		}
		return false;
	}
}

/** Pick and reserve a /29 in 10.180.0.0/16 nobody on this machine uses, starting from one derived from the pid. */
function allocateSubnet(): {peer: string; address: string; release(): void} {
	const used = run(['ip', '-o', '-4', 'addr', 'show']) + run(['ip', '-o', '-4', 'route', 'show', 'table', 'all']);
	for (let attempt = 0; attempt < 8192; attempt++) {
		const block = (process.pid * 37 + counter * 7 + attempt) % 8192;
		const base = `10.180.${block >> 5}.`;
		const fourth = (block & 31) * 8;
		const a = base + (fourth + 1);
		const b = base + (fourth + 2);
		if (used.includes(` ${a}/`) || used.includes(` ${b}/`) || used.includes(`${base}${fourth}/29`)) continue;
		if (!reserve(block)) continue;
		return {peer: a, address: b, release: () => rmSync(join(RESERVATIONS, String(block)), {force: true})};
	}
	throw new Error('netns-sshd: no free test subnet');
}

export async function startSshHost(options: StartSshHostOptions): Promise<SshHost> {
	if (!/^[a-z0-9]{1,8}$/.test(options.name)) throw new Error(`netns-sshd: name must be 1-8 lowercase letters/digits: ${options.name}`);
	const id = `${process.pid}x${counter++}`;
	const netns = `lvst-${options.name}-${id}`;
	const hostname = `${options.name}-${id}`;
	const port = options.port ?? 22;
	const dir = mkdtempSync(join(tmpdir(), `lvst-sshd-${options.name}-`));
	chmodSync(dir, 0o700);
	const outer = `lt${id}o`;
	const inner = `lt${id}i`;
	const subnet = allocateSubnet();
	const {peer: peerAddress, address} = subnet;
	const peerNs = options.behind?.netns;
	const inPeer = (argv: string[]) => (peerNs ? ['ip', 'netns', 'exec', peerNs, ...argv] : argv);
	const inHost = (argv: string[]) => ['ip', 'netns', 'exec', netns, ...argv];

	let sshd: ChildProcess | undefined;
	let stopped = false;

	const hostKeyPath = join(dir, 'ssh_host_ed25519_key');
	const userKeyPath = join(dir, 'id_ed25519');
	const authorizedKeys = join(dir, 'authorized_keys');
	const config = join(dir, 'sshd_config');
	const logPath = join(dir, 'sshd.log');

	const cleanup = () => {
		killAll();
		tryRun(['ip', 'netns', 'del', netns]);
		// The outer veth end disappears with its peer; delete it anyway in case the ns never got it.
		tryRun(inPeer(['ip', 'link', 'del', outer]));
		rmSync(dir, {recursive: true, force: true});
		subnet.release();
	};
	const killAll = () => {
		let pids: string[] = [];
		try {
			pids = run(['ip', 'netns', 'pids', netns]).split(/\s+/).filter(Boolean);
		} catch {
			pids = [];
		}
		for (const pid of pids) {
			try {
				process.kill(Number(pid), 'SIGKILL');
			} catch {
				// gone
			}
		}
	};

	try {
		run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', `host-${hostname}`, '-f', hostKeyPath]);
		run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', `user@${hostname}`, '-f', userKeyPath]);
		writeFileSync(authorizedKeys, readFileSync(userKeyPath + '.pub', 'utf8'), {mode: 0o600});
		writeFileSync(
			config,
			[
				// sshd takes the first value of a keyword: the caller's lines go first to override ours.
				...(options.sshdConfig ?? []),
				`ListenAddress ${address}:${port}`,
				`HostKey ${hostKeyPath}`,
				`PidFile ${join(dir, 'sshd.pid')}`,
				`AuthorizedKeysFile ${authorizedKeys}`,
				'UsePAM no',
				'StrictModes no',
				'PasswordAuthentication no',
				'KbdInteractiveAuthentication no',
				'PermitRootLogin prohibit-password',
				'PrintMotd no',
				'PrintLastLog no',
				'AllowTcpForwarding yes',
				'Subsystem sftp internal-sftp',
				'LogLevel VERBOSE',
				'',
			].join('\n'),
		);
		mkdirSync('/run/sshd', {recursive: true});

		run(['ip', 'netns', 'add', netns]);
		run(['ip', 'link', 'add', outer, 'type', 'veth', 'peer', 'name', inner]);
		if (peerNs) run(['ip', 'link', 'set', outer, 'netns', peerNs]);
		run(['ip', 'link', 'set', inner, 'netns', netns]);
		run(inPeer(['ip', 'addr', 'add', `${peerAddress}/29`, 'dev', outer]));
		run(inPeer(['ip', 'link', 'set', outer, 'up']));
		run(inHost(['ip', 'addr', 'add', `${address}/29`, 'dev', inner]));
		run(inHost(['ip', 'link', 'set', inner, 'up']));
		run(inHost(['ip', 'link', 'set', 'lo', 'up']));
	} catch (error) {
		cleanup();
		throw error;
	}

	const startSshd = async () => {
		// unshare --uts gives the host its own name, so its shell prompt is recognisable.
		sshd = spawn(
			'ip',
			['netns', 'exec', netns, 'unshare', '--uts', 'sh', '-c', `hostname "$1" && exec /usr/sbin/sshd -D -f "$2" -E "$3"`, 'sh', hostname, config, logPath],
			{stdio: 'ignore'},
		);
		const child = sshd;
		let exited = false;
		child.on('exit', () => {
			exited = true;
		});
		const deadline = Date.now() + 10_000;
		while (!(await canConnect(netns, peerNs, address, port))) {
			if (exited) throw new Error(`netns-sshd: sshd for ${hostname} exited:\n${readLog()}`);
			if (Date.now() > deadline) throw new Error(`netns-sshd: sshd for ${hostname} not listening after 10 s:\n${readLog()}`);
			await new Promise(r => setTimeout(r, 25));
		}
	};
	const readLog = () => {
		try {
			return readFileSync(logPath, 'utf8');
		} catch {
			return '(no log)';
		}
	};

	try {
		await startSshd();
	} catch (error) {
		cleanup();
		throw error;
	}

	const hostPublicKey = readFileSync(hostKeyPath + '.pub', 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
	const hostField = port === 22 ? address : `[${address}]:${port}`;

	return {
		hostname,
		netns,
		address,
		peerAddress,
		port,
		user: 'root',
		hostKeyPath,
		hostPublicKey,
		userKeyPath,
		knownHostsLine: `${hostField} ${hostPublicKey}`,
		dir,
		authorize(line) {
			appendFileSync(authorizedKeys, line.trim() + '\n');
		},
		log: readLog,
		exec(argv) {
			return run(inHost(argv));
		},
		execInMountNamespace(argv) {
			const pid = sshd?.pid;
			if (!pid) throw new Error('netns-sshd: sshd is not running');
			return run(['nsenter', '-t', String(pid), '-m', ...argv]);
		},
		processes() {
			const pids = run(['ip', 'netns', 'pids', netns]).split(/\s+/).filter(Boolean);
			const lines: string[] = [];
			for (const pid of pids) {
				try {
					lines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' '));
				} catch {
					// exited meanwhile
				}
			}
			return lines;
		},
		async kill() {
			const child = sshd;
			killAll();
			if (child && child.exitCode === null && child.signalCode === null) {
				await new Promise<void>(resolve => child.once('exit', () => resolve()));
			}
		},
		async restart() {
			await this.kill();
			await startSshd();
		},
		freeze() {
			run(inHost(['ip', 'route', 'add', 'blackhole', `${peerAddress}/32`]));
		},
		unfreeze() {
			tryRun(inHost(['ip', 'route', 'del', 'blackhole', `${peerAddress}/32`]));
		},
		async stop() {
			if (stopped) return;
			stopped = true;
			const child = sshd;
			killAll();
			if (child && child.exitCode === null && child.signalCode === null) {
				await new Promise<void>(resolve => {
					child.once('exit', () => resolve());
					setTimeout(resolve, 2000).unref();
				});
			}
			cleanup();
		},
	};
}

/** One TCP connect attempt to address:port from where the host's peer sits. */
async function canConnect(_netns: string, peerNs: string | undefined, address: string, port: number): Promise<boolean> {
	if (peerNs) {
		// Only the peer namespace can reach a host behind another: probe from there.
		try {
			execFileSync('ip', ['netns', 'exec', peerNs, 'bash', '-c', `exec 3<>/dev/tcp/${address}/${port}`], {stdio: 'ignore', timeout: 2000});
			return true;
		} catch {
			return false;
		}
	}
	return new Promise(resolve => {
		const socket = connect({host: address, port});
		const done = (okay: boolean) => {
			socket.destroy();
			resolve(okay);
		};
		socket.once('connect', () => done(true));
		socket.once('error', () => done(false));
		socket.setTimeout(2000, () => done(false));
	});
}
