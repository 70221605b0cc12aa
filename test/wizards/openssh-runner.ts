// A CommandRunner over the system OpenSSH client, for the wizard tests' namespace hosts: real ssh
// to a real sshd, so doctor and the runner are tested across a real SSH hop.
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {shellJoin, shellQuote} from '../../source/domain/shell-quote.js';
import type {CommandRunner, ExecOptions, ExecResult} from '../../source/transports/command-runner.js';
import {LocalCommandRunner} from '../../source/transports/local-command-runner.js';
import type {SshHost} from '../helpers/netns-sshd.js';

export class OpenSshRunner implements CommandRunner {
	private readonly local = new LocalCommandRunner();
	private readonly prefix: string;

	constructor(readonly host: string, target: SshHost) {
		const knownHosts = join(target.dir, 'client_known_hosts');
		writeFileSync(knownHosts, target.knownHostsLine + '\n');
		this.prefix = shellJoin([
			'ssh', '-F', '/dev/null', '-i', target.userKeyPath, '-p', target.port,
			'-o', 'IdentitiesOnly=yes', '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'StrictHostKeyChecking=yes',
			'-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR', `root@${target.address}`,
		]);
	}

	exec(command: string, options?: ExecOptions): Promise<ExecResult> {
		return this.local.exec(`${this.prefix} ${shellQuote(command)}`, options);
	}
}
