// What each kickstart dialect accepts, as data: the commands (and for the modern dialect their
// options and argument counts), and how sections end. The generator writes only these; the
// checker reads any kickstart against them (the tests run it on the generator's output and on
// the real samples whose ksvalidator verdicts are known).

export type KickstartProfileId = 'rhel9' | 'rh72';

export const KICKSTART_PROFILES: readonly KickstartProfileId[] = ['rhel9', 'rh72'];

export function isKickstartProfile(value: string): value is KickstartProfileId {
	return (KICKSTART_PROFILES as readonly string[]).includes(value);
}

export interface KickstartCommandSpec {
	/** Option names (without the leading --) and whether each takes a value. */
	options?: Record<string, boolean>;
	/** Allowed number of positional arguments. */
	positional?: [min: number, max: number];
}

export interface KickstartProfile {
	id: KickstartProfileId;
	description: string;
	/** Every command this dialect accepts; options are checked where a spec gives them. */
	commands: Record<string, KickstartCommandSpec>;
	/** Commands this dialect removed or never had, with the reason a validator gives. */
	rejected: Record<string, string>;
	/** Modern anaconda wants `%end` after every section; Red Hat 7.2 knew no `%end`. */
	sectionsEndWithEnd: boolean;
	/** The crypt method its installer understands for `rootpw --iscrypted`. */
	passwordPrefix: '$6$' | '$1$';
	/** Kernel argument that names the kickstart file on the installer's boot line. */
	bootArgument: 'inst.ks' | 'ks';
}

const RHEL9: KickstartProfile = {
	id: 'rhel9',
	description: 'RHEL 8/9/10, Rocky, Alma (modern anaconda syntax)',
	commands: {
		text: {positional: [0, 0], options: {'non-interactive': false}},
		lang: {positional: [1, 1], options: {addsupport: true}},
		keyboard: {positional: [0, 1], options: {vckeymap: true, xlayouts: true, switch: true}},
		timezone: {positional: [1, 1], options: {utc: false, nontp: false, ntpservers: true}},
		rootpw: {positional: [1, 1], options: {iscrypted: false, plaintext: false, lock: false, 'allow-ssh': false}},
		url: {positional: [0, 0], options: {url: true, mirrorlist: true, proxy: true, noverifyssl: false}},
		nfs: {positional: [0, 0], options: {server: true, dir: true, opts: true}},
		network: {
			positional: [0, 0],
			options: {bootproto: true, device: true, activate: false, hostname: true, ip: true, netmask: true, gateway: true, nameserver: true, onboot: true, noipv6: false},
		},
		firewall: {positional: [0, 0], options: {enabled: false, disabled: false, service: true, port: true, trust: true}},
		selinux: {positional: [0, 0], options: {enforcing: false, permissive: false, disabled: false}},
		firstboot: {positional: [0, 0], options: {disable: false, enable: false}},
		skipx: {positional: [0, 0], options: {}},
		zerombr: {positional: [0, 0], options: {}},
		clearpart: {positional: [0, 0], options: {all: false, initlabel: false, drives: true, none: false}},
		part: {positional: [1, 1], options: {size: true, grow: false, maxsize: true, fstype: true, ondisk: true, asprimary: false, recommended: false}},
		autopart: {positional: [0, 0], options: {type: true, nohome: false}},
		bootloader: {positional: [0, 0], options: {location: true, append: true, 'boot-drive': true}},
		reboot: {positional: [0, 0], options: {eject: false}},
		services: {positional: [0, 0], options: {enabled: true, disabled: true}},
	},
	rejected: {
		langsupport: 'Unknown command: langsupport',
		mouse: 'Unknown command: mouse',
		deviceprobe: 'deviceprobe has been removed.',
		install: 'install has been removed.',
		auth: 'auth has been removed.',
		authconfig: 'authconfig has been removed.',
	},
	sectionsEndWithEnd: true,
	passwordPrefix: '$6$',
	bootArgument: 'inst.ks',
};

const RH72: KickstartProfile = {
	id: 'rh72',
	description: 'Red Hat Linux 7.2 (the seed\'s installer, 2001-2003 hardware)',
	commands: {
		lang: {}, langsupport: {}, keyboard: {}, mouse: {}, timezone: {}, rootpw: {}, auth: {},
		bootloader: {}, lilo: {}, zerombr: {}, clearpart: {}, part: {}, install: {}, upgrade: {},
		nfs: {}, url: {}, cdrom: {}, harddrive: {}, network: {}, deviceprobe: {}, device: {},
		firewall: {}, skipx: {}, xconfig: {}, text: {}, reboot: {}, interactive: {},
	},
	rejected: {
		selinux: 'selinux is not known to the Red Hat 7.2 installer (added in RHEL 4)',
		firstboot: 'firstboot is not known to the Red Hat 7.2 installer',
		autopart: 'autopart is not known to the Red Hat 7.2 installer (added in Fedora Core 3)',
		services: 'services is not known to the Red Hat 7.2 installer',
		sshkey: 'sshkey is not known to the Red Hat 7.2 installer',
	},
	sectionsEndWithEnd: false,
	passwordPrefix: '$1$',
	bootArgument: 'ks',
};

export const PROFILES: Readonly<Record<KickstartProfileId, KickstartProfile>> = {rhel9: RHEL9, rh72: RH72};
