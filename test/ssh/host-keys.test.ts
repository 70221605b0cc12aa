import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {readFileSync, statSync, writeFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';
import {startSshHost, type SshHost} from '../helpers/netns-sshd.js';
import {SshExecRunner} from '../../source/transports/ssh/ssh-exec-runner.js';
import type {HostKeyQuestion, SshPrompter} from '../../source/transports/ssh/ssh-prompter.js';
import {SshConnectionError} from '../../source/transports/ssh/ssh-connection-error.js';
import {hostConfig, testClientEnv, type TestClientEnv} from './ssh-support.js';

function recordingPrompter(answer: boolean) {
	const questions: HostKeyQuestion[] = [];
	const prompter: SshPrompter = {
		confirmHostKey: async q => {
			questions.push(q);
			return answer;
		},
		askPassphrase: async () => null,
	};
	return {prompter, questions};
}

/** What `ssh-keygen -lf` prints for a public key: "256 SHA256:... comment (ED25519)". */
function opensshFingerprint(publicKeyPath: string): string {
	return execFileSync('ssh-keygen', ['-lf', publicKeyPath], {encoding: 'utf8'}).split(' ')[1];
}

describe.skipIf(missing(isRoot, hasCommand('/usr/sbin/sshd'), hasCommand('ssh-keygen')))('host keys against a real sshd', () => {
	let host: SshHost;
	let onPort: SshHost;
	let env: TestClientEnv;

	beforeAll(async () => {
		[host, onPort] = await Promise.all([startSshHost({name: 'hk'}), startSshHost({name: 'hkport', port: 2222})]);
	});
	afterAll(async () => {
		await Promise.all([host?.stop(), onPort?.stop()]);
	});

	// Each test gets a fresh client home (and so a fresh known_hosts).
	beforeEach(() => {
		env = testClientEnv();
	});
	afterEach(() => env.cleanup());

	it('asks about an unknown host with the fingerprint ssh prints, records it 0600, then connects silently', async () => {
		const first = recordingPrompter(true);
		const pool = env.makePool([hostConfig('hk', host)], {prompter: first.prompter});
		const r = await new SshExecRunner('hk', pool.connection('hk')).exec('hostname');
		expect(r.stdout.trim()).toBe(host.hostname);
		expect(first.questions).toHaveLength(1);
		const q = first.questions[0];
		expect(q.fingerprint).toBe(opensshFingerprint(host.hostKeyPath + '.pub'));
		expect(q.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
		expect(q.keyType).toBe('ssh-ed25519');
		expect(q.text).toBe(
			`The authenticity of host '${host.address} (${host.address})' can't be established.\n` +
				`ED25519 key fingerprint is ${q.fingerprint}.\n` +
				'This key is not known by any other names.\n' +
				'Are you sure you want to continue connecting (yes/no)?',
		);
		expect(readFileSync(env.knownHostsFile, 'utf8')).toBe(host.knownHostsLine + '\n');
		expect(statSync(env.knownHostsFile).mode & 0o777).toBe(0o600);
		// The system ssh agrees with what was written.
		execFileSync('ssh', ['-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${env.knownHostsFile}`, '-i', host.userKeyPath, `root@${host.address}`, 'true']);

		const second = recordingPrompter(false);
		const pool2 = env.makePool([hostConfig('hk', host)], {prompter: second.prompter});
		expect((await new SshExecRunner('hk', pool2.connection('hk')).exec('echo again')).stdout).toBe('again\n');
		expect(second.questions).toHaveLength(0);
	});

	it('refuses when the person says no, and records nothing', async () => {
		const no = recordingPrompter(false);
		const pool = env.makePool([hostConfig('hk', host)], {prompter: no.prompter});
		const error = await new SshExecRunner('hk', pool.connection('hk')).exec('true').catch(e => e as SshConnectionError);
		expect(error).toBeInstanceOf(SshConnectionError);
		expect(error.appError.code).toBe('ssh.host-key-rejected');
		expect(error.message).toMatch(/^hk: host key of .* not accepted: Host key verification failed\.$/);
		expect(() => statSync(env.knownHostsFile)).toThrow();
		expect(pool.connection('hk').state.state).toBe('failed');
	});

	it('without anyone to ask (scripts), an unknown key is refused with how to fix it', async () => {
		const pool = env.makePool([hostConfig('hk', host)]);
		const error = await new SshExecRunner('hk', pool.connection('hk')).exec('true').catch(e => e as SshConnectionError);
		expect(error.appError.code).toBe('ssh.host-key-unknown');
		expect(error.message).toBe(
			`hk: host key of ${host.address} is not known (ED25519 ${opensshFingerprint(host.hostKeyPath + '.pub')}) and there is no one to ask here: ` +
				`run 'lvs-tui ssh-check hk' on a terminal to check and accept it (it is recorded in ${env.knownHostsFile}), then try again`,
		);
	});

	it('writes [host]:port for a non-22 port', async () => {
		const yes = recordingPrompter(true);
		const pool = env.makePool([hostConfig('p', onPort)], {prompter: yes.prompter});
		await new SshExecRunner('p', pool.connection('p')).exec('true');
		expect(yes.questions[0].knownHostsName).toBe(`[${onPort.address}]:2222`);
		expect(readFileSync(env.knownHostsFile, 'utf8')).toBe(`[${onPort.address}]:2222 ${onPort.hostPublicKey}\n`);
		expect(onPort.knownHostsLine).toBe(`[${onPort.address}]:2222 ${onPort.hostPublicKey}`);
	});

	it('accepts hashed known_hosts entries (ssh-keygen -H)', async () => {
		writeFileSync(env.knownHostsFile, `# comment\n${host.knownHostsLine}\n`, {mode: 0o600});
		execFileSync('ssh-keygen', ['-q', '-H', '-f', env.knownHostsFile], {stdio: 'ignore'});
		rmSync(env.knownHostsFile + '.old', {force: true});
		expect(readFileSync(env.knownHostsFile, 'utf8')).toMatch(/^\|1\|/m);
		const never = recordingPrompter(false);
		const pool = env.makePool([hostConfig('hk', host)], {prompter: never.prompter});
		expect((await new SshExecRunner('hk', pool.connection('hk')).exec('echo hashed')).stdout).toBe('hashed\n');
		expect(never.questions).toHaveLength(0);
	});

	it('adds a hashed line to a file whose names are hashed, and ssh-keygen -F finds it', async () => {
		writeFileSync(env.knownHostsFile, `${host.knownHostsLine}
`, {mode: 0o600});
		execFileSync('ssh-keygen', ['-q', '-H', '-f', env.knownHostsFile], {stdio: 'ignore'});
		rmSync(env.knownHostsFile + '.old', {force: true});
		const yes = recordingPrompter(true);
		const pool = env.makePool([hostConfig('p', onPort)], {prompter: yes.prompter});
		await new SshExecRunner('p', pool.connection('p')).exec('true');
		const lines = readFileSync(env.knownHostsFile, 'utf8').trim().split('\n');
		expect(lines).toHaveLength(2);
		expect(lines[1]).toMatch(/^\|1\|[A-Za-z0-9+/=]{28}\|[A-Za-z0-9+/=]{28} ssh-ed25519 /);
		const found = execFileSync('ssh-keygen', ['-F', `[${onPort.address}]:2222`, '-f', env.knownHostsFile], {encoding: 'utf8'});
		expect(found).toContain('found: line 2');
	});

	it('refuses a changed key with OpenSSH\'s warning naming file:line, without asking', async () => {
		const other = join(env.dir, 'other_host_key');
		execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
		const otherKey = readFileSync(other + '.pub', 'utf8').trim().split(' ').slice(0, 2).join(' ');
		writeFileSync(env.knownHostsFile, `# fleet\n10.255.255.1 ${otherKey}\n${host.address} ${otherKey}\n`, {mode: 0o600});
		const never = recordingPrompter(true);
		const pool = env.makePool([hostConfig('hk', host)], {prompter: never.prompter});
		const error = await new SshExecRunner('hk', pool.connection('hk')).exec('true').catch(e => e as SshConnectionError);
		expect(never.questions).toHaveLength(0);
		expect(error.appError.code).toBe('ssh.host-key-changed');
		expect(error.appError.where).toMatchObject({file: env.knownHostsFile, line: 3});
		expect(error.message).toContain(`${env.knownHostsFile}:3: host key for ${host.address} has changed`);
		expect(error.message).toContain('@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @');
		expect(error.message).toContain(`The fingerprint for the ED25519 key sent by the remote host is\n${opensshFingerprint(host.hostKeyPath + '.pub')}.`);
		expect(error.message).toContain(`Offending ED25519 key in ${env.knownHostsFile}:3`);
		expect(error.message).toContain(`ssh-keygen -f "${env.knownHostsFile}" -R "${host.address}"`);
		// known_hosts untouched.
		expect(readFileSync(env.knownHostsFile, 'utf8')).toBe(`# fleet\n10.255.255.1 ${otherKey}\n${host.address} ${otherKey}\n`);
	});

	it('refuses a key marked @revoked', async () => {
		writeFileSync(env.knownHostsFile, `@revoked * ${host.hostPublicKey}\n${host.knownHostsLine}\n`, {mode: 0o600});
		const pool = env.makePool([hostConfig('hk', host)], {prompter: recordingPrompter(true).prompter});
		const error = await new SshExecRunner('hk', pool.connection('hk')).exec('true').catch(e => e as SshConnectionError);
		expect(error.appError.code).toBe('ssh.host-key-revoked');
		expect(error.message).toContain(`${env.knownHostsFile}:1`);
	});
});
