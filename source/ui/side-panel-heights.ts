// How the side panel's height is split between its panels: each panel that says how many lines it
// has gets no more than it can fill, and what it leaves goes to the others (by weight); rows left
// over when every panel is content go to the first (the IPVS table, which grows). Without this a
// one-service table sat in half the column while the interfaces below were cut short.

export interface PanelDemand {
	/** Share relative to the others when there is not enough room for everyone. */
	weight: number;
	/** Content lines the panel would show; undefined: as many as it gets. */
	wanted?: number;
}

/** Border (2) and title (1) around each panel's content. */
export const PANEL_CHROME_ROWS = 3;
const MIN_PANEL_ROWS = 4;

export function splitPanelHeights(total: number, panels: PanelDemand[]): number[] {
	const n = panels.length;
	if (n === 0) return [];
	const heights = new Array<number>(n).fill(0);
	if (total < n * MIN_PANEL_ROWS) {
		// Too short for everyone's minimum: equal shares, the last takes the rest.
		for (let i = 0; i < n; i++) heights[i] = i === n - 1 ? total - Math.floor(total / n) * (n - 1) : Math.floor(total / n);
		return heights;
	}
	const need = panels.map(p => (p.wanted === undefined ? Infinity : Math.max(MIN_PANEL_ROWS, p.wanted + PANEL_CHROME_ROWS)));
	let open = panels.map((_, i) => i);
	let remaining = total;
	for (;;) {
		const weight = open.reduce((sum, i) => sum + Math.max(1, panels[i]!.weight), 0);
		const share = (i: number) => Math.floor((remaining * Math.max(1, panels[i]!.weight)) / weight);
		const content = open.filter(i => need[i]! <= share(i));
		if (content.length === 0) {
			let given = 0;
			open.forEach((i, k) => {
				heights[i] = k === open.length - 1 ? remaining - given : Math.max(MIN_PANEL_ROWS, share(i));
				given += heights[i]!;
			});
			return heights;
		}
		for (const i of content) {
			heights[i] = need[i]!;
			remaining -= need[i]!;
		}
		open = open.filter(i => !content.includes(i));
		if (open.length === 0) {
			heights[0]! += remaining;
			return heights;
		}
	}
}
