// The typed IPVS table every parser produces and every layer above reads: services with their
// real servers, counters and rates. Plain data only (it goes into the store and into `status --json`).

export type IpvsProtocol = 'tcp' | 'udp' | 'sctp' | 'fwm';

/** ipvsadm's forwarding methods as listed (Masq Route Tunnel Local) plus what -S writes. */
export type IpvsForward = 'masq' | 'route' | 'tunnel' | 'local' | 'bypass';

/** A line a parser could not read: reported, never thrown, so the rest of the table still shows. */
export interface ParseIssue {
	line: string;
	/** 1-based line number in the text that was parsed. */
	lineNumber: number;
	reason: string;
}

/** Address and port as IPVS shows them. `host` is an address with -n, or a (maybe truncated) name without it. */
export interface Endpoint {
	host: string;
	/** Port number; a service name when listed without -n (e.g. 'http'). */
	port: number | string;
	family: 'ipv4' | 'ipv6' | 'name';
}

/** Cumulative counters (--stats). `exact` is false when ipvsadm shortened them with K/M/G/T. */
export interface IpvsCounters {
	conns: number;
	inPackets: number;
	outPackets: number;
	inBytes: number;
	outBytes: number;
	exact: boolean;
}

/** Per-second rates, from the kernel estimator (--rate) or from counter deltas (poller). */
export interface IpvsRates {
	cps: number;
	inPps: number;
	outPps: number;
	inBps: number;
	outBps: number;
}

export interface IpvsRealServer {
	/** Stable key inside its service: "host:port". */
	key: string;
	address: Endpoint;
	forward?: IpvsForward;
	weight?: number;
	activeConns?: number;
	inactiveConns?: number;
	persistConns?: number;
	upperThreshold?: number;
	lowerThreshold?: number;
	/** --tun-info column, e.g. 'ipip', 'gue:6080:-c'; undefined when not a tunnel. */
	tunnelInfo?: string;
	stats?: IpvsCounters;
	rates?: IpvsRates;
}

export interface IpvsService {
	/** Stable key for the service: "tcp 10.0.2.100:80", "fwm 1", "tcp [fd00::1]:80". */
	key: string;
	protocol: IpvsProtocol;
	/** Absent for firewall-mark services. */
	address?: Endpoint;
	fwmark?: number;
	/** A firewall-mark service for IPv6 ("FWM  1 IPv6"). */
	fwmarkIpv6?: boolean;
	scheduler?: string;
	/** Scheduler flags such as sh-fallback, sh-port, mh-port. */
	schedulerFlags: string[];
	/** Persistence timeout in seconds, when the service is persistent. */
	persistent?: number;
	/** /proc/net/ip_vs prints the timeout in jiffies (HZ-dependent); kept raw when HZ is unknown. */
	persistentJiffies?: number;
	/** Persistence netmask: dotted IPv4 mask or an IPv6 prefix length. */
	netmask?: string;
	persistenceEngine?: string;
	onePacket: boolean;
	realServers: IpvsRealServer[];
	stats?: IpvsCounters;
	rates?: IpvsRates;
}

export interface IpvsTable {
	/** "1.2.1" from the banner, when the listing had one. */
	version?: string;
	/** Connection hash table size from the banner. */
	connTableSize?: number;
	services: IpvsService[];
}

/** What a parser returns: a table (possibly partial) and the lines it could not read. */
export interface Parsed<T> {
	value: T;
	issues: ParseIssue[];
}

export function endpointText(e: Endpoint): string {
	return e.family === 'ipv6' ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;
}

export function serviceKey(protocol: IpvsProtocol, address: Endpoint | undefined, fwmark?: number, fwmarkIpv6?: boolean): string {
	if (protocol === 'fwm') return `fwm ${fwmark ?? 0}${fwmarkIpv6 ? ' ipv6' : ''}`;
	return `${protocol} ${address ? endpointText(address) : '?'}`;
}

/** How a service is named on an ipvsadm command line: ['-t', '10.0.2.100:80'] or ['-f', '1']. */
export function serviceLabel(s: Pick<IpvsService, 'protocol' | 'address' | 'fwmark' | 'fwmarkIpv6'>): string {
	if (s.protocol === 'fwm') return `FWM ${s.fwmark ?? 0}${s.fwmarkIpv6 ? ' IPv6' : ''}`;
	return `${s.protocol.toUpperCase()} ${s.address ? endpointText(s.address) : '?'}`;
}

/** One entry of `ipvsadm -Lnc` or /proc/net/ip_vs_conn. */
export interface IpvsConnection {
	protocol: string;
	expiresSeconds: number;
	state: string;
	source: Endpoint;
	virtual: Endpoint;
	destination: Endpoint;
	peName?: string;
	peData?: string;
	/** A persistence template (state NONE/ASSURED): it pins a client to a real server. */
	template: boolean;
}
