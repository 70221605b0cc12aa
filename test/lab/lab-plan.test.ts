// Pure parts of the lab: the network plan, the written config (checked with the real config
// loader), apt output parsing on captured output, traffic counting, prerequisite messages.
import {mkdtempSync, rmSync, symlinkSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseClusterConfig} from '../../source/domain/config/config-loader.js';
import {countAnswers} from '../../source/lab/lab-control.js';
import {labConfigYaml, labKnownHosts} from '../../source/lab/lab-config.js';
import {labPaths} from '../../source/lab/lab-paths.js';
import {labTopology, macFor, nextSpareAddress, validHostName, validPrivateAddress} from '../../source/lab/lab-topology.js';
import {parseKernelDepends, parsePrintUris} from '../../source/lab/package-fetch.js';
import {describeMissing, missingPrerequisites} from '../../source/lab/prerequisites.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/lab', name), 'utf8');

describe('the lab network plan', () => {
	it('accepts short plain host names only, never the director or the client', () => {
		expect(validHostName('rs3')).toBe(true);
		expect(validHostName('node-10')).toBe(true);
		for (const bad of ['', 'RS3', '3rs', 'rs3;reboot', 'rs 3', 'a-very-long-name', 'director', 'client', '../x']) {
			expect(validHostName(bad), bad).toBe(false);
		}
	});

	it('accepts private addresses in 172.16.0.0/16 except the DIP, network and broadcast', () => {
		expect(validPrivateAddress('172.16.0.30')).toBe(true);
		expect(validPrivateAddress('172.16.3.4')).toBe(true);
		for (const bad of ['172.16.0.1', '172.16.0.0', '172.16.255.255', '172.17.0.5', '10.0.2.50', '172.16.0.256', '172.16.0.5; rm']) {
			expect(validPrivateAddress(bad), bad).toBe(false);
		}
	});

	it('hands out the lowest free spare address and stable MACs', () => {
		expect(nextSpareAddress(['172.16.0.21', '172.16.0.22'])).toBe('172.16.0.23');
		expect(nextSpareAddress(['172.16.0.23', '172.16.0.24'])).toBe('172.16.0.25');
		expect(macFor('172.16.0.21')).toBe('52:54:00:16:00:15');
		expect(macFor('172.16.1.200')).toBe('52:54:00:16:01:c8');
	});
});

describe('the written lvs-tui.yaml', () => {
	const input = {
		port: 40022,
		identityFile: '/home/u/.cache/lvs-tui/lab/keys/id_ed25519',
		knownHostsFile: '/home/u/.cache/lvs-tui/lab/run/known_hosts',
		hosts: [
			...labTopology.realServers.map(r => ({name: r.name, address: r.address, mac: macFor(r.address), spare: false})),
			{name: 'rs3', address: '172.16.0.23', mac: macFor('172.16.0.23'), spare: true},
		],
	};

	it('is accepted by the config loader and describes the lab (spare hosts left out)', () => {
		const parsed = parseClusterConfig(labConfigYaml(input), '/tmp/lvs-tui.yaml');
		expect(parsed.ok, parsed.ok ? '' : JSON.stringify(parsed.error)).toBe(true);
		if (!parsed.ok) return;
		const c = parsed.value;
		expect(c.director).toMatchObject({name: 'director', host: '127.0.0.1', port: 40022, user: 'root', identityFile: input.identityFile, transport: 'ssh2'});
		expect(c.lvsType).toBe('nat');
		expect(c.realServers).toEqual([
			expect.objectContaining({name: 'rs1', address: '172.16.0.21', host: '172.16.0.21', jump: 'director', mac: '52:54:00:16:00:15'}),
			expect.objectContaining({name: 'rs2', address: '172.16.0.22', host: '172.16.0.22', jump: 'director'}),
		]);
		expect(c.vips).toEqual([expect.objectContaining({address: '10.0.2.50', device: 'eth0', label: 'eth0:50', prefix: 32})]);
		expect(c.dip).toMatchObject({address: '172.16.0.1', device: 'eth1', network: '172.16.0.0/16'});
		expect(c.services).toEqual([expect.objectContaining({protocol: 'tcp', vip: '10.0.2.50', port: 80, scheduler: 'wlc', realServers: [
			{server: 'rs1', port: 80, weight: 3, forward: 'masq'},
			{server: 'rs2', port: 80, weight: 1, forward: 'masq'},
		]})]);
		expect(c.panes.map(p => [p.number, p.title, p.host])).toEqual([[0, 'director', 'director'], [1, 'rs1', 'rs1'], [2, 'rs2', 'rs2']]);
		expect(c.options).toMatchObject({knownHostsFile: input.knownHostsFile, dhcpdConf: '/etc/dhcp/dhcpd.conf', kickstartDir: '/kickstart'});
	});

	it('lists the director on its forwarded port and real servers on their addresses in known_hosts', () => {
		const text = labKnownHosts(40022, 'ssh-ed25519 AAAAdirector', [{address: '172.16.0.21', publicLine: 'ssh-ed25519 AAAArs1'}]);
		expect(text).toBe('[127.0.0.1]:40022 ssh-ed25519 AAAAdirector\n172.16.0.21 ssh-ed25519 AAAArs1\n');
	});
});

