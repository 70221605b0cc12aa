// host-transports.ts: the one registry every part uses to reach a host. Local hosts run here under
// their config name; ssh2 hosts go through a pool that follows the ssh config file (a Host alias);
// an extra host (a node being added) is reachable; 'local' is this machine.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';
import {startSshHost, type SshHost} from '../helpers/netns-sshd.js';
import {parseClusterConfig} from '../../source/domain/config/config-loader.js';
import type {ClusterConfig} from '../../source/domain/config/cluster-config.js';
import {createHostTransports, localHost} from '../../source/services/host-transports.js';

function config(text: string, file: string): ClusterConfig {
	const r = parseClusterConfig(text, file);
	if (!r.ok) throw new Error(r.error.map(e => e.message).join('; '));
	return r.value;
}

describe('host transports of a local director', () => {
	const dir = mkdtempSync(join(tmpdir(), 'lvst-hosts-'));
	afterAll(() => rmSync(dir, {recursive: true, force: true}));
	const cluster = config('director:\n  name: lb1\n  transport: local\n', join(dir, 'lvs-tui.yaml'));

	it('runs the director here under its config name, files included', async () => {
		const hosts = createHostTransports(cluster, undefined, {sshConfigFile: null});
		try {
			const lb1 = hosts.get('lb1')!;
			expect(lb1.kind).toBe('local');
			expect(lb1.runner.host).toBe('lb1');
			expect(lb1.files.host).toBe('lb1');
			const r = await lb1.runner.exec('echo $((6 * 7))');
			expect(r).toEqual({code: 0, stdout: '42\n', stderr: ''});
			const path = join(dir, 'written.txt');
			await lb1.files.writeFileAtomic(path, 'x\n', 0o600);
			expect(readFileSync(path, 'utf8')).toBe('x\n');
			expect((await lb1.files.stat(path))?.mode).toBe(0o600);
			// The same transport each time: one per host.
			expect(hosts.get('lb1')).toBe(lb1);
		} finally {
			hosts.close();
		}
	});

	it("'local' is this machine; an unknown name is not a host", () => {
		const hosts = createHostTransports(cluster, undefined, {sshConfigFile: null});
		expect(hosts.get('local')?.runner.host).toBe('local');
		expect(hosts.get('rs9')).toBeUndefined();
		expect(localHost().runner.host).toBe('local');
		hosts.close();
	});

	it('collects ~/.ssh/config warnings for the status line and passes them on', () => {
		const sshConfig = join(dir, 'ssh_config');
		writeFileSync(sshConfig, 'Match all\n  User nobody\n');
		const told: string[] = [];
		const hosts = createHostTransports(cluster, undefined, {sshConfigFile: sshConfig, warn: w => told.push(w)});
		expect(hosts.warnings.length).toBeGreaterThan(0);
		expect(hosts.warnings[0]).toMatch(/Match/);
		expect(told).toEqual(hosts.warnings);
		hosts.close();
	});
});

describe.skipIf(missing(isRoot, hasCommand('/usr/sbin/sshd')))('host transports over a real sshd', () => {
	let host: SshHost;
	let dir: string;

	beforeAll(async () => {
		host = await startSshHost({name: 'ht'});
		dir = mkdtempSync(join(tmpdir(), 'lvst-hosts-ssh-'));
		writeFileSync(join(dir, 'known_hosts'), host.knownHostsLine + '\n', {mode: 0o600});
		// The config names only an alias: the address, user and key come from the ssh config file.
		writeFileSync(join(dir, 'ssh_config'), `Host rs-alias\n  HostName ${host.address}\n  User root\n  IdentityFile ${host.userKeyPath}\n`);
	});
	afterAll(async () => {
		await host?.stop();
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	function cluster(): ClusterConfig {
		return config(`director:\n  name: lb1\n  transport: local\nrealServers:\n  - name: rs1\n    address: ${host.address}\n    host: rs-alias\n    transport: ssh2\noptions:\n  knownHostsFile: ${join(dir, 'known_hosts')}\n`, join(dir, 'lvs-tui.yaml'));
	}

	it('reaches an ssh2 host through its ~/.ssh/config alias, with exec and SFTP on one connection', async () => {
		const hosts = createHostTransports(cluster(), undefined, {sshConfigFile: join(dir, 'ssh_config')});
		try {
			const rs1 = hosts.get('rs1')!;
			expect(rs1.kind).toBe('ssh2');
			const r = await rs1.runner.exec('hostname');
			expect(r).toEqual({code: 0, stdout: host.hostname + '\n', stderr: ''});
			expect(rs1.runner.host).toBe('rs1');
			await rs1.files.writeFileAtomic('/tmp/lvst-host-transports.txt', 'over sftp\n');
			expect((await rs1.runner.exec('cat /tmp/lvst-host-transports.txt; rm -f /tmp/lvst-host-transports.txt')).stdout).toBe('over sftp\n');
			expect(hosts.pool.connection('rs1').state.state).toBe('connected');
		} finally {
			hosts.close();
		}
	});

	it('without the ssh config file the alias does not resolve (the file is what routes it)', async () => {
		const hosts = createHostTransports(cluster(), undefined, {sshConfigFile: null, connectTimeoutMs: 3000});
		try {
			await expect(hosts.get('rs1')!.runner.exec('true')).rejects.toThrow(/rs1/);
		} finally {
			hosts.close();
		}
	});

	it('reaches an extra host that is not in the config (a node being added)', async () => {
		const hosts = createHostTransports(cluster(), undefined, {
			sshConfigFile: null,
			extraHosts: [{name: 'rs7', host: host.address, user: 'root', identityFile: host.userKeyPath, transport: 'ssh2'}],
			reconnect: false,
		});
		try {
			expect((await hosts.get('rs7')!.runner.exec('echo node')).stdout).toBe('node\n');
		} finally {
			hosts.close();
		}
	});
});
