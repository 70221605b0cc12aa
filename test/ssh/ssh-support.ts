// Shared setup for the SSH tests: a pool pointed at netns hosts with a private known_hosts, and
// bounded waits for conditions (never fixed sleeps).
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {HostConfig} from '../../source/domain/config/cluster-config.js';
import {SshConnectionPool, type SshPoolOptions} from '../../source/services/ssh-connection-pool.js';
import type {SshPrompter} from '../../source/transports/ssh/ssh-prompter.js';
import type {SshHost} from '../helpers/netns-sshd.js';

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise(r => setTimeout(r, 20));
	}
}

export function hostConfig(name: string, host: SshHost, extra: Partial<HostConfig> = {}): HostConfig {
	return {name, host: host.address, port: host.port === 22 ? undefined : host.port, user: 'root', identityFile: host.userKeyPath, transport: 'ssh2', ...extra};
}

export interface TestClientEnv {
	dir: string;
	knownHostsFile: string;
	makePool(hosts: HostConfig[], options?: Partial<SshPoolOptions> & {prompter?: SshPrompter; agentSocket?: string}): SshConnectionPool;
	cleanup(): void;
}

/** A private home (known_hosts, keys) so tests never touch the real ~/.ssh. */
export function testClientEnv(knownHostsLines: string[] = []): TestClientEnv {
	const dir = mkdtempSync(join(tmpdir(), 'lvst-client-'));
	const knownHostsFile = join(dir, 'known_hosts');
	if (knownHostsLines.length) writeFileSync(knownHostsFile, knownHostsLines.join('\n') + '\n', {mode: 0o600});
	const pools: SshConnectionPool[] = [];
	return {
		dir,
		knownHostsFile,
		makePool(hosts, options = {}) {
			const {prompter, agentSocket, ...rest} = options;
			const pool = new SshConnectionPool({
				hosts,
				localUser: 'root',
				...rest,
				settings: {home: dir, knownHostsFile, agentSocket, ...(prompter ? {prompter} : {}), ...rest.settings},
			});
			pools.push(pool);
			return pool;
		},
		cleanup() {
			for (const p of pools) p.closeAll();
			rmSync(dir, {recursive: true, force: true});
		},
	};
}
