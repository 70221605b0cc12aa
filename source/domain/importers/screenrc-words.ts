// Splits a .screenrc line into words the way screen does: whitespace-separated, "double" and
// 'single' quotes, backslash escapes, and '#' starting a comment at the beginning of a word.

export function screenrcWords(line: string): string[] {
	const words: string[] = [];
	let word = '';
	let inWord = false;
	let quote: '"' | "'" | null = null;
	for (let i = 0; i < line.length; i++) {
		const ch = line[i];
		if (quote) {
			if (ch === quote) quote = null;
			else if (ch === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
			else word += ch;
			continue;
		}
		if (ch === ' ' || ch === '\t' || ch === '\r') {
			if (inWord) words.push(word);
			word = '';
			inWord = false;
			continue;
		}
		if (ch === '#' && !inWord) break;
		inWord = true;
		if (ch === '"' || ch === "'") quote = ch;
		else if (ch === '\\' && i + 1 < line.length) word += line[++i];
		else word += ch;
	}
	if (inWord) words.push(word);
	return words;
}
