// The add-node run's state on disk: $XDG_STATE_HOME/lvs-tui/nodes/NAME.json (~/.local/state/…),
// written atomically (temp file, then rename) after every step, owner-only, so an interrupted run
// (Ctrl-C, a lost connection, a reboot) starts again where it stopped.
import {mkdirSync, readFileSync, rmSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {writeFileAtomicSync} from '../transports/local-file-access.js';
import {NODE_ADD_STEPS, type NodeAddState} from '../domain/node/node-add-state.js';
import {appError, fail, ok, type Result} from '../domain/result.js';

export function defaultNodeStateDir(): string {
	const state = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
	return join(state, 'lvs-tui', 'nodes');
}

export class NodeStateStore {
	constructor(readonly dir: string = defaultNodeStateDir()) {}

	path(name: string): string {
		return join(this.dir, `${name}.json`);
	}

	/** The saved run for `name`, null when there is none; an unreadable file is an error naming it. */
	load(name: string): Result<NodeAddState | null> {
		const path = this.path(name);
		let text: string;
		try {
			text = readFileSync(path, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(null);
			return fail(appError('node.state', `cannot read the saved run ${path}: ${(error as Error).message}`, {where: {file: path}}));
		}
		try {
			const state = JSON.parse(text) as NodeAddState;
			const valid = state?.version === 1 && state.request?.name === name && NODE_ADD_STEPS.every(s => typeof state.steps?.[s.id]?.status === 'string');
			if (!valid) throw new Error('not an add-node state file');
			return ok(state);
		} catch (error) {
			return fail(appError('node.state', `the saved run ${path} is damaged (${(error as Error).message}); delete it to start over`, {where: {file: path}}));
		}
	}

	save(state: NodeAddState): void {
		mkdirSync(this.dir, {recursive: true, mode: 0o700});
		const path = this.path(state.request.name);
		writeFileAtomicSync(path, JSON.stringify(state, null, '\t') + '\n', 0o600);
	}

	remove(name: string): void {
		rmSync(this.path(name), {force: true});
	}
}
