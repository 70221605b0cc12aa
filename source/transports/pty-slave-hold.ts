// Our own handle on a pty's slave side. Without it Linux returns EIO on the master as soon as the
// program exits and node-pty drops whatever output was still unread (measured: `seq 1 5000` lost a
// third of its output with a busy reader). With it node-pty reads to the end and reports the exit
// at most 200 ms later. Release it once the exit is reported (or to let a hung-up program go).
import {closeSync, constants, openSync} from 'node:fs';
import type {IPty} from 'node-pty';

export class PtySlaveHold {
	private fd: number | null = null;

	constructor(pty: IPty) {
		const name = (pty as unknown as {ptsName?: string}).ptsName;
		if (!name) return;
		try {
			this.fd = openSync(name, constants.O_RDWR | constants.O_NOCTTY);
		} catch {
			// Not fatal (the program may already be gone): only its last output is at risk.
		}
	}

	release(): void {
		if (this.fd === null) return;
		try {
			closeSync(this.fd);
		} catch {
			// already closed
		}
		this.fd = null;
	}
}
