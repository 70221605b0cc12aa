// Root password hashes for kickstart files: SHA-512 crypt ($6$, via unixcrypt, which matches
// crypt(3) and `openssl passwd -6` on non-ASCII input) for the modern profile, MD5 crypt ($1$,
// implemented here over node:crypto's MD5) for Red Hat 7.2's `auth --enablemd5`. Both hash the
// UTF-8 bytes of the password. The plain password lives only in the caller's variable.
import {createHash, randomBytes} from 'node:crypto';
import {encrypt} from 'unixcrypt';
import {cryptSaltFromBytes, isCryptSalt} from '../domain/wizards/crypt-salt.js';
import type {KickstartProfileId} from '../domain/wizards/kickstart-profiles.js';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function to64(value: number, count: number): string {
	let out = '';
	for (let i = 0; i < count; i++) {
		out += ITOA64[value & 0x3f];
		value >>>= 6;
	}
	return out;
}

/** MD5-crypt as in FreeBSD/glibc crypt(3) and `openssl passwd -1`. */
export function md5Crypt(password: string, salt: string): string {
	const pw = Buffer.from(password, 'utf8');
	const s = Buffer.from(salt.slice(0, 8).split('$')[0], 'utf8');
	const magic = Buffer.from('$1$');
	const alt = createHash('md5').update(pw).update(s).update(pw).digest();
	const ctx = createHash('md5').update(pw).update(magic).update(s);
	for (let left = pw.length; left > 0; left -= 16) ctx.update(alt.subarray(0, Math.min(16, left)));
	for (let i = pw.length; i > 0; i >>= 1) ctx.update(i & 1 ? Buffer.from([0]) : pw.subarray(0, 1));
	let final = ctx.digest();
	for (let i = 0; i < 1000; i++) {
		const round = createHash('md5');
		round.update(i & 1 ? pw : final);
		if (i % 3) round.update(s);
		if (i % 7) round.update(pw);
		round.update(i & 1 ? final : pw);
		final = round.digest();
	}
	const f = final;
	const encoded =
		to64((f[0] << 16) | (f[6] << 8) | f[12], 4) +
		to64((f[1] << 16) | (f[7] << 8) | f[13], 4) +
		to64((f[2] << 16) | (f[8] << 8) | f[14], 4) +
		to64((f[3] << 16) | (f[9] << 8) | f[15], 4) +
		to64((f[4] << 16) | (f[10] << 8) | f[5], 4) +
		to64(f[11], 2);
	return `$1$${s.toString('utf8')}$${encoded}`;
}

/** SHA-512 crypt with the default 5000 rounds. */
export function sha512Crypt(password: string, salt: string): string {
	return encrypt(password, `$6$${salt}`);
}

/**
 * Hash a root password for a profile with a fresh random salt (16 chars for $6$, 8 for $1$).
 * `salt` is only for tests that compare with `openssl passwd -salt`.
 */
export function hashRootPassword(profile: KickstartProfileId, password: string, salt?: string): string {
	const length = profile === 'rhel9' ? 16 : 8;
	const chosen = salt ?? cryptSaltFromBytes(randomBytes(length), length);
	if (!isCryptSalt(chosen)) throw new RangeError('a crypt salt uses only ./0-9A-Za-z');
	return profile === 'rhel9' ? sha512Crypt(password, chosen) : md5Crypt(password, chosen);
}
