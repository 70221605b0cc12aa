// The director VM's own files: /init, the topology script that builds the seed's cluster out of
// namespaces, the lab-host/lab-traffic helpers, and /etc. Plain text generated from the topology
// plan, so the addresses in the VM and in the written lvs-tui.yaml cannot drift apart.
import {labTopology as t, macFor} from './lab-topology.js';

export interface GuestFile {
	path: string;
	content: string;
	mode: number;
}

/**
 * Modules loaded at boot (modprobe resolves their dependencies from the kit's modules.dep). The kit
 * keeps those its kernel has in /etc/lab/boot-modules. Every other IPVS scheduler and netfilter
 * module is in the kit and loads on demand (ipvsadm -s sh makes the kernel modprobe ip_vs_sh):
 * loading them all at boot cost seconds of emulated CPU.
 */
export const bootModules = [
	'virtio_pci', 'virtio_net', 'veth', 'bridge', 'ip_vs', 'ip_vs_wlc', 'ip_vs_rr',
	'nf_tables', 'nft_compat', 'nft_chain_nat', 'xt_MASQUERADE',
] as const;

const init = `#!/bin/bash
# PID 1 of the lvs-tui lab director. Builds the cluster, then serves SSH; stays alive to reap children.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /run /tmp
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount -t tmpfs -o mode=755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /tmp
mkdir -p /run/lab /run/netns /var/log
hostname director
modprobe -a $(cat /etc/lab/boot-modules) 2>&1 | sed 's/^/lab: /'
ip link set lo up
ip link set ${t.publicDevice} up
ip addr add ${t.publicAddress}/${t.publicPrefix} dev ${t.publicDevice}
ip route add default via ${t.gateway}
/etc/lab/topology.sh >/run/lab/topology.log 2>&1 || echo "lab: topology failed, see /run/lab/topology.log"
echo "lab: topology $(cat /run/lab/topology.status 2>/dev/null)"
setsid dropbear -F -E -s -p 22 -r /etc/dropbear/host-key -P /run/dropbear.pid </dev/null >/run/lab/director-ssh.log 2>&1 &
echo "lab: ready at $(cut -d" " -f1 /proc/uptime) s of guest uptime"
trap '' INT TERM
while :; do wait; sleep 3600; done
`;

/** The seed's SERVICE line as ipvsadm commands. */
const ipvsBase = [
	`ipvsadm -A -t ${t.vip}:${t.vipPort} -s ${t.scheduler}`,
	...t.realServers.map(r => `ipvsadm -a -t ${t.vip}:${t.vipPort} -r ${r.address}:${t.vipPort} -m -w ${r.weight}`),
].join('\n');

const topology = `#!/bin/bash
# The seed's LVS-NAT cluster: client -> VIP (eth0:50) -> director -> rs1/rs2 on the private network.
set -eu
trap 'echo failed > /run/lab/topology.status' ERR
echo 1 > /proc/sys/net/ipv4/ip_forward
# The private real-server network: a bridge named like the seed's second NIC, carrying the DIP.
ip link add ${t.privateDevice} type bridge
ip link set ${t.privateDevice} up
ip addr add ${t.dip}/${t.privatePrefix} dev ${t.privateDevice}
# The public side: a client namespace that reaches the VIP through the director.
ip netns add ${t.client.name}
ip link add ${t.client.veth} type veth peer name eth0 netns ${t.client.name}
ip addr add ${t.client.directorSide}/${t.client.prefix} dev ${t.client.veth}
ip link set ${t.client.veth} up
ip -n ${t.client.name} link set lo up
ip -n ${t.client.name} addr add ${t.client.address}/${t.client.prefix} dev eth0
ip -n ${t.client.name} link set eth0 up
ip -n ${t.client.name} route add default via ${t.client.directorSide}
# The VIP as a labelled alias, as the seed's configure script makes it.
ip addr add ${t.vip}/32 dev ${t.publicDevice} label ${t.vipLabel}
# The real servers' way out (the seed's ipchains MASQ line).
iptables -t nat -A POSTROUTING -s ${t.privateNetwork} -o ${t.publicDevice} -j MASQUERADE
# SERVICE=t http ${t.scheduler} ${t.realServers.map(r => `${r.name}:http,${r.weight}`).join(' ')}
# The real servers come up in parallel (each waits for its own HTTP and SSH to listen).
${t.realServers.map(r => `lab-host add ${r.name} ${r.address} ${macFor(r.address)} &`).join('\n')}
for job in $(jobs -p); do wait "$job"; done
${ipvsBase}
echo ok > /run/lab/topology.status
`;

