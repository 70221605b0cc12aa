// `lvs-tui lab` alone: start the lab (here: reuse the suite's running lab) and open lvs-tui on the
// config it wrote — the built CLI in a real PTY, with real SSH panes on the director and rs1.
import {existsSync} from 'node:fs';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {labAvailable, labInfo} from '../helpers/lab.js';
import {missing} from '../helpers/requirements.js';
import {CLI, VirtualScreen} from '../helpers/virtual-screen.js';

let screen: VirtualScreen | null = null;

beforeAll(() => {
	if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
});

afterEach(() => {
	screen?.kill();
	screen = null;
});

describe.skipIf(missing(labAvailable))('lvs-tui lab', () => {
	it('reuses the running lab and opens lvs-tui on its config, with a shell on the director', async () => {
		const lab = labInfo();
		screen = VirtualScreen.cli(['lab'], {cols: 120, rows: 40, env: {LVS_TUI_LAB_STATE_DIR: lab.stateDir}});
		await screen.waitFor(s => s.raw.includes('reusing it') && s.raw.includes(`Opening lvs-tui on ${lab.configPath}`), 60_000);
		// The director pane is a real login shell in the VM (dropbear, bash, hostname director).
		await screen.waitFor(/root@director/, 60_000);
		screen.write('echo masq=$(ipvsadm -Ln | grep -c Masq)\r');
		await screen.waitFor('masq=2', 30_000);
		// The side panel reads the same IPVS table through the product's own transport.
		await screen.waitFor(/TCP 10\.0\.2\.50:80 wlc/, 30_000);
		screen.command('q');
		await screen.waitFor('Quit lvs-tui?');
		screen.write('y');
		const exit = await screen.waitForExit(30_000);
		expect(exit.exitCode).toBe(0);
	}, 180_000);
});
