// For a kernel without IPVS: the seed's patch-configure-build-boot walk, specific to the host
// (its kernel line, architecture, boot loader, root device), as commands the admin sends to the
// host's pane one at a time and watches.
import {shellJoin, shellQuote} from '../shell-quote.js';
import type {HostFacts} from './doctor-probe.js';
import type {Plan, PlanStep} from './wizard-plan.js';

export interface LegacyKernelOptions {
	/** Kernel version to build, e.g. 2.2.19 or 6.1.55 (default: the running one's base version). */
	version?: string;
	/** Where the source tarball was downloaded to (default /usr/src/linux-VERSION.tar.gz or .tar.xz). */
	tarball?: string;
	/** The ipvs patch for 2.2/early 2.4 kernels (default the seed's /usr/src/ipvs-1.0.8-VERSION/ipvs-1.0.8-VERSION.patch). */
	patch?: string;
	/** Schedulers to build (default the seed's list). */
	schedulers?: string[];
}

/** For the form: a kernel version like 2.2.19 or 6.1.55. */
export function validateKernelVersion(text: string): string | null {
	return /^\d+\.\d+(\.\d+)?$/.test(text) ? null : `'${text}' is not a kernel version like 2.2.19 or 6.1.55`;
}

/** For the form: an absolute path on the host (the tarball, the patch). */
export function validateHostPath(text: string): string | null {
	return text.startsWith('/') && !/[\n\r\0]/.test(text) ? null : `'${text}' is not an absolute path`;
}

/** "2.2.19-6.2.1" -> [2, 2, 19]. */
export function kernelVersionParts(release: string): number[] {
	return (/^(\d+)\.(\d+)(?:\.(\d+))?/.exec(release) ?? []).slice(1).map(x => Number(x ?? 0));
}

export function baseKernelVersion(release: string): string {
	return /^\d+\.\d+(\.\d+)?/.exec(release)?.[0] ?? release;
}

/** IPVS came as a separate patch until it was merged in 2.4.23; 2.6 and later have it in tree. */
export function kernelNeedsIpvsPatch(version: string): boolean {
	const [major, minor, patch] = kernelVersionParts(version);
	if (major === undefined) return false;
	if (major < 2) return true;
	if (major === 2 && minor < 4) return true;
	return major === 2 && minor === 4 && patch < 23;
}

const SCHEDULER_MENU: Record<string, string> = {
	rr: 'round-robin scheduling',
	wrr: 'weighted round-robin scheduling',
	lc: 'least-connection scheduling',
	wlc: 'weighted least-connection scheduling',
	lblc: 'locality-based least-connection scheduling',
	lblcr: 'locality-based least-connection with replication scheduling',
	dh: 'destination hashing scheduling',
	sh: 'source hashing scheduling',
	sed: 'shortest expected delay scheduling',
	nq: 'never queue scheduling',
};

const SEED_SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr'];

/** The menuconfig items to set, as the seed lists them (2.2 names differ from 2.4+). */
export function menuconfigOptions(version: string, schedulers: string[]): string[] {
	const [major, minor] = kernelVersionParts(version);
	if (major === 2 && minor <= 2) {
		return [
			'Code maturity level options ---> [*] Prompt for development and/or incomplete code/drivers',
			'Networking options ---> [*] Network firewalls',
			'Networking options ---> [*] IP: firewalling',
			'Networking options ---> [*] IP: masquerading',
			'Networking options ---> [*] IP: masquerading virtual server support  (CONFIG_IP_MASQUERADE_VS)',
			'Networking options ---> (12) IP masquerading table size (the Nth power of 2)',
			...schedulers.map(s => `Networking options ---> <M> IPVS: ${SCHEDULER_MENU[s] ?? s}  (CONFIG_IP_MASQUERADE_VS_${s.toUpperCase()})`),
			'Networking options ---> [*] IP: aliasing support',
		];
	}
	const menu = major === 2 ? 'Networking options ---> IP: Virtual Server Configuration --->' : 'Networking support ---> Networking options ---> Network packet filtering framework (Netfilter) ---> IP virtual server support --->';
	return [
		...(major === 2 ? ['Networking options ---> [*] Network packet filtering (replaces ipchains)'] : []),
		`${menu} <M> IP virtual server support  (CONFIG_IP_VS)`,
		`${menu} [*] TCP load balancing support  (CONFIG_IP_VS_PROTO_TCP)`,
		`${menu} [*] UDP load balancing support  (CONFIG_IP_VS_PROTO_UDP)`,
		...schedulers.map(s => `${menu} <M> ${SCHEDULER_MENU[s] ?? s}  (CONFIG_IP_VS_${s.toUpperCase()})`),
	];
}

function kernelArch(machine: string | null, modern: boolean): string {
	if (!machine || /^i[3-6]86$/.test(machine)) return 'i386';
	if (machine === 'x86_64') return modern ? 'x86' : 'x86_64';
	return machine;
}

function rootDevice(cmdline: string): string | null {
	return /(?:^|\s)root=(\S+)/.exec(cmdline)?.[1] ?? null;
}

