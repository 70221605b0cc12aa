import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';
import {startSshHost, type SshHost} from '../helpers/netns-sshd.js';

// The helper itself, checked with the system OpenSSH client: if this fails, every SSH test's
// failure is about the lab, not the transport.
describe.skipIf(missing(isRoot, hasCommand('/usr/sbin/sshd'), hasCommand('ssh')))('netns sshd helper', () => {
	let host: SshHost;
	beforeAll(async () => {
		host = await startSshHost({name: 'helper'});
	});
	afterAll(async () => {
		await host?.stop();
	});

	it('logs in with the user key and answers from its own namespace and host name', () => {
		const knownHosts = `${host.dir}/known_hosts_client`;
		execFileSync('sh', ['-c', `printf '%s\\n' "$1" > "$2"`, 'sh', host.knownHostsLine, knownHosts]);
		const out = execFileSync(
			'ssh',
			['-F', '/dev/null', '-i', host.userKeyPath, '-o', 'IdentitiesOnly=yes', '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', `root@${host.address}`, 'hostname'],
			{encoding: 'utf8'},
		);
		expect(out.trim()).toBe(host.hostname);
	});
});
