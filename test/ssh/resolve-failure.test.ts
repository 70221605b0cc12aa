import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';
import {startSshHost, type SshHost} from '../helpers/netns-sshd.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

// A name that does not resolve, without sending a DNS query anywhere but our own namespace:
// `ip netns exec` bind-mounts /etc/netns/NS/resolv.conf over /etc/resolv.conf, pointing the
// resolver at the namespace's loopback where nothing listens.
describe.skipIf(missing(isRoot, hasCommand('/usr/sbin/sshd')))('a host name that does not resolve', () => {
	let host: SshHost;
	let etc: string;

	beforeAll(async () => {
		host = await startSshHost({name: 'dns'});
		etc = `/etc/netns/${host.netns}`;
		mkdirSync(etc, {recursive: true});
		writeFileSync(`${etc}/resolv.conf`, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
	});
	afterAll(async () => {
		if (etc) rmSync(etc, {recursive: true, force: true});
		await host?.stop();
	});

	it('ends in a clear message naming the host', () => {
		const out = execFileSync('ip', ['netns', 'exec', host.netns, `${root}node_modules/.bin/vite-node`, 'test/ssh/resolve-failure.script.ts', 'no-such-host.lvs-tui.test'], {cwd: root, encoding: 'utf8', timeout: 60_000});
		const error = JSON.parse(out.trim().split('\n').pop()!);
		expect(error).toEqual({
			code: 'ssh.resolve',
			message: 'could not resolve hostname no-such-host.lvs-tui.test: Name or service not known',
			where: {host: 'rs9'},
		});
	});
});
