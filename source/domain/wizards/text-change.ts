// The part of a file an edit changes, with a little context, in diff's +/- notation: what the
// plan view shows for a write to an existing file instead of the whole (possibly long) file.

/** Lines of `before` vs `after` that differ (one contiguous region), prefixed ' ', '-' or '+'. */
export function changedRegion(before: string, after: string, context = 2): string[] {
	const a = before.split('\n');
	const b = after.split('\n');
	let start = 0;
	while (start < a.length && start < b.length && a[start] === b[start]) start++;
	let endA = a.length;
	let endB = b.length;
	while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
		endA--;
		endB--;
	}
	if (start === endA && start === endB) return [];
	// A pure insertion or deletion can sit anywhere in a run of equal lines: slide it down so
	// an added block reads "…}  +host rs3 {  …  +}" rather than starting with the previous '}'.
	while (start === endA && endB < b.length && b[start] === b[endB]) {
		start++;
		endA++;
		endB++;
	}
	while (start === endB && endA < a.length && a[start] === a[endA]) {
		start++;
		endA++;
		endB++;
	}
	const from = Math.max(0, start - context);
	const out: string[] = [];
	if (from > 0) out.push(`@@ line ${from + 1} @@`);
	for (let i = from; i < start; i++) out.push(` ${a[i]}`);
	for (let i = start; i < endA; i++) out.push(`-${a[i]}`);
	for (let i = start; i < endB; i++) out.push(`+${b[i]}`);
	for (let i = endA; i < Math.min(a.length, endA + context); i++) out.push(` ${a[i]}`);
	return out;
}
