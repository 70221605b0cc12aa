// The default route from `ip route show default` (iproute2 and busybox print the same words):
// LVS-NAT real servers must send replies back through the director's DIP.

export interface DefaultRoute {
	/** Next hop; absent for `default dev eth0` (on-link). */
	gateway?: string;
	device?: string;
	metric?: number;
}

/** Every default route in the text, lowest metric first (the one the kernel uses). */
export function parseDefaultRoutes(text: string): DefaultRoute[] {
	const routes: DefaultRoute[] = [];
	for (const line of text.split('\n')) {
		const words = line.trim().split(/\s+/);
		if (words[0] !== 'default') continue;
		const route: DefaultRoute = {};
		for (let i = 1; i < words.length - 1; i++) {
			if (words[i] === 'via') route.gateway = words[i + 1].replace(/^inet6? /, '');
			else if (words[i] === 'dev') route.device = words[i + 1];
			else if (words[i] === 'metric') route.metric = Number(words[i + 1]);
		}
		routes.push(route);
	}
	return routes.sort((a, b) => (a.metric ?? 0) - (b.metric ?? 0));
}
