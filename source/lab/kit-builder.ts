// Builds the director VM's kit from unpacked Debian packages: the kernel's vmlinuz and an initramfs
// holding exactly the binaries the lab runs, the libraries the packaged loader says they need, the
// kernel modules (IPVS, netfilter NAT, bridge, veth, virtio) with a modules.dep so modprobe and lsmod
// work, and the generated /init and /etc, packed as an uncompressed cpio. Built in a temp folder and
// renamed into place with a completion marker, so an interrupted build is never mistaken for a kit.
import {
	chmodSync, closeSync, copyFileSync, openSync, readSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync,
	symlinkSync, writeFileSync,
} from 'node:fs';
import {dirname, join, posix, relative} from 'node:path';
import {appError, fail, ok, type Result} from '../domain/result.js';
import {bootModules, guestFiles} from './guest-files.js';
import {ensureClientKey, ensureHostKey, type DropbearKeyTool} from './lab-keys.js';
import {baseHostNames} from './lab-topology.js';
import type {KernelPackage} from './package-fetch.js';
import {toolPath} from './prerequisites.js';
import {describeFailure, runProgram} from './run-program.js';

/** Bump when the kit's recipe changes: older kits are rebuilt. */
export const kitRecipeVersion = 10;

const loaderInStage = 'lib/x86_64-linux-gnu/ld-linux-x86-64.so.2';
const libraryDirs = ['lib/x86_64-linux-gnu', 'usr/lib/x86_64-linux-gnu'];

/** Binaries the VM runs (paths inside the unpacked packages). */
const kitBinaries = [
	'bin/bash', 'bin/busybox', 'bin/ip', 'bin/ss', 'sbin/bridge', 'sbin/tc', 'sbin/ip',
	'sbin/ipvsadm', 'sbin/ipvsadm-save', 'sbin/ipvsadm-restore',
	'usr/sbin/dropbear', 'usr/bin/dbclient', 'usr/bin/dropbearkey', 'usr/lib/openssh/sftp-server', 'usr/lib/sftp-server',
	'usr/bin/arping', 'usr/sbin/dhcpd',
	'usr/sbin/xtables-nft-multi', 'usr/sbin/xtables-legacy-multi',
	'bin/kmod', 'bin/lsmod', 'sbin/lsmod', 'sbin/modprobe', 'sbin/insmod', 'sbin/rmmod', 'sbin/depmod', 'sbin/modinfo',
];

/** Whole folders copied as they are (plugins dlopen()ed at run time, data files). */
const kitFolders = ['usr/lib/x86_64-linux-gnu/xtables', 'lib/terminfo', 'etc/iproute2'];
const kitDataFiles = ['etc/services', 'etc/protocols', 'etc/ethertypes', 'etc/rpc'];

/** Module folders the VM may modprobe on demand; their dependency closure comes along. */
const moduleFolders = ['kernel/net/netfilter', 'kernel/net/ipv4/netfilter', 'kernel/net/ipv6/netfilter', 'kernel/net/bridge'];

export interface KitMarker {
	recipe: number;
	kernelPackage: string;
	kernelVersion: string;
	/** Public lines of the keys baked in: a kit made with other keys is stale. */
	keys: Record<string, string>;
	builtAt: string;
	buildSeconds: number;
	packages: string[];
}

export interface Kit {
	dir: string;
	vmlinuz: string;
	initramfs: string;
	marker: KitMarker;
	dropbearKey: DropbearKeyTool;
}

const markerName = 'kit.json';

export function dropbearKeyToolIn(kitDirectory: string): DropbearKeyTool {
	const tools = join(kitDirectory, 'tools');
	return {loader: join(tools, 'ld-linux-x86-64.so.2'), libraryPath: join(tools, 'lib'), binary: join(tools, 'dropbearkey')};
}

