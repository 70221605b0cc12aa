// Writes the kickstart file that installs one real server of this cluster, in one of two
// dialects (kickstart-profiles.ts), plus the boot line and the export that serve it. The root
// password arrives already hashed: the plain text never reaches this layer.
import {appError, fail, ok, type Result} from '../result.js';
import type {LvsType} from '../config/cluster-config.js';
import {PROFILES, type KickstartProfileId} from './kickstart-profiles.js';
import {shortHostName, validateHostName, validateIpv4, validateMac, normalizeMac} from './net-values.js';

export interface KickstartInput {
	profile: KickstartProfileId;
	/** Host name of the new real server (rs3 or rs3.lvs.example). */
	name: string;
	/** Its address (the DHCP reservation hands it out; recorded in the header and %post). */
	ip: string;
	mac: string;
	/** crypt(3) hash: `$6$…` for rhel9, `$1$…` for rh72. */
	rootPasswordHash: string;
	lvsType: LvsType;
	/** The director's inside address: NFS/HTTP server for the install and, for NAT, the gateway. */
	dip: string;
	/** VIPs a DR/TUN real server must accept on lo. */
	vips: string[];
	/** The admin's SSH public key for root's authorized_keys. */
	sshPublicKey?: string;
	/** `http://…`, `ftp://…` or `nfs:SERVER:/dir`; defaults to the DIP serving the seed's layout. */
	installSource?: string;
	/** Directory on the director the kickstart is served from (options.kickstartDir). */
	kickstartDir: string;
	/** The real servers' network for the NFS export line, e.g. 172.16.0.0/16. */
	network?: string;
	timezone?: string;
	/** The cluster's name for the header comment (config file), optional. */
	clusterLabel?: string;
}

export interface KickstartOutput {
	fileName: string;
	/** Where it goes on the director: kickstartDir/NAME.cfg. */
	path: string;
	content: string;
	/** What to type at the installer's boot prompt (more than one way for rhel9). */
	bootLines: string[];
	/** What the director must serve for the boot line to work (NFS export, HTTP location). */
	serving: string[];
}

const SSH_KEY = /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\n\r'"\\`$]*)?$/;

export function validateSshPublicKey(key: string): string | null {
	if (!SSH_KEY.test(key.trim())) return 'not an OpenSSH public key line (e.g. "ssh-ed25519 AAAA… admin@host"; one line, no quotes)';
	return null;
}

export function defaultInstallSource(profile: KickstartProfileId, dip: string): string {
	return profile === 'rh72' ? `http://${dip}/RH72` : `http://${dip}/rhel9/BaseOS/x86_64/os/`;
}

