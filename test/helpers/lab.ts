// The lab for tests: one director VM (real IPVS, rs1/rs2 as namespaces, a client namespace) booted
// by test/helpers/lab-global-setup.ts for the whole run. Use:
//
//   describe.skipIf(missing(labAvailable))('…', () => { const lab = labInfo(); … })
//
// labExec() runs a command on the director with the system OpenSSH client: for ASSERTIONS (checking
// state independently of the product's own ssh2 code), not for the code under test. Test files run
// in parallel against one lab: restore what you change (or call labReset()), use host names of your
// own, and where another suite may toggle the VIP or reweight port 80, put your service on an
// address of your own (see testVips).
import {inject} from 'vitest';
import {shellJoin} from '../../source/domain/shell-quote.js';
import {sshArgs} from '../../source/lab/lab-ssh.js';
import {runProgram} from '../../source/lab/run-program.js';
import type {Requirement} from './requirements.js';

/**
 * Addresses nothing in the lab uses, reachable from the client namespace through the director: a
 * test may add one to the director's lo (`ip addr add A/32 dev lo`, where no interface test looks)
 * for an IPVS service of its own and delete it afterwards. One per test file; lab tests use .51 to .53.
 */
export const testVips = ['10.0.2.51', '10.0.2.52', '10.0.2.53', '10.0.2.54', '10.0.2.55', '10.0.2.56', '10.0.2.57', '10.0.2.58', '10.0.2.59'] as const;

export interface LabInfo {
	/** Director SSH, forwarded from the VM's port 22. */
	host: '127.0.0.1';
	sshPort: number;
	user: 'root';
	identityFile: string;
	/** known_hosts with [127.0.0.1]:PORT and every real server's private address. */
	knownHostsFile: string;
	/** The lvs-tui.yaml `lab up` wrote for this lab (parseClusterConfig accepts it). */
	configPath: string;
	/** The lab's state dir (give it to source/lab/lab-control functions as paths.state). */
	stateDir: string;
	pid: number;
	vip: string;
	vipDevice: string;
	vipLabel: string;
	vipPort: number;
	dip: string;
	dipDevice: string;
	privateNetwork: string;
	realServers: Array<{name: string; address: string; weight: number}>;
	/** Network namespace on the public side that reaches the VIP through the director. */
	clientNs: string;
	clientAddress: string;
	kernelVersion: string;
}

export type LabProvided = {available: true; info: LabInfo} | {available: false; reason: string};

declare module 'vitest' {
	export interface ProvidedContext {
		lvsTuiLab: LabProvided;
	}
}

function provided(): LabProvided {
	try {
		return inject('lvsTuiLab') ?? {available: false, reason: 'the lab global setup did not run'};
	} catch {
		return {available: false, reason: 'the lab global setup did not run'};
	}
}

/** For `missing(labAvailable)`: null when the lab is up, else why not. */
export const labAvailable: Requirement = () => {
	const p = provided();
	return p.available ? null : `needs the lab VM (${p.reason})`;
};

export function labInfo(): LabInfo {
	const p = provided();
	if (!p.available) throw new Error(`the lab is not available: ${p.reason}`);
	return p.info;
}

/** `ssh` argv (without the command) reaching root on the director. */
export function labSshArgs(): string[] {
	const lab = labInfo();
	return sshArgs({port: lab.sshPort, identityFile: lab.identityFile, knownHostsFile: lab.knownHostsFile});
}

export interface LabExecResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Run one shell command line on the director (OpenSSH, not the product's transport). */
export async function labExec(command: string, options: {input?: string; timeoutMs?: number} = {}): Promise<LabExecResult> {
	const r = await runProgram('ssh', [...labSshArgs(), command], {input: options.input, timeoutMs: options.timeoutMs ?? 60_000});
	if (r.failure) throw new Error(`labExec(${JSON.stringify(command)}): ${r.failure}`);
	return {code: r.code, stdout: r.stdout, stderr: r.stderr};
}

/** Run a command inside one of the lab's namespaces (rs1, rs2, client, a spare host). */
export function labExecIn(namespace: string, command: string, options: {input?: string; timeoutMs?: number} = {}): Promise<LabExecResult> {
	return labExec(shellJoin(['ip', 'netns', 'exec', namespace, 'bash', '-c', command]), options);
}

/**
 * The lab's own service back as booted (VIP:80 wlc, rs1 w3 / rs2 w1) and the VIP on eth0:50.
 * Other services and spare hosts are left alone (parallel test files may be using them).
 */
export async function labReset(): Promise<void> {
	const r = await labExec('lab-reset');
	if (r.code !== 0) throw new Error(`lab-reset failed: ${r.stderr}`);
}