/** The kit in `dir` if it is complete and made by this recipe; null when it must be (re)built. */
export function readKit(dir: string): Kit | null {
	try {
		const marker = JSON.parse(readFileSync(join(dir, markerName), 'utf8')) as KitMarker;
		if (marker.recipe !== kitRecipeVersion) return null;
		const kit: Kit = {dir, vmlinuz: join(dir, 'vmlinuz'), initramfs: join(dir, 'initramfs.cpio'), marker, dropbearKey: dropbearKeyToolIn(dir)};
		for (const f of [kit.vmlinuz, kit.initramfs, kit.dropbearKey.binary, kit.dropbearKey.loader]) if (!existsSync(f)) return null;
		return kit;
	} catch {
		return null;
	}
}

/** Copies files out of the unpacked packages, following symlinks the way the guest will see them. */
class RootAssembler {
	private readonly done = new Set<string>();
	constructor(private readonly stage: string, private readonly root: string) {}

	/** Copy one path (relative, no leading slash); a symlink is kept and its target copied too. */
	include(rel: string): void {
		rel = posix.normalize(rel).replace(/^\/+/, '');
		if (this.done.has(rel)) return;
		this.done.add(rel);
		const from = join(this.stage, rel);
		let st;
		try {
			st = lstatSync(from);
		} catch {
			throw new Error(`the unpacked packages have no ${rel}`);
		}
		const to = join(this.root, rel);
		mkdirSync(dirname(to), {recursive: true});
		if (st.isSymbolicLink()) {
			const target = readlinkSync(from);
			rmSync(to, {force: true});
			symlinkSync(target, to);
			this.include(target.startsWith('/') ? target : posix.join(posix.dirname(rel), target));
		} else if (st.isDirectory()) {
			mkdirSync(to, {recursive: true});
			for (const entry of readdirSync(from)) this.include(posix.join(rel, entry));
		} else {
			copyFileSync(from, to);
			chmodSync(to, st.mode & 0o7777);
		}
	}

	has(rel: string): boolean {
		return existsSync(join(this.root, rel)) || this.done.has(rel);
	}
}

/**
 * The parts of the kernel package the kit can use: the kernel, module metadata, and the module
 * trees that networking, IPVS and their dependencies (crc32c, virtio) live in. Unpacking all 400 MB
 * of drivers, sound and file systems was most of the build time.
 */
const kernelPackageParts = [
	'./boot/*',
	'./lib/modules/*/modules.*',
	'./lib/modules/*/kernel/net',
	'./lib/modules/*/kernel/lib',
	'./lib/modules/*/kernel/crypto',
	'./lib/modules/*/kernel/arch',
	'./lib/modules/*/kernel/drivers/virtio',
	'./lib/modules/*/kernel/drivers/net/*.ko',
];

function unpackOne(deb: string, stage: string, isKernel: boolean) {
	if (!isKernel) return runProgram('dpkg-deb', ['-x', deb, stage], {timeoutMs: 300_000});
	return runProgram('bash', [
		'-o', 'pipefail', '-c', 'deb=$1; dir=$2; shift 2; dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir" --wildcards --no-wildcards-match-slash "$@"',
		'unpack', deb, stage, ...kernelPackageParts,
	], {timeoutMs: 300_000});
}

async function unpackAll(debsDir: string, files: readonly string[], stage: string, kernelPackage: string): Promise<Result<void>> {
	// Two at a time: the machine has two cores; the kernel package goes first as it takes longest.
	const queue = [...files].sort((a, b) => Number(b.startsWith(`${kernelPackage}_`)) - Number(a.startsWith(`${kernelPackage}_`)));
	let error: string | null = null;
	const worker = async () => {
		for (let f = queue.shift(); f && !error; f = queue.shift()) {
			const r = await unpackOne(join(debsDir, f), stage, f.startsWith(`${kernelPackage}_`));
			if (r.code !== 0) error = `unpacking ${f}: ${describeFailure('dpkg-deb', r)}`;
		}
	};
	await Promise.all([worker(), worker()]);
	return error ? fail(appError('lab.unpack', error)) : ok(undefined);
}

