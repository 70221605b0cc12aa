// /etc/services text -> port lookup for names like `http` in configure-lvs SERVICE lines.

/** "name/proto" (lower case, aliases included) -> port. */
export type ServicesTable = ReadonlyMap<string, number>;

export function parseEtcServices(text: string): ServicesTable {
	const table = new Map<string, number>();
	for (const raw of text.split('\n')) {
		const line = raw.replace(/#.*/, '').trim();
		if (!line) continue;
		const [name, portProto, ...aliases] = line.split(/\s+/);
		const m = /^([0-9]{1,5})\/([a-z]+)$/.exec(portProto ?? '');
		if (!m) continue;
		const port = Number(m[1]);
		if (port < 1 || port > 65535) continue;
		for (const n of [name, ...aliases]) {
			const key = `${n.toLowerCase()}/${m[2]}`;
			if (!table.has(key)) table.set(key, port);
		}
	}
	return table;
}

/** A port given as a number or a service name; null when the name is not in the table. */
export function lookupPort(text: string, protocol: 'tcp' | 'udp', services: ServicesTable): number | null {
	if (/^[0-9]{1,5}$/.test(text)) {
		const n = Number(text);
		return n >= 0 && n <= 65535 ? n : null;
	}
	return services.get(`${text.toLowerCase()}/${protocol}`) ?? null;
}
