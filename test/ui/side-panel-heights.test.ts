import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {PANEL_CHROME_ROWS, splitPanelHeights} from '../../source/ui/side-panel-heights.js';

describe('side panel heights', () => {
	it('gives a small IPVS table what it needs and the interfaces the rest', () => {
		// 39 rows: a 1-service table (6 lines) and 17 interface lines.
		expect(splitPanelHeights(39, [{weight: 2, wanted: 6}, {weight: 1, wanted: 17}])).toEqual([39 - 20, 20]);
	});

	it('splits by weight when both want more than there is', () => {
		expect(splitPanelHeights(39, [{weight: 2, wanted: 500}, {weight: 1, wanted: 60}])).toEqual([26, 13]);
		expect(splitPanelHeights(39, [{weight: 2}, {weight: 1}])).toEqual([26, 13]);
	});

	it('a panel content with less than its share leaves the rest to the others', () => {
		expect(splitPanelHeights(39, [{weight: 2, wanted: 500}, {weight: 1, wanted: 5}])).toEqual([31, 5 + PANEL_CHROME_ROWS]);
	});

	it('always fills the height exactly, never below zero', () => {
		fc.assert(
			fc.property(fc.integer({min: 0, max: 200}), fc.array(fc.record({weight: fc.integer({min: 1, max: 3}), wanted: fc.option(fc.integer({min: 0, max: 300}), {nil: undefined})}), {minLength: 1, maxLength: 4}), (total, panels) => {
				const heights = splitPanelHeights(total, panels);
				expect(heights).toHaveLength(panels.length);
				expect(heights.reduce((a, b) => a + b, 0)).toBe(total);
				for (const h of heights) expect(h).toBeGreaterThanOrEqual(0);
			}),
		);
	});
});
