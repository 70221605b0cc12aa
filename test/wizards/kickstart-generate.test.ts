// Generated kickstarts, line by line against what each dialect allows; the checker itself is
// held to ksvalidator's verdicts on the real samples.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {checkKickstart, kickstartWords} from '../../source/domain/wizards/kickstart-check.js';
import {generateKickstart, type KickstartInput} from '../../source/domain/wizards/kickstart-generate.js';
import {PROFILES} from '../../source/domain/wizards/kickstart-profiles.js';
import {hashRootPassword} from '../../source/services/kickstart-password.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'wizards');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHtqHh3rQ1d1WJ6cC8vS0m2yq7e0Q5dM3mF4cS1k2uVb admin@director';

function input(overrides: Partial<KickstartInput>): KickstartInput {
	return {
		profile: 'rhel9',
		name: 'rs3',
		ip: '172.16.0.23',
		mac: '00:16:3E:AA:BB:03',
		rootPasswordHash: hashRootPassword(overrides.profile ?? 'rhel9', 'mypassword'),
		lvsType: 'nat',
		dip: '172.16.0.1',
		vips: ['192.168.155.50'],
		sshPublicKey: KEY,
		kickstartDir: '/kickstart',
		network: '172.16.0.0/16',
		...overrides,
	};
}

/** Lines outside %sections, first word: the commands a file uses. */
function commandsOf(text: string): string[] {
	let inSection = false;
	const out: string[] = [];
	for (const line of text.split('\n')) {
		const t = line.trim();
		if (t.startsWith('%')) {
			inSection = t !== '%end';
			continue;
		}
		if (!inSection && t && !t.startsWith('#')) out.push(kickstartWords(t)[0]);
	}
	return out;
}

describe('the kickstart checker agrees with ksvalidator on the real samples', () => {
	it('ks-rhel9.cfg (ksvalidator rc=0 for RHEL8/9/10) has no problems for rhel9', () => {
		expect(checkKickstart(fixture('ks-rhel9.cfg'), 'rhel9')).toEqual([]);
	});

	it('ks-rh72-legacy.cfg is rejected for rhel9 on the same lines ksvalidator -v RHEL10 names', () => {
		const results = fixture('ksvalidator-results.txt');
		const rhel10 = results.split('##### ').find(block => block.startsWith('ksvalidator -v RHEL10 ks-rh72-legacy.cfg'))!;
		const expected = [...rhel10.matchAll(/occurred on line (\d+)/g)].map(m => Number(m[1]));
		const lines = checkKickstart(fixture('ks-rh72-legacy.cfg'), 'rhel9').map(p => p.line);
		expect(lines).toEqual(expected);
	});

	it('the legacy sample is fine for rh72, and the modern one is not', () => {
		expect(checkKickstart(fixture('ks-rh72-legacy.cfg'), 'rh72')).toEqual([]);
		const modern = checkKickstart(fixture('ks-rhel9.cfg'), 'rh72').map(p => p.message);
		expect(modern).toEqual(expect.arrayContaining([expect.stringMatching(/selinux/), expect.stringMatching(/firstboot/), expect.stringMatching(/autopart/), expect.stringMatching(/%end/)]));
	});

	it('reports an unknown option and a missing argument like ksvalidator does', () => {
		const bad = 'text\nlang\nfirewall --enabled --bogus\n%packages\nhttpd\n%end\n';
		expect(checkKickstart(bad, 'rhel9')).toEqual([
			{line: 2, message: 'the following arguments are required: <lang>'},
			{line: 3, message: 'unrecognized arguments: --bogus'},
		]);
	});
});

