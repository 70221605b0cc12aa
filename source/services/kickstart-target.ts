// Where a kickstart file goes: a directory on this machine or on the director. Checked before
// anything is written, so a missing or read-only directory is a clear message, not a half-done run.
import {appError, fail, ok, type Result} from '../domain/result.js';
import {shellJoin} from '../domain/shell-quote.js';
import {backupPath} from '../domain/backup-name.js';
import type {Plan} from '../domain/wizards/wizard-plan.js';
import type {WizardHost} from './wizard-runner.js';

export interface KickstartWrite {
	plan: Plan;
	/** The file is already there and would be replaced. */
	replaces: boolean;
}

export async function prepareKickstartWrite(hostName: string, host: WizardHost, path: string, content: string, now: Date = new Date()): Promise<Result<KickstartWrite>> {
	const dir = path.slice(0, path.lastIndexOf('/')) || '/';
	const where = {host: hostName, file: dir};
	if (!host.files) return fail(appError('kickstart.no-files', `no file access to ${hostName}`, {where}));
	const info = await host.files.stat(dir);
	if (!info) return fail(appError('kickstart.dir-missing', `the kickstart directory ${dir} does not exist on ${hostName}: create it (mkdir -p ${dir}) and export it over NFS, or choose another with -o / options.kickstartDir`, {where}));
	if (!info.isDirectory) return fail(appError('kickstart.dir-missing', `${dir} on ${hostName} is not a directory`, {where}));
	const writable = await host.runner.exec(shellJoin(['test', '-w', dir]), {timeoutMs: 30_000});
	if (writable.code !== 0) return fail(appError('kickstart.dir-readonly', `the kickstart directory ${dir} on ${hostName} is not writable (permissions or a read-only file system)`, {where}));
	const existing = await host.files.stat(path);
	if (existing?.isDirectory) return fail(appError('kickstart.is-dir', `${path} on ${hostName} is a directory`, {where}));
	const plan: Plan = {title: `kickstart file on ${hostName}`, steps: []};
	if (existing) {
		// The old file is kept (owner-only like the new one: cp -p keeps its mode) before it is replaced.
		const backup = backupPath(path, now);
		plan.steps.push({kind: 'run', host: hostName, title: 'back up the existing kickstart file', command: shellJoin(['cp', '-p', path, backup])});
		plan.notes = [`backup: ${backup}`];
	}
	plan.steps.push({kind: 'write', host: hostName, title: existing ? 'replace the kickstart file' : 'write the kickstart file', path, content, mode: 0o600});
	return ok({replaces: existing !== null, plan});
}
