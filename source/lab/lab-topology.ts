// The lab's network plan, mirroring the seed (LVS-HOWTO): the VIP as eth0:50 on the public side, the
// DIP 172.16.0.1/16 on eth1 (a bridge inside the VM), real servers rs1/rs2 at .21/.22 behind it, and a
// client namespace on the public side. Every address exists only inside the VM.

export const labTopology = {
	/** QEMU user networking's fixed guest address and gateway. */
	publicDevice: 'eth0',
	publicAddress: '10.0.2.15',
	publicPrefix: 24,
	gateway: '10.0.2.2',
	vip: '10.0.2.50',
	vipLabel: 'eth0:50',
	vipPort: 80,
	scheduler: 'wlc',
	privateDevice: 'eth1',
	dip: '172.16.0.1',
	privatePrefix: 16,
	privateNetwork: '172.16.0.0/16',
	/** dhcpd.conf's dynamic range (the kickstart wizard adds reservations beside it). */
	dhcpRange: ['172.16.0.100', '172.16.0.120'] as const,
	client: {name: 'client', address: '198.51.100.10', directorSide: '198.51.100.1', prefix: 24, veth: 'pub0'},
	realServers: [
		{name: 'rs1', address: '172.16.0.21', weight: 3},
		{name: 'rs2', address: '172.16.0.22', weight: 1},
	],
	/** Spare slots for `lab add-host` take addresses from here up. */
	spareFirstOctet: 23,
	spareLastOctet: 99,
} as const;

export const baseHostNames: readonly string[] = labTopology.realServers.map(r => r.name);

/** Host names become namespace, veth ("v" + name) and file names: keep them short and plain. */
export function validHostName(name: string): boolean {
	return /^[a-z][a-z0-9-]{0,9}$/.test(name) && name !== labTopology.client.name && name !== 'director';
}

/** A private-network address in the lab's 172.16.0.0/16, not the DIP, not broadcast. */
export function validPrivateAddress(address: string): boolean {
	const m = /^172\.16\.(\d{1,3})\.(\d{1,3})$/.exec(address);
	if (!m) return false;
	const [a, b] = [Number(m[1]), Number(m[2])];
	if (a > 255 || b > 255) return false;
	if (a === 255 && b === 255) return false;
	if (a === 0 && b === 0) return false;
	return address !== labTopology.dip;
}

/** The lowest spare address no host uses. */
export function nextSpareAddress(used: readonly string[]): string | null {
	for (let o = labTopology.spareFirstOctet; o <= labTopology.spareLastOctet; o++) {
		const candidate = `172.16.0.${o}`;
		if (!used.includes(candidate)) return candidate;
	}
	return null;
}

/** Deterministic locally-administered MAC from the address, so DHCP reservations stay stable. */
export function macFor(address: string): string {
	const [, , c, d] = address.split('.').map(Number);
	return ['52', '54', '00', '16', c.toString(16).padStart(2, '0'), d.toString(16).padStart(2, '0')].join(':');
}
