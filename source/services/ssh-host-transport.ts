// The one call compose.ts makes per configured host: whatever carries it (ssh2, the system ssh, or
// this machine), it comes back as a CommandRunner, a FileAccess and a way to open shell panes.
import type {ClusterConfig, HostConfig} from '../domain/config/cluster-config.js';
import type {CommandRunner, FileAccess} from '../transports/command-runner.js';
import type {PaneProcess, PaneProcessSpec} from '../transports/pane-process.js';
import {LocalCommandRunner} from '../transports/local-command-runner.js';
import {LocalPty} from '../transports/local-pty.js';
import {SshExecRunner} from '../transports/ssh/ssh-exec-runner.js';
import {SftpFileAccess} from '../transports/ssh/sftp-file-access.js';
import {SshPaneProcess} from '../transports/ssh/ssh-pane-process.js';
import {OpenSshSession} from '../transports/openssh/openssh-session.js';
import {LocalFileAccess} from '../transports/local-file-access.js';
import {statusText, type SshConnectionPool, type SshConnectionState} from './ssh-connection-pool.js';

export interface HostTransport {
	/** The host's name in the config. */
	readonly host: string;
	readonly kind: HostConfig['transport'];
	readonly runner: CommandRunner;
	readonly files: FileAccess;
	/** A login shell on the host, in a pane. */
	openShell(spec: PaneProcessSpec): PaneProcess;
	/** Retry a dropped connection now (C-a r), where the transport has one. */
	retryNow(): void;
	/** Close the host's connection (ssh2) or its OpenSSH master. */
	close(): void;
}

export interface HostTransportContext {
	cluster: ClusterConfig;
	/** The ssh2 connection pool (one per app). */
	pool: SshConnectionPool;
	/** Owner-only directory for OpenSSH ControlMaster sockets (see OpenSshSession). */
	controlDir?: string;
}

export function createHostTransport(host: HostConfig, context: HostTransportContext): HostTransport {
	switch (host.transport) {
		case 'local': {
			// Named as in the config: results and store entries are keyed by the config's host name.
			const runner = new LocalCommandRunner({host: host.name});
			return {
				host: host.name,
				kind: 'local',
				runner,
				files: new LocalFileAccess(host.name),
				openShell: spec => new LocalPty({shell: context.cluster.options.shell}, spec),
				retryNow: () => undefined,
				close: () => undefined,
			};
		}
		case 'openssh': {
			const session = new OpenSshSession(host, {
				hosts: [context.cluster.director, ...context.cluster.realServers],
				knownHostsFile: context.cluster.options.knownHostsFile,
				controlDir: context.controlDir,
			});
			return {
				host: host.name,
				kind: 'openssh',
				runner: session.runner,
				files: session.files,
				openShell: spec => session.openShell(spec),
				retryNow: () => undefined,
				close: () => session.close(),
			};
		}
		case 'ssh2': {
			const connection = context.pool.connection(host.name);
			return {
				host: host.name,
				kind: 'ssh2',
				runner: new SshExecRunner(host.name, connection),
				files: new SftpFileAccess(host.name, connection),
				openShell: spec => new SshPaneProcess(connection, spec, state => statusText(state as SshConnectionState)),
				retryNow: () => connection.retryNow(),
				close: () => connection.close(),
			};
		}
	}
}