/** Everything but the password hash: checked before the admin is asked for the password. */
export function validateKickstartFields(input: Omit<KickstartInput, 'rootPasswordHash'>): Result<void> {
	const problems: [string, string | null][] = [
		['name', validateHostName(input.name)],
		['ip', validateIpv4(input.ip)],
		['mac', validateMac(input.mac)],
		['dip', validateIpv4(input.dip)],
		...input.vips.map((vip): [string, string | null] => ['vip', validateIpv4(vip)]),
		['ssh key', input.sshPublicKey ? validateSshPublicKey(input.sshPublicKey) : null],
	];
	for (const [field, problem] of problems) {
		if (problem) return fail(appError('kickstart.invalid', `${field}: ${problem}`));
	}
	if (!input.kickstartDir.startsWith('/') || /[\s'"$`\\]/.test(input.kickstartDir)) {
		return fail(appError('kickstart.dir', `kickstart directory '${input.kickstartDir}' must be an absolute path without spaces or quotes`));
	}
	if (input.lvsType !== 'nat' && input.vips.length === 0) {
		return fail(appError('kickstart.vip', `an LVS-${input.lvsType.toUpperCase()} real server needs the VIP on lo: the config declares no VIP`));
	}
	if (input.installSource && !/^(https?|ftp):\/\/[^\s'"]+$|^nfs:[^\s:'"]+:\/[^\s'"]*$/.test(input.installSource)) {
		return fail(appError('kickstart.source', `install source '${input.installSource}' must be http://…, ftp://… or nfs:SERVER:/dir`));
	}
	if (input.timezone && !/^[A-Za-z0-9_+/-]+$/.test(input.timezone)) {
		return fail(appError('kickstart.timezone', `timezone '${input.timezone}' is not a zone name like Europe/Berlin`));
	}
	return ok(undefined);
}

function installSourceLine(profile: KickstartProfileId, source: string): string {
	const nfs = /^nfs:([^:]+):(\/.*)$/.exec(source);
	if (profile === 'rhel9') return nfs ? `nfs --server=${nfs[1]} --dir=${nfs[2]}` : `url --url=${source}`;
	return nfs ? `nfs --server ${nfs[1]} --dir ${nfs[2]}` : `url --url ${source}`;
}

function sshKeyPost(key: string, profile: KickstartProfileId): string[] {
	return [
		'# The admin logs in with a key, no password (the seed\'s "login easier with no passwords").',
		'mkdir -p /root/.ssh',
		'chmod 700 /root/.ssh',
		"cat >> /root/.ssh/authorized_keys <<'LVS_TUI_KEY'",
		key.trim(),
		'LVS_TUI_KEY',
		'chmod 600 /root/.ssh/authorized_keys',
		...(profile === 'rhel9' ? ['restorecon -R /root/.ssh'] : []),
	];
}

function rhel9Post(input: KickstartInput): string[] {
	const lines: string[] = ['%post --log=/root/ks-post.log'];
	if (input.lvsType === 'nat') {
		lines.push(
			'# LVS-NAT: replies must go back through the director, so the default route is the DIP.',
			"cat > /etc/NetworkManager/dispatcher.d/90-lvs-tui-gateway <<'LVS_TUI_GW'",
			'#!/bin/sh',
			`[ "$2" = up ] && ip route replace default via ${input.dip}`,
			'exit 0',
			'LVS_TUI_GW',
			'chmod 755 /etc/NetworkManager/dispatcher.d/90-lvs-tui-gateway',
		);
	} else {
		// DR: the VIP on lo. TUN: the VIP on tunl0 (IPIP decapsulates the director's packets), and
		// reverse-path filtering off there, or the kernel drops them. Neither answers ARP for it.
		const tun = input.lvsType === 'tun';
		const device = tun ? 'tunl0' : 'lo';
		lines.push(
			`# LVS-${input.lvsType.toUpperCase()}: accept the VIP on ${device} but never answer ARP for it.`,
			"cat > /etc/sysctl.d/90-lvs-dr.conf <<'SYSCTL'",
			'net.ipv4.conf.all.arp_ignore = 1',
			'net.ipv4.conf.all.arp_announce = 2',
			'net.ipv4.conf.lo.arp_ignore = 1',
			'net.ipv4.conf.lo.arp_announce = 2',
			...(tun ? ['net.ipv4.conf.all.rp_filter = 0', 'net.ipv4.conf.tunl0.rp_filter = 0'] : []),
			'SYSCTL',
			"cat > /etc/systemd/system/lvs-tui-vip.service <<'LVS_TUI_VIP'",
			'[Unit]',
			`Description=LVS VIP on ${device} (added by lvs-tui kickstart)`,
			'After=network-pre.target',
			'[Service]',
			'Type=oneshot',
			'RemainAfterExit=yes',
			...(tun ? ['ExecStart=/usr/sbin/modprobe ipip', 'ExecStart=/usr/sbin/ip link set tunl0 up', 'ExecStart=/usr/sbin/sysctl -w net.ipv4.conf.tunl0.rp_filter=0'] : []),
			...input.vips.map((vip, i) => `ExecStart=/usr/sbin/ip addr replace ${vip}/32 dev ${device} label ${device}:${i}`),
			...input.vips.map(vip => `ExecStop=/usr/sbin/ip addr del ${vip}/32 dev ${device}`),
			'[Install]',
			'WantedBy=multi-user.target',
			'LVS_TUI_VIP',
			'systemctl enable lvs-tui-vip.service',
		);
	}
	lines.push('systemctl enable httpd');
	if (input.sshPublicKey) lines.push(...sshKeyPost(input.sshPublicKey, 'rhel9'));
	lines.push('%end');
	return lines;
}

function rh72Post(input: KickstartInput): string[] {
	const lines: string[] = ['%post'];
	if (input.lvsType === 'nat') {
		lines.push(
			'# LVS-NAT: replies must go back through the director, so the default route is the DIP.',
			`echo "GATEWAY=${input.dip}" >> /etc/sysconfig/network`,
			'echo "GATEWAYDEV=eth0" >> /etc/sysconfig/network',
		);
	} else {
		const tun = input.lvsType === 'tun';
		const device = tun ? 'tunl0' : 'lo';
		lines.push(`# LVS-${input.lvsType.toUpperCase()}: accept the VIP on ${device} but never answer ARP for it.`);
		if (tun) lines.push("cat >> /etc/rc.d/rc.local <<'LVS_TUI_TUN'", '/sbin/modprobe ipip', '/sbin/ip link set tunl0 up', 'LVS_TUI_TUN');
		input.vips.forEach((vip, i) => {
			lines.push(
				`cat > /etc/sysconfig/network-scripts/ifcfg-${device}:${i} <<'LVS_TUI_VIP'`,
				`DEVICE=${device}:${i}`,
				`IPADDR=${vip}`,
				'NETMASK=255.255.255.255',
				'ONBOOT=yes',
				'LVS_TUI_VIP',
			);
		});
		lines.push(
			"cat >> /etc/sysctl.conf <<'SYSCTL'",
			'net.ipv4.conf.all.arp_ignore = 1',
			'net.ipv4.conf.all.arp_announce = 2',
			'net.ipv4.conf.lo.arp_ignore = 1',
			'net.ipv4.conf.lo.arp_announce = 2',
			...(tun ? ['net.ipv4.conf.all.rp_filter = 0', 'net.ipv4.conf.tunl0.rp_filter = 0'] : []),
			'SYSCTL',
		);
	}
	lines.push('/sbin/chkconfig httpd on');
	if (input.sshPublicKey) lines.push(...sshKeyPost(input.sshPublicKey, 'rh72'));
	return lines;
}

export function generateKickstart(input: KickstartInput): Result<KickstartOutput> {
	const valid = validateKickstartFields(input);
	if (!valid.ok) return valid;
	const prefix = PROFILES[input.profile].passwordPrefix;
	if (!input.rootPasswordHash.startsWith(prefix) || /[\s'"]/.test(input.rootPasswordHash)) {
		return fail(appError('kickstart.hash', `the ${input.profile} profile needs a ${prefix} crypt hash for the root password`));
	}
	const short = shortHostName(input.name);
	const mac = normalizeMac(input.mac);
	const source = input.installSource ?? defaultInstallSource(input.profile, input.dip);
	const timezone = input.timezone ?? 'America/New_York';
	const role = `LVS-${input.lvsType.toUpperCase()} real server ${input.name} (${input.ip}, ${mac})`;
	const header = [`# Kickstart for the ${role}${input.clusterLabel ? ` of ${input.clusterLabel}` : ''}`, `# Generated by lvs-tui, profile ${input.profile}: ${PROFILES[input.profile].description}`];
	let lines: string[];
	if (input.profile === 'rhel9') {
		lines = [
			...header,
			'text',
			'lang en_US.UTF-8',
			"keyboard --vckeymap=us --xlayouts='us'",
			`timezone ${timezone} --utc`,
			`rootpw --iscrypted ${input.rootPasswordHash}`,
			installSourceLine('rhel9', source),
			`network --bootproto=dhcp --device=${mac} --activate --hostname=${input.name}`,
			'firewall --enabled --service=http,ssh',
			'selinux --enforcing',
			'firstboot --disable',
			'skipx',
			'zerombr',
			'clearpart --all --initlabel',
			'autopart',
			'bootloader --location=mbr',
			'reboot',
			'',
			'%packages',
			'@^minimal-environment',
			'httpd',
			'openssh-server',
			'%end',
			'',
			...rhel9Post(input),
		];
	} else {
		lines = [
			...header,
			'lang en_US',
			'langsupport --default en_US en_US',
			'keyboard us',
			'mouse genericps/2 --emulthree',
			`timezone --utc ${timezone}`,
			`rootpw --iscrypted ${input.rootPasswordHash}`,
			'auth --enablemd5 --useshadow',
			'bootloader --location=mbr',
			'zerombr yes',
			'clearpart --all --initlabel',
			'part /boot --size 50',
			'part swap --size 256',
			'part / --size 1500 --grow',
			'install',
			installSourceLine('rh72', source),
			`network --bootproto dhcp --device eth0 --hostname ${input.name}`,
			'deviceprobe',
			'firewall --disabled',
			'skipx',
			'reboot',
			'',
			'%packages',
			'@ Network Managed Workstation',
			'@ Web Server',
			'openssh-server',
			'',
			...rh72Post(input),
		];
	}
	const fileName = `${short}.cfg`;
	const dir = input.kickstartDir.replace(/\/+$/, '') || '/';
	const path = `${dir === '/' ? '' : dir}/${fileName}`;
	const nfsUrl = `nfs:${input.dip}:${path}`;
	const httpUrl = `http://${input.dip}${path}`;
	const exportTo = input.network ?? `${input.dip}/24`;
	const serving = [
		`NFS: /etc/exports needs "${dir} ${exportTo}(ro,no_root_squash)", then run: exportfs -a`,
	];
	const bootLines =
		input.profile === 'rh72'
			? [`linux ks=${nfsUrl}`]
			: [`inst.ks=${nfsUrl}`, `inst.ks=${httpUrl}`];
	if (input.profile === 'rhel9') serving.push(`HTTP: ${httpUrl} must return the file (e.g. "Alias ${dir} ${dir}" in httpd on the director)`);
	return ok({fileName, path, content: lines.join('\n') + '\n', bootLines, serving});
}