/** Libraries a binary needs, as paths inside the stage, from the packaged loader itself. */
async function librariesOf(stage: string, binaryRel: string): Promise<Result<string[]>> {
	const r = await runProgram(join(stage, loaderInStage), [
		'--library-path', libraryDirs.map(d => join(stage, d)).join(':'), '--list', join(stage, binaryRel),
	], {timeoutMs: 30_000});
	if (r.code !== 0) {
		// Static binaries (busybox-static) are "not a dynamic executable": nothing to copy.
		if (/not a dynamic executable|statically linked/.test(r.stdout + r.stderr)) return ok([]);
		return fail(appError('lab.libraries', `cannot list the libraries of ${binaryRel}`, {detail: describeFailure('ld.so', r)}));
	}
	const libs: string[] = [];
	for (const line of r.stdout.split('\n')) {
		const m = /=>\s+(\/\S+)/.exec(line);
		if (m && m[1].startsWith(stage + '/')) libs.push(relative(stage, m[1]));
		else if (m) return fail(appError('lab.libraries', `${binaryRel} needs ${m[1]}, which is not in the lab's packages`));
	}
	return ok(libs);
}

/** The module files (relative to /lib/modules/KVER) needed for the boot list and the on-demand folders. */
function moduleNamesUnder(dir: string, into: Set<string>): Set<string> {
	if (!existsSync(dir)) return into;
	for (const e of readdirSync(dir, {withFileTypes: true})) {
		if (e.isDirectory()) moduleNamesUnder(join(dir, e.name), into);
		else if (e.name.endsWith('.ko')) into.add(e.name.slice(0, -3).replace(/-/g, '_'));
	}
	return into;
}

/** The boot list as this kernel has it: modules that exist as files (built-ins need no loading). */
function bootModulesOf(stage: string, kver: string): string[] {
	const present = moduleNamesUnder(join(stage, 'lib/modules', kver, 'kernel'), new Set());
	return bootModules.filter(m => present.has(m));
}

async function moduleClosure(stage: string, kver: string, boot: readonly string[]): Promise<Result<string[]>> {
	const base = join(stage, 'lib/modules', kver);
	const names = new Set<string>(boot);
	for (const f of moduleFolders) moduleNamesUnder(join(base, f), names);
	const r = await runProgram(toolPath('modprobe'), ['-d', stage, '-S', kver, '--show-depends', '-a', ...names], {timeoutMs: 60_000});
	if (r.code !== 0) return fail(appError('lab.modules', 'modprobe could not order the VM\'s kernel modules', {detail: describeFailure('modprobe', r)}));
	const files = new Set<string>();
	for (const line of r.stdout.split('\n')) {
		const m = /^insmod\s+(\S+)/.exec(line);
		if (m) files.add(relative(base, m[1]));
	}
	return ok([...files]);
}

function writeGuestFile(root: string, path: string, content: string | Buffer, mode: number): void {
	const to = join(root, path);
	mkdirSync(dirname(to), {recursive: true});
	rmSync(to, {force: true});
	writeFileSync(to, content);
	chmodSync(to, mode);
}

export interface BuildOptions {
	kitDir: string;
	keysDir: string;
	debsDir: string;
	kernel: KernelPackage;
	debFiles: readonly string[];
	packages: readonly string[];
	log: (line: string) => void;
}