export function legacyKernelChecklist(host: string, facts: HostFacts, options: LegacyKernelOptions = {}): Plan {
	const version = options.version ?? baseKernelVersion(facts.release ?? '2.2.19');
	const needsPatch = kernelNeedsIpvsPatch(version);
	const old = kernelVersionParts(version)[0] === 2 && kernelVersionParts(version)[1] <= 4;
	const schedulers = options.schedulers ?? SEED_SCHEDULERS;
	const srcDir = old ? '/usr/src/linux' : `/usr/src/linux-${version}`;
	const tarball = options.tarball ?? `/usr/src/linux-${version}.tar.${old ? 'gz' : 'xz'}`;
	const major = kernelVersionParts(version)[0];
	const series = old ? `v${kernelVersionParts(version).slice(0, 2).join('.')}` : `v${major}.x`;
	const steps: PlanStep[] = [
		{
			kind: 'pane',
			host,
			title: `unpack the kernel source (download linux-${version} from https://cdn.kernel.org/pub/linux/kernel/${series}/ to ${tarball} first)`,
			command: `cd /usr/src && tar xf ${shellQuote(tarball)} && cd ${shellQuote(srcDir)}`,
		},
	];
	if (needsPatch) {
		const patch = options.patch ?? `/usr/src/ipvs-1.0.8-${version}/ipvs-1.0.8-${version}.patch`;
		steps.push(
			{kind: 'pane', host, title: 'check that the ipvs patch applies cleanly (nothing is changed yet)', command: `cd ${shellQuote(srcDir)} && patch -p1 --dry-run < ${shellQuote(patch)}`},
			{kind: 'pane', host, title: 'apply the ipvs patch', command: `patch -p1 < ${shellQuote(patch)}`},
		);
	}
	const options2 = menuconfigOptions(version, schedulers);
	if (old) {
		steps.push({kind: 'pane', host, title: 'configure: set the options below, keep your network card as a module, save', command: 'make menuconfig', notes: options2});
		steps.push({kind: 'pane', host, title: 'build (get some coffee)', command: 'make dep && make clean && make bzImage && make modules && make modules_install'});
		const arch = kernelArch(facts.machine, false);
		steps.push({
			kind: 'pane',
			host,
			title: 'install the new kernel beside the old one',
			command: `cp arch/${arch}/boot/bzImage /boot/vmlinuz-${version} && cp System.map /boot/System.map-${version}`,
		});
	} else {
		const config = facts.kernelConfigSource && facts.kernelConfigSource !== '/proc/config.gz' ? `cp ${shellQuote(facts.kernelConfigSource)} .config` : 'zcat /proc/config.gz > .config';
		const flags = ['--module', 'IP_VS', '--enable', 'IP_VS_PROTO_TCP', '--enable', 'IP_VS_PROTO_UDP', ...schedulers.flatMap(s => ['--module', `IP_VS_${s.toUpperCase()}`])];
		steps.push(
			{kind: 'pane', host, title: 'start from the running kernel\'s configuration', command: `cd ${shellQuote(srcDir)} && ${config}`},
			{kind: 'pane', host, title: 'enable IPVS and the schedulers (same as these menuconfig items)', command: `${shellJoin(['scripts/config', ...flags])} && make olddefconfig`, notes: options2},
			{kind: 'pane', host, title: 'build and install the kernel and modules', command: 'make -j"$(nproc)" && make modules_install && make install'},
		);
	}
	const found = rootDevice(facts.cmdline);
	// The seed's layout when the running kernel does not say (an initramfs boot may not).
	const root = found ?? '/dev/hda1';
	const boot = facts.bootFiles;
	const label = `linux-${version}`;
	if (boot.includes('/etc/lilo.conf')) {
		steps.push({
			kind: 'pane',
			host,
			title: 'add a lilo entry for the new kernel (the old one stays as a fallback)',
			command: `cat >> /etc/lilo.conf <<'LVS_TUI_EOF'\nimage=/boot/vmlinuz-${version}\n\tlabel=${label}\n\tread-only\n\troot=${root}\nLVS_TUI_EOF`,
		});
		steps.push({kind: 'pane', host, title: 'write the boot map (lilo must run after every lilo.conf change)', command: '/sbin/lilo -v'});
	} else if (boot.includes('/boot/grub/grub.conf') || boot.includes('/boot/grub/menu.lst')) {
		const file = boot.includes('/boot/grub/grub.conf') ? '/boot/grub/grub.conf' : '/boot/grub/menu.lst';
		steps.push({
			kind: 'pane',
			host,
			title: `add a grub entry for the new kernel (check that "root (hd0,0)" matches the existing entries in ${file})`,
			command: `cat >> ${file} <<'LVS_TUI_EOF'\ntitle Linux ${version} (IPVS)\n\troot (hd0,0)\n\tkernel /boot/vmlinuz-${version} ro root=${root}\nLVS_TUI_EOF`,
		});
	} else if (boot.includes('/boot/grub2/grub.cfg')) {
		steps.push({kind: 'pane', host, title: 'regenerate the grub menu', command: 'grub2-mkconfig -o /boot/grub2/grub.cfg'});
	} else if (boot.includes('/boot/grub/grub.cfg')) {
		steps.push({kind: 'pane', host, title: 'regenerate the grub menu', command: 'update-grub'});
	} else {
		steps.push({kind: 'pane', host, title: `no lilo or grub configuration was found: add /boot/vmlinuz-${version} to your boot loader by hand, then check it`, command: 'ls -l /boot'});
	}
	steps.push(
		{kind: 'pane', host, title: 'reboot into the new kernel', command: old ? '/sbin/init 6' : 'systemctl reboot'},
		{kind: 'pane', host, title: 'after the reboot: verify IPVS is there', command: 'uname -r && modprobe ip_vs; cat /proc/net/ip_vs && ipvsadm -Ln'},
	);
	return {
		title: `Build a kernel with IPVS on ${host} (running ${facts.release ?? 'unknown'}, ${needsPatch ? 'patch needed' : 'IPVS is in the source tree'})`,
		steps,
		notes: [found ? `root device from /proc/cmdline: ${root}` : `no root= on the running kernel's command line: ${root} is assumed in the boot entry, check it`, 'keep the old kernel entry: if the new one does not boot, pick the old one at the boot prompt'],
	};
}
