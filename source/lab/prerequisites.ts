// What the host needs to build and boot the lab. Missing tools are named one by one with the single
// apt-get command that installs them all, so a new user is one command away from a working lab.
import {accessSync, constants} from 'node:fs';
import {delimiter, join} from 'node:path';

export interface Prerequisite {
	/** What we look for on PATH. */
	command: string;
	/** The Debian package that provides it. */
	aptPackage: string;
	/** Why the lab needs it. */
	purpose: string;
}

export const labPrerequisites: readonly Prerequisite[] = [
	{command: 'qemu-system-x86_64', aptPackage: 'qemu-system-x86', purpose: 'runs the director VM'},
	{command: 'apt-get', aptPackage: 'apt', purpose: 'downloads the kernel and tools (apt-get download)'},
	{command: 'apt-cache', aptPackage: 'apt', purpose: 'resolves which packages to download'},
	{command: 'dpkg-deb', aptPackage: 'dpkg', purpose: 'unpacks the downloaded packages'},
	{command: 'tar', aptPackage: 'tar', purpose: 'unpacks the kernel package\'s module trees'},
	{command: 'cpio', aptPackage: 'cpio', purpose: 'packs the VM\'s initramfs'},
	{command: 'depmod', aptPackage: 'kmod', purpose: 'indexes the VM\'s kernel modules'},
	{command: 'modprobe', aptPackage: 'kmod', purpose: 'orders the VM\'s kernel modules'},
	{command: 'ssh-keygen', aptPackage: 'openssh-client', purpose: 'makes the lab\'s client key'},
	{command: 'ssh', aptPackage: 'openssh-client', purpose: 'runs lab commands in the VM'},
];

function onPath(command: string, path: string): boolean {
	for (const dir of path.split(delimiter)) {
		if (!dir) continue;
		try {
			accessSync(join(dir, command), constants.X_OK);
			return true;
		} catch {
			// not in this directory
		}
	}
	return false;
}

/** Missing prerequisites, in list order. sbin directories are searched too: depmod lives there. */
export function missingPrerequisites(path = process.env.PATH ?? ''): Prerequisite[] {
	const search = [path, '/usr/local/sbin', '/usr/sbin', '/sbin'].join(delimiter);
	return labPrerequisites.filter(p => !onPath(p.command, search));
}

/** "missing: X (package P: why)" lines and the one install command. */
export function describeMissing(missing: readonly Prerequisite[]): string {
	const packages = [...new Set(missing.map(m => m.aptPackage))];
	return [
		'The lab cannot be built on this machine; missing:',
		...missing.map(m => `  ${m.command} (package ${m.aptPackage}: ${m.purpose})`),
		'Install them with:',
		`  sudo apt-get install ${packages.join(' ')}`,
	].join('\n');
}

/** Absolute path for an sbin tool that may not be on a user's PATH. */
export function toolPath(command: string, path = process.env.PATH ?? ''): string {
	for (const dir of [...path.split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin']) {
		if (dir && onPath(command, dir)) return join(dir, command);
	}
	return command;
}
