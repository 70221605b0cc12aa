// The changed-lines view of a file edit that the plan shows instead of the whole file.
import {describe, expect, it} from 'vitest';
import {changedRegion} from '../../source/domain/wizards/text-change.js';

describe('changedRegion', () => {
	it('an inserted block after a closing brace starts with its own first line', () => {
		expect(changedRegion('a\n}\n', 'a\n}\nhost x {\n}\n', 1)).toEqual(['@@ line 2 @@', ' }', '+host x {', '+}', ' ']);
	});
	it('a removed block, with context and the line number of the first shown line', () => {
		expect(changedRegion('1\n2\n3\nx\n4\n5\n', '1\n2\n3\n4\n5\n', 1)).toEqual(['@@ line 3 @@', ' 3', '-x', ' 4']);
	});
	it('no change, no lines', () => {
		expect(changedRegion('same\n', 'same\n')).toEqual([]);
	});
});

describe('wrapLines (the wizard overlay shows whole commands)', () => {
	it('wraps a long command with an indent and keeps every character', async () => {
		const {wrapLines} = await import('../../source/ui/wizards/wizard-lines.js');
		const text = '   $ cp -p /etc/dhcp/dhcpd.conf /etc/dhcp/dhcpd.conf.lvs-tui-20261125-010203';
		const wrapped = wrapLines([{text, role: 'text'}], 30);
		expect(wrapped.every(l => [...l.text].length <= 30)).toBe(true);
		expect(wrapped.map((l, i) => (i === 0 ? l.text : l.text.slice(5))).join('')).toBe(text);
		expect(wrapLines([{text: 'short', role: 'muted'}], 30)).toEqual([{text: 'short', role: 'muted'}]);
	});
});
