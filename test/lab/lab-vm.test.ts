// The lab VM booted by the global setup really is the seed's LVS-NAT cluster: checked from inside
// the VM with the system OpenSSH client, through real IPVS, real HTTP and real SSH.
import {readFileSync} from 'node:fs';
import {afterAll, describe, expect, it} from 'vitest';
import {parseClusterConfig} from '../../source/domain/config/config-loader.js';
import {shellJoin} from '../../source/domain/shell-quote.js';
import {labAddHost, labRemoveHost, labStatus, labTraffic} from '../../source/lab/lab-control.js';
import {labPaths} from '../../source/lab/lab-paths.js';
import {runProgram} from '../../source/lab/run-program.js';
import {labAvailable, labExec, labExecIn, labInfo, labReset, labSshArgs, testVips} from '../helpers/lab.js';
import {missing} from '../helpers/requirements.js';

describe.skipIf(missing(labAvailable))('the lab VM', () => {
	const lab = labAvailable() === null ? labInfo() : null;
	const paths = () => ({...labPaths(), state: lab!.stateDir});

	it('lists the wlc service on the VIP with rs1 weight 3 and rs2 weight 1 over masq', async () => {
		const r = await labExec('ipvsadm -Ln');
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(new RegExp(`TCP\\s+${lab!.vip.replace(/\./g, '\\.')}:80 wlc`));
		expect(r.stdout).toMatch(/-> 172\.16\.0\.21:80\s+Masq\s+3\s/);
		expect(r.stdout).toMatch(/-> 172\.16\.0\.22:80\s+Masq\s+1\s/);
	});

	it('carries the VIP as the labelled alias eth0:50 and the DIP on eth1, with ip_forward on', async () => {
		const r = await labExec('ip -j addr show; cat /proc/sys/net/ipv4/ip_forward');
		expect(r.code).toBe(0);
		const [json, forward] = [r.stdout.slice(0, r.stdout.lastIndexOf(']') + 1), r.stdout.slice(r.stdout.lastIndexOf(']') + 1).trim()];
		const links = JSON.parse(json) as Array<{ifname: string; addr_info: Array<{local: string; prefixlen: number; label?: string}>}>;
		const eth0 = links.find(l => l.ifname === 'eth0')!;
		expect(eth0.addr_info).toContainEqual(expect.objectContaining({local: lab!.vip, prefixlen: 32, label: 'eth0:50'}));
		const eth1 = links.find(l => l.ifname === 'eth1')!;
		expect(eth1.addr_info).toContainEqual(expect.objectContaining({local: lab!.dip, prefixlen: 16}));
		expect(forward).toBe('1');
	});

	it('splits 40 requests through the VIP about 3:1 between rs1 and rs2', async () => {
		// A service of this test's own (same real servers, the lab's weights) on a test address:
		// other suites toggle the VIP and reweight port 80 while this runs.
		const address = testVips[0];
		const vip = `${address}:80`;
		const setup = await labExec([
			shellJoin(['ip', 'addr', 'replace', `${address}/32`, 'dev', 'lo']),
			shellJoin(['ipvsadm', '-A', '-t', vip, '-s', 'wlc']),
			shellJoin(['ipvsadm', '-a', '-t', vip, '-r', '172.16.0.21:80', '-m', '-w', 3]),
			shellJoin(['ipvsadm', '-a', '-t', vip, '-r', '172.16.0.22:80', '-m', '-w', 1]),
		].join(' && '));
		expect(setup.code, setup.stderr).toBe(0);
		try {
			const traffic = await labTraffic({requests: 40, idle: 0, idleSeconds: 0, vip: address}, paths());
			expect(traffic.ok).toBe(true);
			if (!traffic.ok) return;
			expect(traffic.value.failed).toBe(0);
			const {rs1 = 0, rs2 = 0} = traffic.value.answers;
			expect(rs1 + rs2).toBe(40);
			// wlc with weights 3:1 gives 30/10 on an idle service; allow a little for stray connections.
			expect(rs1).toBeGreaterThanOrEqual(26);
			expect(rs1).toBeLessThanOrEqual(34);
			const stats = await labExec(shellJoin(['ipvsadm', '-Ln', '--stats', '-t', vip]));
			expect(stats.stdout).toMatch(/172\.16\.0\.21:80\s+\d+/);
		} finally {
			await labExec(`${shellJoin(['ipvsadm', '-D', '-t', vip])}; ${shellJoin(['ip', 'addr', 'del', `${address}/32`, 'dev', 'lo'])}`);
		}
	});

	it('keeps idle connections open as ActiveConn, then lets them end by themselves', async () => {
		const address = testVips[1];
		const vip = `${address}:80`;
		await labExec([
			shellJoin(['ip', 'addr', 'replace', `${address}/32`, 'dev', 'lo']),
			shellJoin(['ipvsadm', '-A', '-t', vip, '-s', 'rr']),
			shellJoin(['ipvsadm', '-a', '-t', vip, '-r', '172.16.0.21:80', '-m']),
		].join(' && '));
		try {
			const traffic = await labTraffic({requests: 0, idle: 2, idleSeconds: 2, vip: address}, paths());
			expect(traffic.ok).toBe(true);
			const active = () => labExec(shellJoin(['ipvsadm', '-Ln', '-t', vip])).then(r => Number(/172\.16\.0\.21:80\s+Masq\s+\d+\s+(\d+)/.exec(r.stdout)?.[1] ?? -1));
			expect(await waitFor(async () => (await active()) === 2, 20_000)).toBe(true);
			expect(await waitFor(async () => (await active()) === 0, 60_000)).toBe(true);
		} finally {
			await labExec(`${shellJoin(['ipvsadm', '-D', '-t', vip])}; ${shellJoin(['ip', 'addr', 'del', `${address}/32`, 'dev', 'lo'])}`);
		}
	}, 90_000);

	it('labReset() puts the lab\'s own service back as booted and leaves other services alone', async () => {
		const address = testVips[2];
		await labExec([
			shellJoin(['ip', 'addr', 'replace', `${address}/32`, 'dev', 'lo']),
			shellJoin(['ipvsadm', '-A', '-t', `${address}:80`, '-s', 'rr']),
			shellJoin(['ipvsadm', '-e', '-t', `${lab!.vip}:80`, '-r', '172.16.0.22:80', '-m', '-w', 2]),
		].join(' && '));
		try {
			await labReset();
			const r = await labExec('ipvsadm -Ln');
			expect(r.stdout).toMatch(/-> 172\.16\.0\.22:80\s+Masq\s+1\s/);
			expect(r.stdout).toContain(`TCP  ${address}:80 rr`);
		} finally {
			await labExec(`${shellJoin(['ipvsadm', '-D', '-t', `${address}:80`])}; ${shellJoin(['ip', 'addr', 'del', `${address}/32`, 'dev', 'lo'])}`);
		}
	});

	it('`lab status` reads the IPVS table over SSH', async () => {
		const status = await labStatus(paths());
		expect(status?.sshOk).toBe(true);
		expect(status?.ipvs).toContain('172.16.0.21:80');
	});

	it('lets OpenSSH reach rs1 through the director with the written known_hosts (host keys match)', async () => {
		const r = await sshViaDirector('172.16.0.21', 'hostname; ip -4 -o addr show dev eth0; ip route show default');
		expect(r.code, r.stderr).toBe(0);
		expect(r.stdout).toMatch(/^rs1\n/);
		expect(r.stdout).toContain('172.16.0.21/16');
		expect(r.stdout).toContain('default via 172.16.0.1');
	});

	it('has the tools other features use: arping, dhcpd -t, iptables MASQUERADE, modprobe/lsmod, kernel config', async () => {
		const r = await labExec([
			'command -v arping',
			'dhcpd -t -cf /etc/dhcp/dhcpd.conf 2>&1 | tail -1; echo dhcpd=${PIPESTATUS[0]}',
			'iptables -t nat -S POSTROUTING',
			'lsmod | grep -c "^ip_vs"',
			'modprobe ip_vs_sh && echo modprobe=ok',
			'grep "^CONFIG_IP_VS=" /boot/config-$(uname -r)',
			'grep -w rs1 /etc/hosts',
			'getent services http || grep -w "^http" /etc/services',
		].join('; '));
		expect(r.stdout).toContain('/usr/bin/arping');
		expect(r.stdout).toContain('dhcpd=0');
		expect(r.stdout).toContain('-A POSTROUTING -s 172.16.0.0/16 -o eth0 -j MASQUERADE');
		expect(Number(/^(\d+)$/m.exec(r.stdout)?.[1])).toBeGreaterThanOrEqual(2);
		expect(r.stdout).toContain('modprobe=ok');
		expect(r.stdout).toContain('CONFIG_IP_VS=m');
		expect(r.stdout).toMatch(/172\.16\.0\.21\s+rs1/);
		expect(r.stdout).toMatch(/^http\s+80\/tcp/m);
	});

	it('wrote an lvs-tui.yaml the config loader accepts, naming the lab as it is', () => {
		const text = readFileSync(lab!.configPath, 'utf8');
		const parsed = parseClusterConfig(text, lab!.configPath);
		expect(parsed.ok, parsed.ok ? '' : JSON.stringify(parsed.error)).toBe(true);
		if (!parsed.ok) return;
		const c = parsed.value;
		expect(c.director).toMatchObject({host: '127.0.0.1', port: lab!.sshPort, user: 'root', transport: 'ssh2'});
		expect(c.realServers.map(r => [r.name, r.address, r.jump])).toEqual([['rs1', '172.16.0.21', 'director'], ['rs2', '172.16.0.22', 'director']]);
		expect(c.vips).toEqual([expect.objectContaining({address: lab!.vip, device: 'eth0', label: 'eth0:50', prefix: 32})]);
		expect(c.services[0]).toMatchObject({protocol: 'tcp', vip: lab!.vip, port: 80, scheduler: 'wlc'});
		expect(c.options.knownHostsFile).toBe(lab!.knownHostsFile);
		const knownHosts = readFileSync(lab!.knownHostsFile, 'utf8');
		expect(knownHosts).toContain(`[127.0.0.1]:${lab!.sshPort} ssh-ed25519 `);
	});

	describe('a spare host (add-host)', () => {
		const name = 'labt1';
		afterAll(async () => {
			await labRemoveHost(name, paths());
		});

		it('comes up on the private network with HTTP and SSH, not in IPVS, and goes away again', async () => {
			const added = await labAddHost(name, undefined, paths());
			expect(added.ok, added.ok ? '' : added.error.message).toBe(true);
			if (!added.ok) return;
			const address = added.value.address;
			expect(address).toMatch(/^172\.16\.0\.\d+$/);
			const page = await labExecIn('client', shellJoin(['busybox', 'wget', '-q', '-O', '-', `http://${address}/`]));
			expect(page.stdout.trim()).toBe(`${name} ${address}`);
			const ssh = await sshViaDirector(address, 'hostname');
			expect(ssh.code, ssh.stderr).toBe(0);
			expect(ssh.stdout.trim()).toBe(name);
			const ipvs = await labExec('ipvsadm -Ln');
			expect(ipvs.stdout).not.toContain(`${address}:`);
			expect(readFileSync(lab!.knownHostsFile, 'utf8')).toContain(`${address} ssh-ed25519 `);

			const again = await labAddHost(name, undefined, paths());
			expect(again.ok).toBe(false);

			const removed = await labRemoveHost(name, paths());
			expect(removed.ok).toBe(true);
			const gone = await labExec('ip netns list');
			expect(gone.stdout).not.toMatch(new RegExp(`^${name}\\b`, 'm'));
		});

		it('gives hosts added at the same time (parallel test files) different addresses', async () => {
			const [a, b] = await Promise.all([labAddHost('labt3', undefined, paths()), labAddHost('labt4', undefined, paths())]);
			try {
				expect(a.ok && b.ok).toBe(true);
				if (!a.ok || !b.ok) return;
				expect(a.value.address).not.toBe(b.value.address);
				for (const h of [a.value, b.value]) {
					const page = await labExecIn('client', shellJoin(['busybox', 'wget', '-q', '-O', '-', `http://${h.address}/`]));
					expect(page.stdout.trim()).toBe(`${h.name} ${h.address}`);
				}
			} finally {
				await labRemoveHost('labt3', paths());
				await labRemoveHost('labt4', paths());
			}
		}, 90_000);

		it('refuses bad names and addresses and the base real servers', async () => {
			const bad = await labAddHost('Bad;name', undefined, paths());
			expect(!bad.ok && bad.error.code).toBe('lab.bad-name');
			const outside = await labAddHost('labt2', '10.9.9.9', paths());
			expect(!outside.ok && outside.error.code).toBe('lab.bad-address');
			const taken = await labAddHost('labt2', '172.16.0.21', paths());
			expect(!taken.ok && taken.error.code).toBe('lab.address-used');
			const base = await labRemoveHost('rs1', paths());
			expect(!base.ok && base.error.code).toBe('lab.base-host');
		});
	});
});

/** OpenSSH to a real server's private address with the director as the jump host (like an admin would). */
function sshViaDirector(address: string, command: string) {
	const args = labSshArgs();
	const director = args.pop()!;
	const proxy = shellJoin(['ssh', ...args, '-W', '%h:%p', director]);
	// The real server listens on 22: drop the director's forwarded port from the outer hop.
	const outer = args.filter((a, i) => a !== '-p' && args[i - 1] !== '-p');
	return runProgram('ssh', [...outer, '-o', `ProxyCommand=${proxy}`, `root@${address}`, command], {timeoutMs: 60_000});
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await condition()) return true;
		await new Promise(r => setTimeout(r, 250));
	}
	return false;
}