export async function buildKit(o: BuildOptions): Promise<Result<Kit>> {
	const started = performance.now();
	const work = `${o.kitDir}.building-${process.pid}`;
	rmSync(work, {recursive: true, force: true});
	mkdirSync(work, {recursive: true});
	try {
		const built = await buildInto(work, o, started);
		if (!built.ok) return built;
		rmSync(o.kitDir, {recursive: true, force: true});
		renameSync(work, o.kitDir);
		const kit = readKit(o.kitDir);
		return kit ? ok(kit) : fail(appError('lab.build', `the kit at ${o.kitDir} is incomplete right after building it`));
	} catch (error) {
		return fail(appError('lab.build', `building the lab kit failed: ${error instanceof Error ? error.message : String(error)}`));
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}

async function buildInto(work: string, o: BuildOptions, started: number): Promise<Result<void>> {
	const stage = join(work, 'stage');
	const root = join(work, 'root');
	const kver = o.kernel.version;
	mkdirSync(stage);
	mkdirSync(root);
	const at = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
	o.log(`unpacking ${o.debFiles.length} packages`);
	const unpacked = await unpackAll(o.debsDir, o.debFiles, stage, o.kernel.name);
	if (!unpacked.ok) return unpacked;

	// Host-side dropbearkey (for host keys), run with the packaged loader and its own libraries.
	const tools = join(work, 'tools');
	mkdirSync(join(tools, 'lib'), {recursive: true});
	const keyLibs = await librariesOf(stage, 'usr/bin/dropbearkey');
	if (!keyLibs.ok) return keyLibs;
	copyFileSync(join(stage, loaderInStage), join(tools, 'ld-linux-x86-64.so.2'));
	chmodSync(join(tools, 'ld-linux-x86-64.so.2'), 0o755);
	copyFileSync(join(stage, 'usr/bin/dropbearkey'), join(tools, 'dropbearkey'));
	chmodSync(join(tools, 'dropbearkey'), 0o755);
	for (const lib of keyLibs.value) copyFileSync(join(stage, lib), join(tools, 'lib', posix.basename(lib)));
	const keyTool = dropbearKeyToolIn(work);

	const client = await ensureClientKey(o.keysDir);
	if (!client.ok) return client;
	const hostKeys: Record<string, string> = {client: client.value.publicLine};
	const hostKeyFiles: Record<string, string> = {};
	for (const host of ['director', ...baseHostNames]) {
		const k = await ensureHostKey(o.keysDir, host, keyTool);
		if (!k.ok) return k;
		hostKeys[host] = k.value.publicLine;
		hostKeyFiles[host] = k.value.privatePath;
	}

	o.log(`assembling the VM's root file system (${at()})`);
	const asm = new RootAssembler(stage, root);
	for (const bin of kitBinaries) {
		asm.include(bin);
		if (bin === 'bin/busybox' || lstatSync(join(stage, bin)).isSymbolicLink() || !isElf(join(stage, bin))) continue;
		const libs = await librariesOf(stage, bin);
		if (!libs.ok) return libs;
		for (const lib of libs.value) asm.include(lib);
	}
	asm.include('lib64/ld-linux-x86-64.so.2');
	for (const folder of kitFolders) if (existsSync(join(stage, folder))) asm.include(folder);
	for (const file of kitDataFiles) if (existsSync(join(stage, file))) asm.include(file);
	// iptables as Debian's alternatives choose it by default: the nft backend.
	for (const name of ['iptables', 'iptables-save', 'iptables-restore', 'ip6tables', 'ip6tables-save', 'ip6tables-restore']) {
		symlinkSync('xtables-nft-multi', join(root, 'usr/sbin', name));
	}
	for (const name of ['iptables-legacy', 'iptables-legacy-save', 'iptables-legacy-restore']) {
		symlinkSync('xtables-legacy-multi', join(root, 'usr/sbin', name));
	}

	// Kernel modules with their own modules.dep, so modprobe and lsmod work in the VM.
	const depmod = await runProgram(toolPath('depmod'), ['-b', stage, kver], {timeoutMs: 120_000});
	if (depmod.code !== 0) return fail(appError('lab.modules', 'depmod failed on the unpacked kernel', {detail: describeFailure('depmod', depmod)}));
	const boot = bootModulesOf(stage, kver);
	const modules = await moduleClosure(stage, kver, boot);
	if (!modules.ok) return modules;
	for (const m of modules.value) asm.include(posix.join('lib/modules', kver, m));
	for (const f of ['modules.order', 'modules.builtin', 'modules.builtin.modinfo']) {
		if (existsSync(join(stage, 'lib/modules', kver, f))) asm.include(posix.join('lib/modules', kver, f));
	}
	const rootDepmod = await runProgram(toolPath('depmod'), ['-b', root, kver], {timeoutMs: 120_000});
	if (rootDepmod.code !== 0) return fail(appError('lab.modules', 'depmod failed on the VM\'s modules', {detail: describeFailure('depmod', rootDepmod)}));
	asm.include(`boot/config-${kver}`);

	// busybox fills in every command no package provides; sh is bash (busybox ash would prefer its own ip).
	const list = await runProgram(join(stage, 'bin/busybox'), ['--list-full'], {timeoutMs: 10_000});
	if (list.code !== 0) return fail(appError('lab.build', 'busybox --list-full failed', {detail: describeFailure('busybox', list)}));
	const binDirs = ['bin', 'sbin', 'usr/bin', 'usr/sbin'];
	for (const applet of list.stdout.split('\n').map(s => s.trim()).filter(Boolean)) {
		const name = posix.basename(applet);
		if (['sh', 'init', 'linuxrc'].includes(name)) continue;
		if (binDirs.some(d => existsSync(join(root, d, name)) || isLink(join(root, d, name)))) continue;
		mkdirSync(join(root, posix.dirname(applet)), {recursive: true});
		symlinkSync('/bin/busybox', join(root, applet));
	}
	symlinkSync('bash', join(root, 'bin/sh'));

	for (const dir of ['proc', 'sys', 'dev', 'run', 'tmp', 'srv', 'mnt', 'var/log', 'etc/dropbear', 'etc/lab/keys']) {
		mkdirSync(join(root, dir), {recursive: true});
	}
	symlinkSync('/run', join(root, 'var/run'));
	for (const f of guestFiles(client.value.publicLine, kver)) writeGuestFile(root, f.path, f.content, f.mode);
	writeGuestFile(root, 'etc/lab/boot-modules', boot.join('\n') + '\n', 0o644);
	chmodSync(join(root, 'root'), 0o700);
	chmodSync(join(root, 'root/.ssh'), 0o700);
	chmodSync(join(root, 'tmp'), 0o1777);
	writeGuestFile(root, 'etc/dropbear/host-key', readFileSync(hostKeyFiles.director), 0o600);
	for (const host of baseHostNames) writeGuestFile(root, `etc/lab/keys/${host}`, readFileSync(hostKeyFiles[host]), 0o600);

	o.log(`packing the initramfs (${at()})`);
	copyFileSync(join(stage, `boot/vmlinuz-${kver}`), join(work, 'vmlinuz'));
	// Uncompressed: gzip cost seconds here and the emulated guest more to inflate it at every boot.
	const pack = await runProgram('bash', ['-o', 'pipefail', '-c', 'find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc -R 0:0 --reproducible --quiet > "$1"', 'pack', join(work, 'initramfs.cpio')], {cwd: root, timeoutMs: 300_000});
	if (pack.code !== 0) return fail(appError('lab.build', 'packing the initramfs failed (cpio)', {detail: describeFailure('cpio', pack)}));

	rmSync(stage, {recursive: true, force: true});
	rmSync(root, {recursive: true, force: true});
	const marker: KitMarker = {
		recipe: kitRecipeVersion,
		kernelPackage: o.kernel.name,
		kernelVersion: kver,
		keys: hostKeys,
		builtAt: new Date().toISOString(),
		buildSeconds: Math.round((performance.now() - started) / 100) / 10,
		packages: [...o.packages],
	};
	// The marker is written last: its presence means the kit is whole.
	writeFileSync(join(work, markerName), JSON.stringify(marker, null, '\t') + '\n');
	return ok(undefined);
}

/** Scripts (ipvsadm-save) need no libraries, only their interpreter. */
function isElf(path: string): boolean {
	const fd = openSync(path, 'r');
	try {
		const head = Buffer.alloc(4);
		readSync(fd, head, 0, 4, 0);
		return head.toString('latin1') === '\x7fELF';
	} finally {
		closeSync(fd);
	}
}

function isLink(path: string): boolean {
	try {
		return lstatSync(path).isSymbolicLink();
	} catch {
		return false;
	}
}
