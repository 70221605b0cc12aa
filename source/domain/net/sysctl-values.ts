// Kernel settings read as `grep -H . /proc/sys/...` lines ("/proc/sys/net/ipv4/ip_forward:1"),
// keyed by their sysctl name (net.ipv4.ip_forward).

export function parseProcSysLines(text: string): Record<string, string> {
	const values: Record<string, string> = {};
	for (const line of text.split('\n')) {
		const m = /^\/proc\/sys\/([^:]+):(.*)$/.exec(line.trim());
		if (!m) continue;
		values[m[1].replace(/\//g, '.')] = m[2].trim();
	}
	return values;
}

/** The integer value of a setting, or undefined when it was not read. */
export function sysctlNumber(values: Record<string, string>, name: string): number | undefined {
	const v = values[name];
	if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
	return Number(v);
}
