// vitest globalSetup: boots ONE lab VM for the whole run and tears it down afterwards, also when
// tests fail or the run is interrupted (teardown, exit/signal handlers, and a watchdog process
// that kills the VM if this process dies without running any of them). The lab's state lives in a
// temp dir; the kit cache (~/.cache/lvs-tui/lab) is reused, so only the first run builds.
//
// Only runs whose test files import test/helpers/lab.js boot it. LVS_TUI_LAB=off skips booting (lab
// tests skip, or fail under LVS_TUI_LAB_REQUIRE=1 / CI);
// LVS_TUI_LAB=reuse uses the lab `lvs-tui lab up` started (default state dir) and leaves it running.
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {TestProject} from 'vitest/node';
import {formatError} from '../../source/domain/result.js';
import {labDown, labUp, runningLab} from '../../source/lab/lab-control.js';
import {labPaths} from '../../source/lab/lab-paths.js';
import type {LabState} from '../../source/lab/lab-state.js';
import {labTopology as t} from '../../source/lab/lab-topology.js';
import type {LabInfo, LabProvided} from './lab.js';

const requireAll = process.env.LVS_TUI_LAB_REQUIRE === '1' || process.env.LVS_TUI_REQUIRE_ALL === '1';

function infoOf(state: LabState): LabInfo {
	return {
		host: '127.0.0.1',
		sshPort: state.port,
		user: 'root',
		identityFile: state.identityFile,
		knownHostsFile: state.knownHostsFile,
		configPath: state.configPath,
		stateDir: state.stateDir,
		pid: state.pid,
		vip: t.vip,
		vipDevice: t.publicDevice,
		vipLabel: t.vipLabel,
		vipPort: t.vipPort,
		dip: t.dip,
		dipDevice: t.privateDevice,
		privateNetwork: t.privateNetwork,
		realServers: t.realServers.map(r => ({name: r.name, address: r.address, weight: r.weight})),
		clientNs: t.client.name,
		clientAddress: t.client.address,
		kernelVersion: state.kernelVersion,
	};
}

function unavailable(project: TestProject, reason: string): void {
	if (requireAll) throw new Error(`the lab VM is required in CI but could not start: ${reason}`);
	console.warn(`lab: not available (${reason}); tests that need it will skip`);
	project.provide('lvsTuiLab', {available: false, reason} satisfies LabProvided);
}

/**
 * Does any test file of this run use the lab? A run of unit tests only (`vitest run test/config`)
 * then pays nothing. Reads vitest's file filters; if that API moves, boot anyway.
 */
async function runUsesLab(project: TestProject): Promise<boolean> {
	try {
		const filters = (project.vitest as unknown as {filenamePattern?: string[]}).filenamePattern ?? [];
		const {testFiles} = await project.globTestFiles(filters);
		return testFiles.some(file => /helpers\/lab\.js['"]/.test(readFileSync(file, 'utf8')));
	} catch {
		return true;
	}
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
	const mode = process.env.LVS_TUI_LAB ?? 'on';
	if (mode === 'off') return unavailable(project, 'LVS_TUI_LAB=off');
	if (!(await runUsesLab(project))) {
		project.provide('lvsTuiLab', {available: false, reason: 'no test file in this run imports test/helpers/lab.js'} satisfies LabProvided);
		return;
	}
	if (mode === 'reuse') {
		const state = runningLab(labPaths().state);
		if (!state) return unavailable(project, 'LVS_TUI_LAB=reuse but no lab is running (start one with `lvs-tui lab up`)');
		project.provide('lvsTuiLab', {available: true, info: infoOf(state)} satisfies LabProvided);
		return;
	}

	const stateDir = mkdtempSync(join(tmpdir(), 'lvs-tui-lab-test-'));
	const paths = {...labPaths(), state: stateDir};
	let qemuPid: number | undefined;
	let cleaned = false;
	// Last resort on exit/signals: synchronous, so it runs even when the event loop will not.
	const emergency = () => {
		if (cleaned) return;
		cleaned = true;
		if (qemuPid) {
			try {
				process.kill(qemuPid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
		rmSync(stateDir, {recursive: true, force: true});
	};
	const onSignal = (signal: NodeJS.Signals) => {
		emergency();
		process.kill(process.pid, signal);
	};
	process.once('exit', emergency);
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	process.once('SIGHUP', onSignal);
	const teardown = async () => {
		process.off('exit', emergency);
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
		if (cleaned) return;
		cleaned = true;
		await labDown(paths);
		rmSync(stateDir, {recursive: true, force: true});
	};

	const started = Date.now();
	const result = await labUp({
		paths,
		ownerPid: process.pid,
		bootTimeoutMs: Number(process.env.LVS_TUI_LAB_BOOT_TIMEOUT ?? 180) * 1000,
		log: line => console.log(`lab: ${line}`),
		onStarted: pid => {
			qemuPid = pid;
		},
	});
	if (!result.ok) {
		await teardown();
		return unavailable(project, formatError(result.error));
	}
	console.log(`lab: up in ${((Date.now() - started) / 1000).toFixed(1)} s (ssh 127.0.0.1:${result.value.state.port}, state ${stateDir})`);
	project.provide('lvsTuiLab', {available: true, info: infoOf(result.value.state)} satisfies LabProvided);
	return teardown;
}
