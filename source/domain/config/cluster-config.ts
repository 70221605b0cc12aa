// The validated, fully-resolved shape of lvs-tui.yaml. The loader (config-loader) turns YAML into
// this with file:line errors; every other layer reads only this type.

export type TransportKind = 'ssh2' | 'openssh' | 'local';
export type ForwardMethod = 'masq' | 'route' | 'tunnel';
export type LvsType = 'nat' | 'dr' | 'tun';
export type ServiceProtocol = 'tcp' | 'udp' | 'sctp' | 'fwm';

export interface HostConfig {
	/** Name used everywhere in the UI, in `jump:` and in service real-server refs (e.g. director, rs1). */
	name: string;
	/** SSH host name or address to connect to (may be an ~/.ssh/config Host alias). Absent for transport local. */
	host?: string;
	port?: number;
	user?: string;
	identityFile?: string;
	/** Name of another host to reach this one through (ProxyJump), e.g. 'director' for LVS-NAT real servers. */
	jump?: string;
	transport: TransportKind;
	/** Where the config said this host is: for file:line in later messages. */
	line?: number;
}

export interface RealServerConfig extends HostConfig {
	/** The real server's address as IPVS sees it (RIP). */
	address: string;
	mac?: string;
}

export interface VipConfig {
	address: string;
	/** Director device that carries it, e.g. eth0. */
	device: string;
	/** Alias label, e.g. eth0:50 (<= 15 chars, must start with the device name). */
	label?: string;
	/** Prefix length used when adding it (32 for IPv4, 128 for IPv6 by default). */
	prefix: number;
	line?: number;
}

export interface DipConfig {
	address: string;
	device: string;
	label?: string;
	/** The real servers' network in CIDR form, e.g. 172.16.0.0/16. */
	network?: string;
}

export interface ServiceRealServer {
	/** A RealServerConfig name, or a bare address. */
	server: string;
	port?: number;
	weight: number;
	forward: ForwardMethod;
}

export interface ServiceConfig {
	name?: string;
	protocol: ServiceProtocol;
	/** VIP address (absent for fwm). */
	vip?: string;
	port?: number;
	fwmark?: number;
	scheduler: string;
	/** Persistence timeout in seconds. */
	persistent?: number;
	netmask?: string;
	realServers: ServiceRealServer[];
	line?: number;
}

export interface PaneConfig {
	number: number;
	title: string;
	/** Host name: opens a shell on that host. */
	host?: string;
	/** Command line run in a local PTY (screen's `screen -t rs1 2 ssh rs1`). */
	command?: string;
	line?: number;
}

export interface KeysConfig {
	/** Prefix key as a byte, default 0x01 (C-a). */
	prefix: number;
	/** The key that sends a literal prefix (screen's `escape ^Aa`: 'a'). */
	literal: string;
	/** key (as typed after the prefix, e.g. 'n', '^A', 'space') -> action id ('pane.next'). */
	bindings: Record<string, string>;
	/** Keys bound without the prefix (e.g. F2 -> 'vip.toggle'), as key names ('f2'). */
	direct: Record<string, string>;
}

export interface OptionsConfig {
	scrollback: number;
	/** Poll interval for the IPVS and interfaces panels, ms. */
	pollIntervalMs: number;
	sidePanel: 'auto' | 'on' | 'off';
	confirmVipDown: boolean;
	auditLog?: string;
	kickstartDir: string;
	dhcpdConf: string;
	shell?: string;
	/** known_hosts file to verify and record host keys in (default ~/.ssh/known_hosts). */
	knownHostsFile?: string;
	/** Refuse every change (also --read-only). */
	readOnly: boolean;
	/** Pane shown first (screen's `select N` in a .screenrc); the lowest-numbered pane when absent. */
	initialPane?: number;
}

export interface ClusterConfig {
	/** Absolute path of the file this came from, or null for local mode / built-in defaults. */
	source: string | null;
	director: HostConfig;
	lvsType: LvsType;
	realServers: RealServerConfig[];
	vips: VipConfig[];
	dip?: DipConfig;
	directorGateway?: string;
	services: ServiceConfig[];
	panes: PaneConfig[];
	keys: KeysConfig;
	theme: string;
	options: OptionsConfig;
}
