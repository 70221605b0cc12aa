// Structural equality of plain data (objects, arrays, primitives) for the store's publish path:
// a poll that read exactly what the store already holds must not publish, or every subscriber
// re-renders once per second while nothing on screen changes (the idle CPU of the side panel).
export function plainEqual(a: unknown, b: unknown): boolean {
	if (Object.is(a, b)) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a)) {
		if (!Array.isArray(b) || a.length !== b.length) return false;
		for (let i = 0; i < a.length; i++) if (!plainEqual(a[i], b[i])) return false;
		return true;
	}
	if (Array.isArray(b)) return false;
	const ka = Object.keys(a);
	const kb = Object.keys(b);
	if (ka.length !== kb.length) return false;
	const ob = b as Record<string, unknown>;
	const oa = a as Record<string, unknown>;
	for (const k of ka) {
		if (!Object.prototype.hasOwnProperty.call(ob, k)) return false;
		if (!plainEqual(oa[k], ob[k])) return false;
	}
	return true;
}
