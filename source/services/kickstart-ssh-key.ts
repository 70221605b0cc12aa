// The admin's SSH public key for a new real server's root: the one given, else the first of
// ~/.ssh/id_ed25519.pub, id_ecdsa.pub, id_rsa.pub (what `ssh` would offer first).
import {existsSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';

export function defaultPublicKeyFile(home = homedir()): string | undefined {
	return ['id_ed25519.pub', 'id_ecdsa.pub', 'id_rsa.pub'].map(f => join(home, '.ssh', f)).find(existsSync);
}

/** The key line from `file` (or the default one); undefined when there is none. Throws when a named file cannot be read. */
export function readPublicKey(file?: string): string | undefined {
	const path = file ?? defaultPublicKeyFile();
	return path ? readFileSync(path, 'utf8').trim().split('\n')[0] : undefined;
}