describe('generated kickstarts', () => {
	for (const profile of ['rhel9', 'rh72'] as const) {
		for (const lvsType of ['nat', 'dr', 'tun'] as const) {
			it(`${profile} ${lvsType}: every line is allowed by the profile, none belongs only to the other`, () => {
				const result = generateKickstart(input({profile, lvsType}));
				if (!result.ok) throw new Error(result.error.message);
				const text = result.value.content;
				expect(checkKickstart(text, profile)).toEqual([]);
				const other = PROFILES[profile === 'rhel9' ? 'rh72' : 'rhel9'];
				// The other dialect's own commands are exactly what this profile rejects.
				for (const command of commandsOf(text)) {
					expect(PROFILES[profile].commands[command], command).toBeDefined();
					expect(PROFILES[profile].rejected[command], `${command} belongs to the other dialect`).toBeUndefined();
				}
				expect(checkKickstart(text, other.id).length).toBeGreaterThan(0);
				expect(text.includes('%end')).toBe(profile === 'rhel9');
			});
		}
	}

	it('rhel9 NAT: $6$ hash, MAC-named device, gateway = DIP, httpd, the key; boot lines for NFS and HTTP', () => {
		const result = generateKickstart(input({}));
		if (!result.ok) throw new Error(result.error.message);
		const {content, bootLines, path, serving} = result.value;
		expect(content).toMatch(/^rootpw --iscrypted \$6\$[./0-9A-Za-z]{16}\$\S{86}$/m);
		expect(content).toContain('network --bootproto=dhcp --device=00:16:3e:aa:bb:03 --activate --hostname=rs3');
		expect(content).toContain('[ "$2" = up ] && ip route replace default via 172.16.0.1');
		expect(content).toContain('systemctl enable httpd');
		expect(content).toContain(`LVS_TUI_KEY\n`);
		expect(content).toContain(KEY + '\n');
		expect(content).not.toContain('mypassword');
		expect(path).toBe('/kickstart/rs3.cfg');
		expect(bootLines).toEqual(['inst.ks=nfs:172.16.0.1:/kickstart/rs3.cfg', 'inst.ks=http://172.16.0.1/kickstart/rs3.cfg']);
		expect(serving[0]).toContain('/kickstart 172.16.0.0/16(ro,no_root_squash)');
	});

	it("rh72 DR: the seed's dialect, $1$ hash with auth --enablemd5, VIP on lo:0 and the arp sysctls", () => {
		const result = generateKickstart(input({profile: 'rh72', lvsType: 'dr'}));
		if (!result.ok) throw new Error(result.error.message);
		const {content, bootLines} = result.value;
		const lines = content.split('\n');
		expect(lines).toContain('auth --enablemd5 --useshadow');
		expect(lines).toContain('langsupport --default en_US en_US');
		expect(lines).toContain('deviceprobe');
		expect(content).toMatch(/^rootpw --iscrypted \$1\$[./0-9A-Za-z]{8}\$\S{22}$/m);
		expect(content).toContain('DEVICE=lo:0\nIPADDR=192.168.155.50\nNETMASK=255.255.255.255');
		expect(content).toContain('net.ipv4.conf.all.arp_ignore = 1');
		expect(content).toContain('/sbin/chkconfig httpd on');
		expect(bootLines).toEqual(['linux ks=nfs:172.16.0.1:/kickstart/rs3.cfg']);
	});

	it('rhel9 TUN: the VIP on tunl0 with ipip loaded and reverse-path filtering off there', () => {
		const result = generateKickstart(input({lvsType: 'tun'}));
		if (!result.ok) throw new Error(result.error.message);
		expect(result.value.content).toContain('ExecStart=/usr/sbin/modprobe ipip\nExecStart=/usr/sbin/ip link set tunl0 up\nExecStart=/usr/sbin/sysctl -w net.ipv4.conf.tunl0.rp_filter=0\nExecStart=/usr/sbin/ip addr replace 192.168.155.50/32 dev tunl0 label tunl0:0');
		expect(result.value.content).toContain('net.ipv4.conf.tunl0.rp_filter = 0');
	});

	it('refuses bad input with a message naming the field, before anything is produced', () => {
		const cases: [Partial<KickstartInput>, RegExp][] = [
			[{mac: '00:16:3e:aa:bb'}, /^mac: .*not a MAC address/],
			[{ip: '172.16.0.300'}, /^ip: .*not an IPv4 address/],
			[{name: 'rs_3'}, /^name: .*not an RFC 1123 host name/],
			[{name: '-rs3'}, /^name: .*may not start or end with '-'/],
			[{sshPublicKey: 'ssh-ed25519 AAAA\nrm -rf /'}, /^ssh key: /],
			[{profile: 'rh72', rootPasswordHash: hashRootPassword('rhel9', 'x')}, /needs a \$1\$ crypt hash/],
			[{lvsType: 'dr', vips: []}, /needs the VIP on lo/],
			[{kickstartDir: 'relative/dir'}, /must be an absolute path/],
		];
		for (const [overrides, message] of cases) {
			const result = generateKickstart(input(overrides));
			expect(result.ok, JSON.stringify(overrides)).toBe(false);
			if (!result.ok) expect(result.error.message).toMatch(message);
		}
	});
});
