import {describe, expect, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {
	checkHostKey,
	formatKnownHostsLine,
	keyTypeLabel,
	knownHostsName,
	knownKeyTypes,
	parseKnownHosts,
} from '../../source/domain/ssh/known-hosts.js';
import {matchPattern, matchPatternList} from '../../source/domain/ssh/host-pattern.js';
import {hashHostName, keyBlobType, sha256Fingerprint} from '../../source/transports/ssh/host-key-verifier.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/ssh/${name}`, import.meta.url));
const text = readFileSync(fixture('known_hosts'), 'utf8');
const file = parseKnownHosts(text);
const pub = (n: string) => readFileSync(fixture(`${n}.pub`), 'utf8').trim().split(' ');
const [edType, edKey] = pub('k1');
const [rsaType, rsaKey] = pub('k2');
const [ecType, ecKey] = pub('k3');

describe('host patterns', () => {
	it('match like OpenSSH: * and ?, case-insensitive, negation vetoes', () => {
		expect(matchPattern('rs?', 'rs1')).toBe(true);
		expect(matchPattern('rs?', 'rs10')).toBe(false);
		expect(matchPattern('*.LAB', 'rs1.lab')).toBe(true);
		expect(matchPattern('a*b*c', 'aXXbYYc')).toBe(true);
		expect(matchPattern('a*b*c', 'aXXbYY')).toBe(false);
		expect(matchPatternList(['rs*', '!rs0'], 'rs0')).toBe(false);
		expect(matchPatternList(['rs*', '!rs0'], 'rs01')).toBe(true);
		expect(matchPatternList(['!rs0'], 'rs1')).toBe(false);
	});
});

describe('known_hosts written by OpenSSH', () => {
	it('reads plain, hashed, [host]:port and marked entries, and reports the lines it cannot read', () => {
		expect(file.entries.map(e => [e.line, e.marker ?? '', e.hosts.kind])).toEqual([
			[2, '', 'patterns'],
			[3, '', 'hashed'],
			[4, '', 'hashed'],
			[5, '', 'patterns'],
			[6, '', 'patterns'],
			[7, 'cert-authority', 'patterns'],
			[8, 'revoked', 'patterns'],
			[12, '', 'patterns'],
		]);
		expect(file.problems).toEqual([
			{line: 9, message: 'unknown key type "line"'},
			{line: 10, message: 'unknown marker @nonsense'},
		]);
	});

	it('finds hashed names with HMAC-SHA1 exactly where ssh-keygen -F does', () => {
		const status = checkHostKey(file, ['hashme.example'], rsaType, rsaKey, hashHostName);
		expect(status).toMatchObject({status: 'known', entry: {line: 3}});
		const found = execFileSync('ssh-keygen', ['-F', 'hashme.example', '-f', fixture('known_hosts')], {encoding: 'utf8'});
		expect(found).toContain('found: line 3');
		expect(checkHostKey(file, ['192.0.2.10'], rsaType, rsaKey, hashHostName)).toMatchObject({status: 'known', entry: {line: 4}});
	});

	it('tells known, changed and unknown apart, and uses [host]:port for other ports', () => {
		expect(checkHostKey(file, ['10.0.2.15'], edType, edKey, hashHostName)).toMatchObject({status: 'known', entry: {line: 2}});
		expect(checkHostKey(file, ['director.lab'], edType, rsaKey, hashHostName)).toMatchObject({status: 'changed', entry: {line: 2}});
		// Recorded only with another key type: unknown for this type, with the other one named.
		const other = checkHostKey(file, ['director.lab'], rsaType, rsaKey, hashHostName);
		expect(other.status).toBe('unknown');
		if (other.status === 'unknown') expect(other.otherTypes.map(e => e.line)).toEqual([2]);
		expect(checkHostKey(file, [knownHostsName('127.0.0.1', 2222)], edType, edKey, hashHostName).status).toBe('known');
		expect(checkHostKey(file, [knownHostsName('127.0.0.1', 22)], edType, edKey, hashHostName).status).toBe('unknown');
		expect(checkHostKey(file, ['nowhere'], edType, edKey, hashHostName)).toEqual({status: 'unknown', otherTypes: []});
	});

	it('@revoked wins over a matching entry; @cert-authority lines are not host keys', () => {
		expect(checkHostKey(file, ['rs2.lab'], ecType, ecKey, hashHostName)).toMatchObject({status: 'revoked', entry: {line: 8}});
		expect(checkHostKey(file, ['x.lab'], edType, edKey, hashHostName).status).toBe('unknown');
	});

	it('negated patterns exclude a host from an entry', () => {
		expect(knownKeyTypes(file, ['rs3.rs.lab'], hashHostName)).toEqual(['ecdsa-sha2-nistp256']);
		expect(knownKeyTypes(file, ['rs9.rs.lab'], hashHostName)).toEqual([]);
	});

	it('formats lines and labels as OpenSSH does', () => {
		expect(formatKnownHostsLine('10.1.1.1', 22, edType, edKey)).toBe(`10.1.1.1 ${edType} ${edKey}`);
		expect(formatKnownHostsLine('10.1.1.1', 2200, edType, edKey)).toBe(`[10.1.1.1]:2200 ${edType} ${edKey}`);
		expect([edType, rsaType, ecType].map(keyTypeLabel)).toEqual(['ED25519', 'RSA', 'ECDSA']);
	});
});

describe('fingerprints', () => {
	it('match ssh-keygen -lf byte for byte', () => {
		const expected = readFileSync(fixture('fingerprints.txt'), 'utf8').trim().split('\n').map(l => l.split(' ')[1]);
		const actual = ['k1', 'k2', 'k3'].map(n => sha256Fingerprint(Buffer.from(pub(n)[1], 'base64')));
		expect(actual).toEqual(expected);
		expect(keyBlobType(Buffer.from(rsaKey, 'base64'))).toBe('ssh-rsa');
	});
});
