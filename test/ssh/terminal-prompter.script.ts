// Run under a real PTY by terminal-prompter.test.ts: asks the two questions on /dev/tty and prints
// what came back (the passphrase only as its length, so the test can check it was never echoed).
import {TerminalPrompter} from '../../source/transports/ssh/terminal-prompter.js';

const prompter = new TerminalPrompter();
const accepted = await prompter.confirmHostKey({
	host: 'rs1',
	knownHostsName: '10.0.0.2',
	keyType: 'ssh-ed25519',
	keyTypeLabel: 'ED25519',
	fingerprint: 'SHA256:AAAA',
	knownHostsFile: '/tmp/kh',
	otherKnownKeys: [],
	text: "The authenticity of host '10.0.0.2 (10.0.0.2)' can't be established.\nAre you sure you want to continue connecting (yes/no)?",
});
process.stdout.write(`ACCEPTED=${accepted}\n`);
const passphrase = await prompter.askPassphrase('/root/.ssh/id_ed25519', 1);
process.stdout.write(`PASSLEN=${passphrase?.length ?? 'null'}\n`);
