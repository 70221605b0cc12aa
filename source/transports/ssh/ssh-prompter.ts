// The questions an SSH connection may have to ask a person. The UI answers them with dialogs, the
// CLI on the terminal (no echo for passphrases). Nothing connects silently: without a prompter that
// says yes, an unknown host key is refused.

export interface HostKeyQuestion {
	/** The host as the config names it (e.g. rs1). */
	host: string;
	/** The name checked in known_hosts: "address" or "[address]:port". */
	knownHostsName: string;
	/** SSH key type as sent, e.g. ssh-ed25519. */
	keyType: string;
	/** ED25519, RSA, ECDSA: OpenSSH's word for it. */
	keyTypeLabel: string;
	/** "SHA256:" + base64 without padding, exactly as ssh prints it. */
	fingerprint: string;
	/** The file the key will be appended to on yes. */
	knownHostsFile: string;
	/** "file:line" of keys of other types already recorded for this host. */
	otherKnownKeys: string[];
	/** The whole question in OpenSSH's words, ready to show in a dialog. */
	text: string;
}

export interface SshPrompter {
	/** false for prompters that can never ask anyone (scripts, tests): errors then say how to fix it. */
	readonly interactive?: boolean;
	/** Unknown host key: true to trust it and record it in known_hosts. */
	confirmHostKey(question: HostKeyQuestion): Promise<boolean>;
	/**
	 * Passphrase for an encrypted private key; null when the user declines. `attempt` counts from 1
	 * (up to 3, like ssh). The answer is used once to decrypt the key and never stored or logged.
	 */
	askPassphrase(keyPath: string, attempt: number): Promise<string | null>;
}

/** For non-interactive use (tests, scripts, --batch): refuses unknown hosts, has no passphrases. */
export const refusingPrompter: SshPrompter = {
	interactive: false,
	confirmHostKey: async () => false,
	askPassphrase: async () => null,
};
