import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {chmodSync, copyFileSync, existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';
import {startSshHost, type SshHost} from '../helpers/netns-sshd.js';
import {SshExecRunner} from '../../source/transports/ssh/ssh-exec-runner.js';
import {SshConnectionError} from '../../source/transports/ssh/ssh-connection-error.js';
import type {SshPrompter} from '../../source/transports/ssh/ssh-prompter.js';
import type {HostConfig} from '../../source/domain/config/cluster-config.js';
import {hostConfig, testClientEnv, waitFor, type TestClientEnv} from './ssh-support.js';

const PASSPHRASE = 'correct horse battery staple';

describe.skipIf(missing(isRoot, hasCommand('/usr/sbin/sshd'), hasCommand('ssh-agent'), hasCommand('ssh-add')))('authentication against a real sshd', () => {
	let host: SshHost;
	let env: TestClientEnv;
	let agent: ChildProcess | undefined;
	let agentSocket: string;
	let strangerKey: string;
	let encryptedKey: string;

	const keygen = (path: string, passphrase = '') => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'test', '-f', path]);

	beforeAll(async () => {
		host = await startSshHost({name: 'auth'});
		env = testClientEnv([host.knownHostsLine]);
		strangerKey = join(env.dir, 'stranger');
		keygen(strangerKey);
		encryptedKey = join(env.dir, 'encrypted');
		keygen(encryptedKey, PASSPHRASE);
		host.authorize(readFileSync(encryptedKey + '.pub', 'utf8'));
		agentSocket = join(env.dir, 'agent.sock');
		agent = spawn('ssh-agent', ['-D', '-a', agentSocket], {stdio: 'ignore'});
		await waitFor(() => existsSync(agentSocket), 'the agent socket');
	});
	afterAll(async () => {
		agent?.kill();
		env?.cleanup();
		await host?.stop();
	});

	async function attempt(config: HostConfig, options: {agentSocket?: string; prompter?: SshPrompter} = {}) {
		const pool = env.makePool([config], options);
		try {
			return {ok: true as const, stdout: (await new SshExecRunner(config.name, pool.connection(config.name)).exec('echo in')).stdout};
		} catch (error) {
			return {ok: false as const, error: error as SshConnectionError};
		}
	}

	it('a key the server does not know gives a clear permission-denied naming user, host and key', async () => {
		const r = await attempt(hostConfig('auth', host, {identityFile: strangerKey}));
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.error.appError.code).toBe('ssh.auth');
		expect(r.error.message).toBe(`auth: Permission denied (publickey) for root@${host.address}:22. Offered: key ${strangerKey} — the server accepted none.`);
	});

	it('an agent without keys is named as the reason, then the agent with the key gets in', async () => {
		const empty = await attempt(hostConfig('auth', host, {identityFile: undefined}), {agentSocket});
		expect(empty.ok).toBe(false);
		if (!empty.ok) expect(empty.error.message).toContain(`The agent at ${agentSocket} holds no keys (add one with ssh-add).`);

		execFileSync('ssh-add', [host.userKeyPath], {env: {...process.env, SSH_AUTH_SOCK: agentSocket}, stdio: 'ignore'});
		try {
			const withKey = await attempt(hostConfig('auth', host, {identityFile: undefined}), {agentSocket});
			expect(withKey).toEqual({ok: true, stdout: 'in\n'});
		} finally {
			execFileSync('ssh-add', ['-D'], {env: {...process.env, SSH_AUTH_SOCK: agentSocket}, stdio: 'ignore'});
		}
	});

	it('a key file readable by others is ignored with OpenSSH\'s warning', async () => {
		const loose = join(env.dir, 'loose');
		copyFileSync(host.userKeyPath, loose);
		chmodSync(loose, 0o644);
		const r = await attempt(hostConfig('auth', host, {identityFile: loose}));
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.error.message).toContain(`WARNING: UNPROTECTED PRIVATE KEY FILE! Permissions 0644 for '${loose}' are too open`);
			expect(r.error.message).toContain(`chmod 600 ${loose}`);
			expect(r.error.message).toContain('No key to offer');
		}
	});

	it('a missing key file is named', async () => {
		const r = await attempt(hostConfig('auth', host, {identityFile: join(env.dir, 'no-such-key')}));
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error.message).toContain(`Identity file ${join(env.dir, 'no-such-key')} not accessible: No such file or directory.`);
	});

	it('an encrypted key asks for its passphrase (and retries a wrong one) and never shows it', async () => {
		const asked: Array<[string, number]> = [];
		const answers = ['wrong', PASSPHRASE];
		const prompter: SshPrompter = {
			confirmHostKey: async () => false,
			askPassphrase: async (path, n) => {
				asked.push([path, n]);
				return answers.shift() ?? null;
			},
		};
		const r = await attempt(hostConfig('auth', host, {identityFile: encryptedKey}), {prompter});
		expect(r).toEqual({ok: true, stdout: 'in\n'});
		expect(asked).toEqual([
			[encryptedKey, 1],
			[encryptedKey, 2],
		]);
	});

	it('asks for a passphrase once per app run: a reconnect reuses the decrypted key', async () => {
		let asked = 0;
		const prompter: SshPrompter = {
			confirmHostKey: async () => false,
			askPassphrase: async () => {
				asked++;
				return PASSPHRASE;
			},
		};
		const pool = env.makePool([hostConfig('auth', host, {identityFile: encryptedKey})], {prompter});
		const runner = new SshExecRunner('auth', pool.connection('auth'));
		expect((await runner.exec('echo one')).stdout).toBe('one\n');
		await host.kill();
		await host.restart();
		await waitFor(() => pool.connection('auth').state.state !== 'connected', 'the pool to notice the drop');
		pool.connection('auth').retryNow();
		await waitFor(() => pool.connection('auth').state.state === 'connected', 'the reconnect', 15_000);
		expect((await runner.exec('echo two')).stdout).toBe('two\n');
		expect(asked).toBe(1);
	});

	it('three wrong passphrases end in a clear error that does not contain them', async () => {
		const prompter: SshPrompter = {confirmHostKey: async () => false, askPassphrase: async n => `nope-${n}`};
		const r = await attempt(hostConfig('auth', host, {identityFile: encryptedKey}), {prompter});
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.error.message).toContain(`Load key "${encryptedKey}": incorrect passphrase supplied to decrypt private key.`);
			expect(r.error.message).not.toContain('nope-');
		}
	});
});
