// Fetches the Debian packages the director VM is made of: the kernel linux-image-amd64 points at and
// the tools' library closure. apt-get download works unprivileged into any folder. Each .deb is
// checked against apt's size and SHA256 before it counts as cached, so an interrupted download is
// simply fetched again.
import {createHash} from 'node:crypto';
import {createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {appError, fail, ok, type Result} from '../domain/result.js';
import {describeFailure, runProgram} from './run-program.js';

/** The tools the VM runs; their lib* dependencies are added by closure. */
export const kitTools = [
	'busybox-static', 'bash', 'iproute2', 'ipvsadm', 'dropbear-bin', 'openssh-sftp-server', 'iputils-arping',
	'isc-dhcp-server', 'iptables', 'kmod', 'netbase', 'ncurses-base',
] as const;

export interface KernelPackage {
	/** e.g. linux-image-6.1.0-56-amd64 */
	name: string;
	/** e.g. 6.1.0-56-amd64: the /lib/modules directory and the cache key. */
	version: string;
}

export interface DebFile {
	package: string;
	file: string;
	size: number;
	sha256: string;
}

/** `apt-cache depends linux-image-amd64` names the versioned kernel package it currently means. */
export async function resolveKernelPackage(): Promise<Result<KernelPackage>> {
	const override = process.env.LVS_TUI_LAB_KERNEL;
	if (override) return ok({name: `linux-image-${override}`, version: override});
	const r = await runProgram('apt-cache', ['depends', 'linux-image-amd64'], {timeoutMs: 60_000});
	const kernel = r.code === 0 ? parseKernelDepends(r.stdout) : null;
	if (!kernel) {
		return fail(appError('lab.kernel-package', 'cannot find the kernel package: `apt-cache depends linux-image-amd64` named none (are Debian apt sources configured?)', {detail: r.failure ?? r.stderr}));
	}
	return ok(kernel);
}

/** `apt-cache depends linux-image-amd64` → the versioned kernel package it depends on. */
export function parseKernelDepends(text: string): KernelPackage | null {
	const m = /Depends:\s*(linux-image-(\d\S*))/.exec(text);
	return m ? {name: m[1], version: m[2]} : null;
}

/** The tools plus every lib* package in their dependency closure (daemons like debconf stay out). */
export async function resolvePackageList(kernel: KernelPackage): Promise<Result<string[]>> {
	const r = await runProgram('apt-cache', [
		'depends', '--recurse', '--no-recommends', '--no-suggests', '--no-conflicts', '--no-breaks', '--no-replaces', '--no-enhances',
		...kitTools,
	], {timeoutMs: 60_000});
	if (r.code !== 0) return fail(appError('lab.packages', 'apt-cache could not resolve the lab\'s packages', {detail: describeFailure('apt-cache', r)}));
	const names = new Set<string>();
	for (const line of r.stdout.split('\n')) {
		if (!line || line.startsWith(' ') || line.startsWith('<')) continue;
		if ((kitTools as readonly string[]).includes(line) || line.startsWith('lib') || line.startsWith('zlib')) names.add(line);
	}
	return ok([kernel.name, ...[...names].sort()]);
}

function sha256File(path: string): Promise<string> {
	return new Promise((resolvePromise, reject) => {
		const hash = createHash('sha256');
		createReadStream(path).on('data', d => hash.update(d)).on('error', reject).on('end', () => resolvePromise(hash.digest('hex')));
	});
}

/** Present with apt's exact size and SHA256 (a truncated or corrupt download is not). */
export async function debIsIntact(path: string, deb: DebFile): Promise<boolean> {
	if (!existsSync(path)) return false;
	if (statSync(path).size !== deb.size) return false;
	return (await sha256File(path)) === deb.sha256;
}

/** Parse `apt-get download --print-uris`: 'URI' file size SHA256:hex */
export function parsePrintUris(text: string, packages: readonly string[]): DebFile[] {
	const debs: DebFile[] = [];
	for (const line of text.split('\n')) {
		const m = /^'[^']+'\s+(\S+)\s+(\d+)\s+SHA256:([0-9a-f]{64})/.exec(line);
		if (!m) continue;
		const pkg = packages.find(p => m[1].startsWith(`${p}_`)) ?? m[1].split('_')[0];
		debs.push({package: pkg, file: m[1], size: Number(m[2]), sha256: m[3]});
	}
	return debs;
}

export interface FetchReport {
	debs: DebFile[];
	downloaded: number;
	bytesDownloaded: number;
}

/**
 * Make every package present and intact in `dir`. Downloads go to a private partial folder and
 * are renamed in only after their checksum matches.
 */
export async function fetchPackages(dir: string, packages: readonly string[], log: (line: string) => void): Promise<Result<FetchReport>> {
	mkdirSync(dir, {recursive: true});
	// Callers hold the cache's build lock: any partial folder is an interrupted download's leftover.
	for (const entry of readdirSync(dir)) if (entry.startsWith('.partial-')) rmSync(join(dir, entry), {recursive: true, force: true});
	const partial = join(dir, `.partial-${process.pid}`);
	mkdirSync(partial);
	try {
		// --print-uris in an empty folder lists every package (it omits ones already in the cwd).
		const listing = await runProgram('apt-get', ['download', '--print-uris', ...packages], {cwd: partial, timeoutMs: 60_000});
		if (listing.code !== 0) return fail(appError('lab.download', 'apt-get could not list the lab\'s packages', {detail: describeFailure('apt-get', listing)}));
		const debs = parsePrintUris(listing.stdout, packages);
		if (debs.length < packages.length) {
			const known = new Set(debs.map(d => d.package));
			return fail(appError('lab.download', `apt-get knows no download for: ${packages.filter(p => !known.has(p)).join(', ')}`));
		}
		const missing: DebFile[] = [];
		for (const deb of debs) if (!(await debIsIntact(join(dir, deb.file), deb))) missing.push(deb);
		if (missing.length === 0) return ok({debs, downloaded: 0, bytesDownloaded: 0});
		const bytes = missing.reduce((n, d) => n + d.size, 0);
		log(`downloading ${missing.length} packages (${(bytes / 1e6).toFixed(1)} MB) into ${dir}`);
		const r = await runProgram('apt-get', ['download', ...missing.map(d => d.package)], {cwd: partial, timeoutMs: 15 * 60_000});
		if (r.code !== 0) return fail(appError('lab.download', 'apt-get download failed (network or apt sources?)', {detail: describeFailure('apt-get', r)}));
		for (const deb of missing) {
			const got = join(partial, deb.file);
			if (!(await debIsIntact(got, deb))) return fail(appError('lab.download', `downloaded ${deb.file} does not match apt's size/SHA256; try again`));
			renameSync(got, join(dir, deb.file));
		}
		return ok({debs, downloaded: missing.length, bytesDownloaded: bytes});
	} finally {
		rmSync(partial, {recursive: true, force: true});
	}
}
