// The admin's SSH public key, for a new node's authorized_keys (kickstart %post): the file given,
// else the first of ~/.ssh/id_ed25519.pub, id_ecdsa.pub, id_rsa.pub that exists.
import {existsSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';

export function adminPublicKey(file?: string): {key?: string; path?: string; error?: string} {
	const path = file ?? ['id_ed25519.pub', 'id_ecdsa.pub', 'id_rsa.pub'].map(f => join(homedir(), '.ssh', f)).find(existsSync);
	if (!path) return {};
	try {
		return {key: readFileSync(path, 'utf8').trim(), path};
	} catch (error) {
		return {error: `cannot read the SSH public key ${path}: ${(error as Error).message}`, path};
	}
}
