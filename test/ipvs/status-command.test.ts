// `lvs-tui status`: its options and the text it prints for a snapshot read from real captures.
import {describe, expect, it} from 'vitest';
import {formatSnapshot, parseStatusArgs, type DirectorSnapshot} from '../../source/commands/status.js';
import {liveData} from './table-data.js';

describe('lvs-tui status', () => {
	it('reads its options and refuses bad ones with the reason', () => {
		expect(parseStatusArgs([])).toEqual({windowSeconds: 5, json: false, help: false});
		expect(parseStatusArgs(['--json', '--config', 'c.yaml', '--window=2.5'])).toEqual({config: 'c.yaml', windowSeconds: 2.5, json: true, help: false});
		expect(parseStatusArgs(['--window', '0'])).toMatchObject({windowSeconds: 0});
		expect(parseStatusArgs(['--window', 'soon'])).toBe("--window needs seconds between 0 and 300, not 'soon'");
		expect(parseStatusArgs(['--window', '301'])).toBe("--window needs seconds between 0 and 300, not '301'");
		expect(parseStatusArgs(['--config'])).toBe('--config needs a value');
		expect(parseStatusArgs(['--bogus'])).toBe("unknown option '--bogus'");
		expect(parseStatusArgs(['extra'])).toBe("unexpected argument 'extra'");
	});

	it('prints each service with its real servers, names, weights, connections and rates', () => {
		const d = liveData().directors.director;
		const snap: DirectorSnapshot = {
			host: 'director',
			ok: true,
			version: '1.2.1',
			rateWindowSeconds: 2,
			services: d.table!.services.slice(0, 2),
			names: {'10.0.2.21': 'rs1', '10.0.2.22': 'rs2'},
			vips: [{address: '10.0.2.100', label: 'eth0:100', state: 'up'}],
			issues: [{lineNumber: 9, line: 'zz', reason: "unknown protocol 'zz'"}],
		};
		expect(formatSnapshot(snap).split('\n')).toEqual([
			'director: IPVS 1.2.1, 2 services, rates over 2 s',
			'  VIP 10.0.2.100 (eth0:100): up',
			'TCP 10.0.2.100:80 wlc  52 conn/s',
			'  real server                fwd    weight  active   inact  conn/s  in B/s out B/s',
			'  rs1 10.0.2.21:80           masq        3       0       0      50     25k    450k',
			'  rs2 10.0.2.22:80           masq        0       0       0       2    1.0k     18k',
			'TCP 10.0.2.101:443 wlc persistent 300  0 conn/s',
			'  real server                fwd    weight  active   inact  conn/s  in B/s out B/s',
			'  rs1 10.0.2.21:443          masq        1       0       0       0       0       0',
			'  rs2 10.0.2.22:443          masq        2       0       0       0       0       0',
			"  unreadable line 9: unknown protocol 'zz': zz",
		]);
	});

	it('says why a director could not be read', () => {
		const text = formatSnapshot({host: 'director', ok: false, noIpvs: true, error: "director: no IPVS in this kernel: Can't initialize ipvs: Protocol not available", rateWindowSeconds: null, services: [], names: {}, vips: [], issues: []});
		expect(text).toBe("director: no IPVS in this kernel (see `lvs-tui doctor` and the kernel wizard, C-a W)\n  director: no IPVS in this kernel: Can't initialize ipvs: Protocol not available");
	});
});
