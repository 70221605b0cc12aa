// A unified-style line diff for --dry-run ("- old", "+ new", a little context), so the admin sees
// exactly what a file edit changes. Small files only (hosts, dhcpd.conf, lvs-tui.yaml): plain LCS.

export function lineDiff(before: string, after: string, context = 2): string[] {
	const a = before.split('\n');
	const b = after.split('\n');
	const n = a.length;
	const m = b.length;
	const lcs: number[][] = Array.from({length: n + 1}, () => new Array<number>(m + 1).fill(0));
	for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
	const ops: Array<{kind: ' ' | '-' | '+'; text: string; line: number}> = [];
	let i = 0;
	let j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && a[i] === b[j]) ops.push({kind: ' ', text: a[i++], line: j++ + 1});
		else if (j < m && (i >= n || lcs[i][j + 1] > lcs[i + 1][j])) ops.push({kind: '+', text: b[j++], line: j});
		else ops.push({kind: '-', text: a[i++], line: j + 1});
	}
	const keep = ops.map(() => false);
	ops.forEach((op, k) => {
		if (op.kind === ' ') return;
		for (let c = Math.max(0, k - context); c <= Math.min(ops.length - 1, k + context); c++) keep[c] = true;
	});
	const out: string[] = [];
	let gap = false;
	ops.forEach((op, k) => {
		if (!keep[k]) {
			gap = true;
			return;
		}
		if (gap && out.length) out.push('  …');
		gap = false;
		out.push(`${op.kind} ${op.text}`);
	});
	return out;
}