describe('apt output (captured on this machine kind)', () => {
	it('finds the versioned kernel package linux-image-amd64 points at', () => {
		expect(parseKernelDepends(fixture('apt-cache-depends-linux-image-amd64.txt'))).toEqual({name: 'linux-image-6.1.0-56-amd64', version: '6.1.0-56-amd64'});
		expect(parseKernelDepends('linux-image-amd64\n')).toBeNull();
	});

	it('reads file, size and SHA256 of each package from apt-get download --print-uris', () => {
		const packages = ['linux-image-6.1.0-56-amd64', 'ipvsadm', 'busybox-static', 'zlib1g', 'libc6'];
		const debs = parsePrintUris(fixture('apt-get-download-print-uris.txt'), packages);
		expect(debs).toHaveLength(5);
		expect(debs.find(d => d.package === 'ipvsadm')).toEqual({
			package: 'ipvsadm', file: 'ipvsadm_1%3a1.31-1+b1_amd64.deb', size: 41584,
			sha256: 'ef73992cd6f7a9d7ea5569631184d67fbd1ef89e158da604b77e90b028e25864',
		});
		expect(debs.find(d => d.package === 'linux-image-6.1.0-56-amd64')?.size).toBe(70550672);
	});
});

describe('lab traffic answers', () => {
	it('counts pages by the server that sent them and failures separately', () => {
		expect(countAnswers('rs1 172.16.0.21\nrs2 172.16.0.22\nrs1 172.16.0.21\nFAILED\n\n')).toEqual({answers: {rs1: 2, rs2: 1}, failed: 1});
		expect(countAnswers('')).toEqual({answers: {}, failed: 0});
	});
});

describe('lab paths', () => {
	it('honours XDG_CACHE_HOME and a separate state dir', () => {
		expect(labPaths({XDG_CACHE_HOME: '/x/cache'})).toMatchObject({cache: '/x/cache/lvs-tui/lab', debs: '/x/cache/lvs-tui/lab/debs', keys: '/x/cache/lvs-tui/lab/keys', state: '/x/cache/lvs-tui/lab/run'});
		expect(labPaths({XDG_CACHE_HOME: '/x/cache', LVS_TUI_LAB_STATE_DIR: '/tmp/s'}).state).toBe('/tmp/s');
		// A relative XDG_CACHE_HOME is invalid per the spec and ignored.
		expect(labPaths({XDG_CACHE_HOME: 'rel'}).cache).not.toContain('rel/');
	});
});

describe('prerequisites', () => {
	let dir = '';
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'lvs-tui-prereq-'));
	});
	afterAll(() => {
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('names each missing tool and the one apt-get command, from a PATH that lacks them', () => {
		// A PATH holding only cpio and dpkg-deb (sbin dirs are always searched: depmod lives there).
		symlinkSync('/usr/bin/cpio', join(dir, 'cpio'));
		symlinkSync('/usr/bin/dpkg-deb', join(dir, 'dpkg-deb'));
		const missing = missingPrerequisites(dir).map(m => m.command);
		expect(missing).toContain('qemu-system-x86_64');
		expect(missing).toContain('apt-get');
		expect(missing).toContain('ssh-keygen');
		expect(missing).not.toContain('cpio');
		expect(missing).not.toContain('dpkg-deb');
		const text = describeMissing(missingPrerequisites(dir));
		expect(text).toContain('qemu-system-x86_64 (package qemu-system-x86');
		expect(text).toMatch(/sudo apt-get install qemu-system-x86 apt .*openssh-client/);
		expect(missingPrerequisites()).toEqual([]);
	});
});
