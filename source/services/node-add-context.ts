// What every add-node step gets: the request, the config, the director's access, the audit log,
// dry-run, cancellation and the progress callback. Shared by node-add-steps and node-add-runner.
import type {ClusterConfig, RealServerConfig} from '../domain/config/cluster-config.js';
import type {NodeAddRequest, NodeAddStepId, StepRecord} from '../domain/node/node-add-state.js';
import type {Membership} from '../domain/node/node-plan.js';
import type {AppError} from '../domain/result.js';
import type {KickstartProfileId} from '../domain/wizards/kickstart-profiles.js';
import type {AuditLog} from './audit-log.js';
import type {NodeSession} from './node-session.js';

export type NodeProgress =
	| {kind: 'step'; id: NodeAddStepId; title: string; record: StepRecord}
	/** Dry-run: the commands and file changes a step would make. */
	| {kind: 'plan'; id: NodeAddStepId; lines: string[]}
	| {kind: 'wait'; elapsedMs: number; attempt: number; lastError: string}
	| {kind: 'ramp'; service: string; weight: number; target: number; activeConns: number; inactiveConns: number}
	| {kind: 'drain'; service: string; elapsedMs: number; activeConns: number; inactiveConns: number}
	| {kind: 'note'; text: string};

export interface KickstartChoices {
	/** Skip step 3 (the node is installed some other way). */
	skip?: boolean;
	/** Asked only when the file must be written: the root password's crypt hash, or null to stop. */
	rootPasswordHash?(profile: KickstartProfileId): Promise<string | null>;
	sshPublicKey?: string;
	installSource?: string;
	/**
	 * When the node refuses the admin's key: the password of its login user, to push the key once
	 * (asked without echo, never stored); null or absent: stop and say what to do.
	 */
	nodePassword?(node: string, user: string): Promise<string | null>;
}

export interface NodeTimings {
	/** Wait for SSH: give up after (default 30 min) and pause between attempts (default 5 s). */
	waitTimeoutMs: number;
	waitIntervalMs: number;
	/** Ramp: percentages of the target weight and the pause between them (default 10/50/100 % over a minute). */
	rampPercents: number[];
	rampIntervalMs: number;
	/** Per-port connect timeout of the health check, seconds. */
	healthTimeoutSeconds: number;
	/** node remove: wait at most this long for active connections to end (default 60 s). */
	drainTimeoutMs?: number;
}

export const DEFAULT_TIMINGS: NodeTimings = {
	waitTimeoutMs: 30 * 60_000,
	waitIntervalMs: 5_000,
	rampPercents: [10, 50, 100],
	rampIntervalMs: 30_000,
	healthTimeoutSeconds: 5,
};

export interface StepContext {
	config: ClusterConfig;
	request: NodeAddRequest;
	node: RealServerConfig;
	memberships: Membership[];
	session: NodeSession;
	audit: AuditLog;
	kickstart: KickstartChoices;
	timings: NodeTimings;
	dryRun: boolean;
	signal?: AbortSignal;
	progress(event: NodeProgress): void;
	now(): Date;
	/** "run `lvs-tui node add --name rs3` again to resume" */
	resumeHint: string;
}

export type StepResult = {ok: true; status: 'done' | 'skipped'; detail: string} | {ok: false; error: AppError};

export const AUDIT_SOURCE = 'node.add';
