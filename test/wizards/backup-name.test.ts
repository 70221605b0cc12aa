// The one backup name every feature uses before it changes a file: FILE.lvs-tui-YYYYmmdd-HHMMSS (UTC).
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {backupPath, backupStamp} from '../../source/domain/backup-name.js';

describe('backup names', () => {
	it('are the file, .lvs-tui- and the UTC time to the second, whatever the local zone', () => {
		const when = new Date(Date.UTC(2026, 10, 5, 3, 4, 9));
		expect(backupStamp(when)).toBe('20261105-030409');
		expect(backupPath('/etc/dhcp/dhcpd.conf', when)).toBe('/etc/dhcp/dhcpd.conf.lvs-tui-20261105-030409');
		// A stamp taken once names the same file as the time it was taken from.
		expect(backupPath('/etc/ipvsadm.rules', backupStamp(when))).toBe(backupPath('/etc/ipvsadm.rules', when));
	});

	it('sort by age as plain text', () => {
		const date = fc.date({min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true});
		fc.assert(
			fc.property(date, date, (a, b) => {
				const [x, y] = [Math.floor(a.getTime() / 1000), Math.floor(b.getTime() / 1000)];
				const [sa, sb] = [backupPath('/f', a), backupPath('/f', b)];
				return x < y ? sa < sb : x > y ? sa > sb : sa === sb;
			}),
		);
	});
});
