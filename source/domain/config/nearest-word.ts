// "did you mean …?" for unknown keys and values: the closest candidate by edit distance.

export function editDistance(a: string, b: string): number {
	const row = Array.from({length: b.length + 1}, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		let diagonal = row[0];
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const above = row[j];
			const cost = a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1;
			row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + cost);
			diagonal = above;
		}
	}
	return row[b.length];
}

/** The candidate nearest to word, or undefined when nothing is close enough to be a typo. */
export function nearestWord(word: string, candidates: readonly string[]): string | undefined {
	let best: string | undefined;
	let bestDistance = Infinity;
	for (const candidate of candidates) {
		const d = editDistance(word, candidate);
		if (d < bestDistance) {
			best = candidate;
			bestDistance = d;
		}
	}
	// Allow about one typo per three characters; beyond that the suggestion is noise.
	return best !== undefined && bestDistance <= Math.max(2, Math.ceil(word.length / 3)) ? best : undefined;
}

/** " (did you mean 'x'?)" or ''. */
export function didYouMean(word: string, candidates: readonly string[]): string {
	const near = nearestWord(word, candidates);
	return near ? ` (did you mean '${near}'?)` : '';
}