const labHost = `#!/bin/bash
# lab-host add NAME ADDRESS MAC | remove NAME | list
# A real server is a network namespace on the private bridge with busybox httpd and dropbear, its
# default route via the DIP. Its host key must already be at /etc/lab/keys/NAME.
# Busybox applets (setsid, timeout) run busybox's own ip unless given /bin/ip: hence the full path.
set -eu
die() { echo "lab-host: $*" >&2; exit 1; }
listening() { # namespace port: true once something listens on it
	ip netns exec "$1" cat /proc/net/tcp | awk -v p="$(printf ':%04X' "$2")" '$2 ~ p"$" && $4 == "0A" {f=1} END {exit !f}'
}
case "\${1:-}" in
add)
	name=$2 addr=$3 mac=$4
	key=/etc/lab/keys/$name
	[ -s "$key" ] || die "no host key at $key"
	[ -e "/run/netns/$name" ] && die "$name already exists"
	grep -q "^$addr[[:space:]]" /etc/hosts && ! grep -q "^$addr[[:space:]]$name\$" /etc/hosts && die "$addr is already in use"
	ip netns add "$name"
	ip link add "v$name" type veth peer name eth0 netns "$name"
	ip link set "v$name" master ${t.privateDevice} up
	ip -n "$name" link set lo up
	ip -n "$name" link set eth0 address "$mac" up
	ip -n "$name" addr add "$addr/${t.privatePrefix}" dev eth0
	ip -n "$name" route add default via ${t.dip}
	mkdir -p "/srv/$name"
	printf '%s %s\\n' "$name" "$addr" > "/srv/$name/index.html"
	setsid /bin/ip netns exec "$name" busybox httpd -f -p "$addr:80" -h "/srv/$name" </dev/null >>"/run/lab/$name.log" 2>&1 &
	echo $! > "/run/lab/$name.httpd.pid"
	setsid /bin/ip netns exec "$name" unshare -u /bin/bash -c "hostname $name; exec dropbear -F -E -s -p $addr:22 -r $key" </dev/null >>"/run/lab/$name.log" 2>&1 &
	echo $! > "/run/lab/$name.ssh.pid"
	grep -q "^$addr[[:space:]]" /etc/hosts || printf '%s\\t%s\\n' "$addr" "$name" >> /etc/hosts
	for i in $(seq 1 200); do
		if listening "$name" 80 && listening "$name" 22; then echo "$name up"; exit 0; fi
		sleep 0.05
	done
	die "$name did not start its servers (see /run/lab/$name.log)"
	;;
remove)
	name=$2
	[ -e "/run/netns/$name" ] || die "no host $name"
	for pid in $(ip netns pids "$name"); do kill "$pid" 2>/dev/null || true; done
	rm -f "/run/lab/$name".*.pid
	ip netns del "$name"
	sed -i "/\\t$name\\$/d" /etc/hosts
	echo "$name removed"
	;;
list)
	ip netns list | awk '{print $1}' | grep -v '^${t.client.name}$' || true
	;;
*)
	die "usage: lab-host add NAME ADDRESS MAC | remove NAME | list"
	;;
esac
`;

const labTraffic = `#!/bin/bash
# lab-traffic REQUESTS IDLE SECONDS [PORT [VIP]]: REQUESTS HTTP GETs from the client namespace through
# the VIP (one line per answer: the real server's page), then IDLE idle connections held for SECONDS.
set -u
n=\${1:-40} idle=\${2:-0} secs=\${3:-30} port=\${4:-${t.vipPort}} vip=\${5:-${t.vip}}
for i in $(seq 1 "$n"); do
	# busybox 1.35's wget -T segfaults (static build): bound each request with timeout instead.
	timeout 10 /bin/ip netns exec ${t.client.name} busybox wget -q -O - "http://$vip:$port/" 2>/dev/null || echo "FAILED"
done
for i in $(seq 1 "$idle"); do
	setsid bash -c "sleep $secs | timeout $((secs + 5)) /bin/ip netns exec ${t.client.name} busybox nc $vip $port" </dev/null >/dev/null 2>&1 &
done
exit 0
`;

