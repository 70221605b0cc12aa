// Properties of the dhcpd.conf edits: adding then removing a reservation gives back the exact
// original text; the parser never throws on arbitrary input (bad files become messages).
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parseDhcpdConf} from '../../source/domain/wizards/dhcpd-conf.js';
import {addReservation, removeReservation} from '../../source/domain/wizards/dhcp-reservation.js';

const SAMPLE = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'wizards', 'dhcpd.conf.sample'), 'utf8');

const reservation = fc.record({
	name: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/).filter(n => !/^rs[12]$/.test(n)),
	mac: fc.array(fc.integer({min: 0, max: 255}), {minLength: 5, maxLength: 5}).map(bytes => ['02', ...bytes.map(b => b.toString(16).padStart(2, '0'))].join(':')),
	// Outside the sample's range 200-220 and its two reserved addresses.
	ip: fc.integer({min: 13, max: 199}).map(n => `192.168.1.${n}`),
});

describe('dhcpd.conf edit properties', () => {
	it('add then remove is the identity on the real sample', () => {
		fc.assert(
			fc.property(reservation, r => {
				const added = addReservation(SAMPLE, r, 'dhcpd.conf');
				if (!added.ok) throw new Error(added.error.message);
				const parsed = parseDhcpdConf(added.value.text, 'dhcpd.conf');
				expect(parsed.ok && parsed.value.hosts.map(h => h.name)).toEqual(['rs1', 'rs2', r.name]);
				const removed = removeReservation(added.value.text, r.name, 'dhcpd.conf');
				if (!removed.ok) throw new Error(removed.error.message);
				expect(removed.value.text).toBe(SAMPLE);
			}),
			{numRuns: 200},
		);
	});

	it('the parser and the planners return a result for any text, never throw', () => {
		fc.assert(
			fc.property(fc.string({unit: fc.constantFrom(...'host subnet range { } ; # " 10.0.0.1 netmask 255.255.0.0 hardware ethernet fixed-address \n'.split(' '))}), text => {
				parseDhcpdConf(text, 'x.conf');
				addReservation(text, {name: 'rs3', mac: '00:16:3e:aa:bb:03', ip: '10.0.0.5'}, 'x.conf');
				removeReservation(text, 'rs3', 'x.conf');
			}),
			{numRuns: 500},
		);
	});
});
