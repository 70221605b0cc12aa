// crypt(3) salts use the alphabet ./0-9A-Za-z. The random bytes come from the service layer
// (node:crypto), so this stays pure and testable.

const CRYPT_ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** One salt character per byte (6 bits of each byte; 64 symbols divide 256 evenly, so no bias). */
export function cryptSaltFromBytes(bytes: Uint8Array, length: number): string {
	if (bytes.length < length) throw new RangeError(`need ${length} random bytes for the salt, got ${bytes.length}`);
	let salt = '';
	for (let i = 0; i < length; i++) salt += CRYPT_ALPHABET[bytes[i] & 63];
	return salt;
}

export function isCryptSalt(text: string): boolean {
	return /^[./0-9A-Za-z]+$/.test(text);
}