const labReset = `#!/bin/bash
# lab-reset: the lab's own service (VIP:${t.vipPort}, rs1 w${t.realServers[0].weight} / rs2 w${t.realServers[1].weight}) and the VIP back as booted.
# Other services and spare hosts are left alone: parallel tests may be using them.
set -u
ipvsadm -D -t ${t.vip}:${t.vipPort} 2>/dev/null
${ipvsBase}
ip addr show dev ${t.publicDevice} | grep -q " ${t.vip}/32 " || ip addr add ${t.vip}/32 dev ${t.publicDevice} label ${t.vipLabel}
echo reset
`;

const dhcpdConf = `# dhcpd.conf for the lab's private real-server network (the seed's 172.16.0.0/16 on ${t.privateDevice}).
# Check with: dhcpd -t -cf /etc/dhcp/dhcpd.conf
default-lease-time 600;
max-lease-time 7200;
authoritative;

subnet 172.16.0.0 netmask 255.255.0.0 {
	range ${t.dhcpRange[0]} ${t.dhcpRange[1]};
	option routers ${t.dip};
	option broadcast-address 172.16.255.255;
	option domain-name-servers ${t.dip};
}
${t.realServers.map(r => `
host ${r.name} {
	hardware ethernet ${macFor(r.address)};
	fixed-address ${r.address};
	option host-name "${r.name}";
}`).join('\n')}
`;

const hosts = `127.0.0.1\tlocalhost
${t.publicAddress}\tdirector
${t.dip}\tdirector-dip
${t.realServers.map(r => `${r.address}\t${r.name}`).join('\n')}
`;

const profile = `export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export TERM=\${TERM:-xterm}
[ -n "\${PS1:-}" ] && PS1='\\u@\\h:\\w\\$ '
`;

/** Every generated file, given the client's public key for root's authorized_keys. */
export function guestFiles(authorizedKey: string, kernelVersion: string): GuestFile[] {
	return [
		{path: 'init', content: init, mode: 0o755},
		{path: 'etc/lab/topology.sh', content: topology, mode: 0o755},
		{path: 'usr/local/sbin/lab-host', content: labHost, mode: 0o755},
		{path: 'usr/local/sbin/lab-traffic', content: labTraffic, mode: 0o755},
		{path: 'usr/local/sbin/lab-reset', content: labReset, mode: 0o755},
		{path: 'etc/lab/kernel-version', content: `${kernelVersion}\n`, mode: 0o644},
		{path: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n', mode: 0o644},
		{path: 'etc/shadow', content: 'root:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n', mode: 0o600},
		{path: 'etc/group', content: 'root:x:0:\ntty:x:5:\nnogroup:x:65534:\n', mode: 0o644},
		{path: 'etc/shells', content: '/bin/sh\n/bin/bash\n', mode: 0o644},
		{path: 'etc/nsswitch.conf', content: 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nservices: files\nprotocols: files\n', mode: 0o644},
		{path: 'etc/hosts', content: hosts, mode: 0o644},
		{path: 'etc/hostname', content: 'director\n', mode: 0o644},
		{path: 'etc/profile', content: profile, mode: 0o644},
		{path: 'root/.bashrc', content: '[ -f /etc/profile ] && . /etc/profile\n', mode: 0o644},
		{path: 'root/.ssh/authorized_keys', content: `${authorizedKey}\n`, mode: 0o600},
		{path: 'etc/dhcp/dhcpd.conf', content: dhcpdConf, mode: 0o644},
		{path: 'var/lib/dhcp/dhcpd.leases', content: '', mode: 0o644},
		{path: 'kickstart/README', content: 'Kickstart files for the lab\'s real servers go here (the seed\'s /kickstart).\n', mode: 0o644},
	];
}
