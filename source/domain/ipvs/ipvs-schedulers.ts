// The schedulers the Linux kernel ships (net/netfilter/ipvs/ip_vs_*.c) and their -b flags. A name
// outside this list is refused before ipvsadm runs ("Scheduler or persistence engine not found").

export const IPVS_SCHEDULERS = {
	rr: 'round robin',
	wrr: 'weighted round robin',
	lc: 'least connection',
	wlc: 'weighted least connection',
	lblc: 'locality-based least connection',
	lblcr: 'locality-based least connection with replication',
	dh: 'destination hashing',
	sh: 'source hashing',
	sed: 'shortest expected delay',
	nq: 'never queue',
	fo: 'weighted failover',
	ovf: 'weighted overflow',
	mh: 'maglev hashing',
	twos: 'weighted random twos choice',
} as const;

export type IpvsScheduler = keyof typeof IPVS_SCHEDULERS;

export function isScheduler(name: string): name is IpvsScheduler {
	return Object.prototype.hasOwnProperty.call(IPVS_SCHEDULERS, name);
}

/** Scheduler flags (-b) ipvsadm accepts, by scheduler; flag-1..3 are the generic spellings. */
export const SCHEDULER_FLAGS: Readonly<Record<string, readonly string[]>> = {
	sh: ['sh-fallback', 'sh-port'],
	mh: ['mh-fallback', 'mh-port'],
};
export const GENERIC_SCHEDULER_FLAGS = ['flag-1', 'flag-2', 'flag-3'];
