import {describe, expect, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {parseJumpSpec, parseSshConfig, resolveSshConfig} from '../../source/domain/ssh/ssh-config.js';
import {resolveRoute} from '../../source/domain/ssh/ssh-route.js';
import type {HostConfig} from '../../source/domain/config/cluster-config.js';
import {hasCommand, missing} from '../helpers/requirements.js';

const path = fileURLToPath(new URL('../fixtures/ssh/ssh_config', import.meta.url));
const config = parseSshConfig(readFileSync(path, 'utf8'), path);

describe('~/.ssh/config parsing', () => {
	it('reports what it does not follow, with line numbers', () => {
		expect(config.problems).toEqual([
			{line: 24, message: 'Match blocks are not evaluated by lvs-tui; their options are ignored'},
			{line: 27, message: 'Include ~/.ssh/config.d/* is not followed by lvs-tui'},
		]);
	});

	it('reports bad ports and unterminated quotes without giving up on the file', () => {
		const c = parseSshConfig('Host a\n  Port http\n  User "x\nHost b\n  User ok\n', 'cfg');
		expect(c.problems).toEqual([
			{line: 2, message: 'bad port "http"'},
			{line: 3, message: 'unterminated quote'},
		]);
		expect(resolveSshConfig(c, 'b').user).toBe('ok');
	});

	it('parses ProxyJump elements', () => {
		expect(parseJumpSpec('admin@director:2202')).toEqual({user: 'admin', host: 'director', port: 2202});
		expect(parseJumpSpec('[fd00::1]:22')).toEqual({user: undefined, host: 'fd00::1', port: 22});
		expect(parseJumpSpec('ssh://root@gw')).toEqual({user: 'root', host: 'gw', port: undefined});
		expect(parseJumpSpec('gw:http')).toBeNull();
	});
});

// OpenSSH itself is the reference: `ssh -G` prints how it resolves a host without connecting.
describe.skipIf(missing(hasCommand('ssh')))('resolution agrees with ssh -G', () => {
	for (const alias of ['director', 'rs1', 'rs2', 'rs0', 'rs10', 'x.lab', 'other']) {
		it(alias, () => {
			const out = execFileSync('ssh', ['-G', '-F', path, alias], {encoding: 'utf8'});
			const values = (key: string) => out.split('\n').filter(l => l.startsWith(key + ' ')).map(l => l.slice(key.length + 1));
			const ours = resolveSshConfig(config, alias);
			expect(ours.hostName ?? alias).toBe(values('hostname')[0]);
			expect(ours.user ?? 'local-user').toBe(values('user')[0]);
			expect(ours.port ?? 22).toBe(Number(values('port')[0]));
			expect(ours.identityFiles).toEqual(values('identityfile'));
			expect(ours.proxyJump).toBe(values('proxyjump')[0]);
			expect(ours.identitiesOnly ?? false).toBe(values('identitiesonly')[0] === 'yes');
		});
	}
});

describe('routes: lvs-tui host config over ~/.ssh/config', () => {
	const hosts: HostConfig[] = [
		{name: 'director', host: 'director', transport: 'ssh2', line: 3},
		{name: 'rs1', host: 'rs1', user: 'admin', transport: 'ssh2', line: 8},
		{name: 'rs2', host: '172.16.0.12', jump: 'director', identityFile: '~/.ssh/rs2', transport: 'ssh2', line: 12},
		{name: 'loop-a', host: 'a', jump: 'loop-b', transport: 'ssh2', line: 20},
		{name: 'loop-b', host: 'b', jump: 'loop-a', transport: 'ssh2', line: 24},
		{name: 'bad-jump', host: 'z', jump: 'nowhere', transport: 'ssh2', line: 30},
	];
	const context = {hosts, sshConfig: config, localUser: 'me', configFile: '/etc/lvs-tui.yaml'};

	it('a real server behind the director via ~/.ssh/config ProxyJump; lvs-tui values win', () => {
		const route = resolveRoute('rs1', context);
		expect(route).toEqual({
			ok: true,
			value: [
				// "ProxyJump director" is the cluster's director: marked so the pool reuses its connection.
				{label: 'director', hostName: '203.0.113.10', port: 2202, user: 'admin', identityFiles: ['~/.ssh/lvs_ed25519', '~/.ssh/id_ed25519'], identitiesOnly: false, clusterHost: 'director'},
				{label: 'rs1', hostName: '172.16.0.11', port: 22, user: 'admin', identityFiles: ['~/.ssh/id_ed25519'], identitiesOnly: false, clusterHost: 'rs1'},
			],
		});
	});

	it('`jump:` names a cluster host and reuses it (clusterHost set on the jump hop)', () => {
		const route = resolveRoute('rs2', context);
		expect(route.ok && route.value.map(h => [h.label, h.hostName, h.port, h.user, h.clusterHost])).toEqual([
			['director', '203.0.113.10', 2202, 'admin', 'director'],
			['rs2', '172.16.0.12', 22, 'fallback', 'rs2'],
		]);
		expect(route.ok && route.value[1].identityFiles).toEqual(['~/.ssh/rs2', '~/.ssh/id_ed25519']);
	});

	it('refuses loops with the path and the config line', () => {
		const route = resolveRoute('loop-a', context);
		expect(route).toEqual({
			ok: false,
			error: {
				code: 'ssh.proxyjump-loop',
				message: 'ProxyJump loop: loop-a -> loop-b -> loop-a; a host cannot be reached through itself',
				where: {file: '/etc/lvs-tui.yaml', line: 20},
			},
		});
	});

	it('refuses a ProxyJump loop inside ~/.ssh/config', () => {
		const c = parseSshConfig('Host a\n ProxyJump b\nHost b\n ProxyJump a\n', '/home/me/.ssh/config');
		const route = resolveRoute('h', {hosts: [{name: 'h', host: 'a', transport: 'ssh2'}], sshConfig: c, localUser: 'me'});
		expect(!route.ok && route.error.code).toBe('ssh.proxyjump-loop');
		expect(!route.ok && route.error.message).toBe('ProxyJump loop: h -> b -> h; a host cannot be reached through itself');
	});

	it('ProxyJump a,b: a first, b through a', () => {
		const c = parseSshConfig('Host t\n ProxyJump u1@gw1:2201,gw2\n', 'cfg');
		const route = resolveRoute('t', {hosts: [{name: 't', host: 't', transport: 'ssh2'}], sshConfig: c, localUser: 'me'});
		expect(route.ok && route.value.map(h => `${h.user}@${h.hostName}:${h.port}`)).toEqual(['u1@gw1:2201', 'me@gw2:22', 'me@t:22']);
	});

	it('names an unknown jump host', () => {
		const route = resolveRoute('bad-jump', context);
		expect(!route.ok && route.error.message).toBe('no host named "nowhere" in the config');
	});
});
