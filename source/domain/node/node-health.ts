// The health check run on the director: one command that tries a TCP connection to each service
// port of the node (bash's /dev/tcp, bounded by timeout) and prints one line per port.
import {shellJoin} from '../shell-quote.js';

const SCRIPT = 'ip=$1; shift; for p in "$@"; do if timeout "$LVS_TUI_T" bash -c \'exec 3<>"/dev/tcp/$0/$1"\' "$ip" "$p" 2>/dev/null; then echo "open $p"; else echo "closed $p"; fi; done';

export function healthCommand(ip: string, ports: number[], timeoutSeconds = 5): string {
	return `LVS_TUI_T=${Math.max(1, Math.round(timeoutSeconds))} ${shellJoin(['bash', '-c', SCRIPT, ip, ip, ...ports])}`;
}

export interface HealthReading {
	open: number[];
	closed: number[];
	/** Ports the output said nothing about (the command died early). */
	unknown: number[];
}

export function readHealth(stdout: string, ports: number[]): HealthReading {
	const seen = new Map<number, 'open' | 'closed'>();
	for (const line of stdout.split('\n')) {
		const m = /^(open|closed) (\d+)$/.exec(line.trim());
		if (m) seen.set(Number(m[2]), m[1] as 'open' | 'closed');
	}
	return {
		open: ports.filter(p => seen.get(p) === 'open'),
		closed: ports.filter(p => seen.get(p) === 'closed'),
		unknown: ports.filter(p => !seen.has(p)),
	};
}
