import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {missing} from '../helpers/requirements.js';
import {labAvailable, labExec, labInfo} from '../helpers/lab.js';
import {parseClusterConfig} from '../../source/domain/config/config-loader.js';
import type {ClusterConfig} from '../../source/domain/config/cluster-config.js';
import {clusterHosts, SshConnectionPool} from '../../source/services/ssh-connection-pool.js';
import {createHostTransport, type HostTransport} from '../../source/services/ssh-host-transport.js';
import {refusingPrompter} from '../../source/transports/ssh/ssh-prompter.js';
import {waitFor} from './ssh-support.js';

// The lab VM: the director (dropbear, real IPVS) on a forwarded loopback port, rs1/rs2 as namespaces
// on its private network, reachable only through the director as a jump host — the LVS-NAT setup.
describe.skipIf(missing(labAvailable))('ssh2 transport against the lab VM', () => {
	let config: ClusterConfig;
	let pool: SshConnectionPool;
	let home: string;
	const transports = new Map<string, HostTransport>();
	const transport = (name: string) => transports.get(name)!;

	beforeAll(() => {
		const lab = labInfo();
		const parsed = parseClusterConfig(readFileSync(lab.configPath, 'utf8'), lab.configPath);
		if (!parsed.ok) throw new Error(parsed.error.map(e => e.message).join('\n'));
		config = parsed.value;
		home = mkdtempSync(join(tmpdir(), 'lvst-lab-home-'));
		// The lab's known_hosts vouches for every host: refusing unknown keys proves none is unknown.
		pool = new SshConnectionPool({
			hosts: clusterHosts(config),
			configFile: config.source,
			settings: {home, knownHostsFile: config.options.knownHostsFile, prompter: refusingPrompter, agentSocket: undefined},
		});
		for (const host of clusterHosts(config)) transports.set(host.name, createHostTransport(host, {cluster: config, pool}));
	});
	afterAll(() => {
		pool?.closeAll();
		if (home) rmSync(home, {recursive: true, force: true});
	});

	it('runs commands on the director', async () => {
		const r = await transport('director').runner.exec('ipvsadm -Ln; echo done >&2');
		expect(r.code).toBe(0);
		expect(r.stdout).toContain('IP Virtual Server version');
		expect(r.stderr).toBe('done\n');
	});

	it('reaches every real server through the director, on their private addresses', async () => {
		for (const rs of config.realServers) {
			const r = await transport(rs.name).runner.exec('ip -o -4 addr show');
			expect(r.code).toBe(0);
			expect(r.stdout).toContain(` ${rs.address}/`);
		}
	});

	it('opens a shell pane on a real server through the jump host, with resize', async () => {
		const rs = config.realServers[0];
		const pane = transport(rs.name).openShell({cols: 80, rows: 24, term: 'xterm-256color'});
		let output = '';
		pane.onData(d => (output += d));
		try {
			pane.write('stty size; echo "marker-$((3*5))"\r');
			await waitFor(() => output.includes('marker-15'), 'the command output', 20_000);
			expect(output).toMatch(/24 80/);
			pane.resize(100, 40);
			// The window-change request and the typed line travel separately: dropbear may run a
			// `stty size` typed right after the resize before it applies the new size, so ask until
			// the remote reports it (still failing if it never does).
			const ask = setInterval(() => pane.write('stty size\r'), 1000);
			pane.write('stty size\r');
			try {
				await waitFor(() => /40 100/.test(output), 'the new size', 20_000);
			} finally {
				clearInterval(ask);
			}
		} finally {
			pane.kill();
		}
	});

	it('writes a file on the director atomically over SFTP', async () => {
		const path = `/tmp/lvs-tui-ssh-lab-${process.pid}`;
		const files = transport('director').files;
		try {
			await files.writeFileAtomic(path, 'from the ssh test\n', 0o600);
			expect(Buffer.from(await files.readFile(path)).toString()).toBe('from the ssh test\n');
			expect(await files.stat(path)).toMatchObject({mode: 0o600, size: 18, isDirectory: false});
		} finally {
			await labExec(`rm -f ${path}`);
		}
	});
});
