// Tests that need root, the lab VM or a system tool skip on a developer machine that lacks them,
// saying why. In CI (.ci/run sets LVS_TUI_REQUIRE_ALL=1) "cannot run" is a failure instead.
import {execFileSync} from 'node:child_process';

export const requireAll = process.env.LVS_TUI_REQUIRE_ALL === '1';

/** Returns a reason string when the requirement is missing, or null when it is met. */
export type Requirement = () => string | null;

export const isRoot: Requirement = () =>
	process.getuid?.() === 0 ? null : 'needs root (network namespaces and sshd)';

export function hasCommand(name: string): Requirement {
	return () => {
		try {
			execFileSync('sh', ['-c', `command -v ${name}`], {stdio: 'ignore'});
			return null;
		} catch {
			return `needs ${name} on PATH`;
		}
	};
}

/**
 * Decide whether a suite can run. Use as `describe.skipIf(missing(...))` — in CI a missing
 * requirement throws so the run fails instead of silently skipping.
 */
export function missing(...requirements: Requirement[]): string | false {
	for (const r of requirements) {
		const reason = r();
		if (reason) {
			if (requireAll) throw new Error(`required in CI but cannot run: ${reason}`);
			console.warn(`skipping: ${reason}`);
			return reason;
		}
	}
	return false;
}
