// Where the lab keeps things. The kit cache (downloads, built kits, keys) is shared by every lab on
// this machine; the state directory (PID, port, written config) belongs to one running lab, so tests
// can point it at a temp dir and still reuse the slow-to-build kit.
import {homedir} from 'node:os';
import {join, resolve} from 'node:path';

export interface LabPaths {
	/** ~/.cache/lvs-tui/lab (XDG_CACHE_HOME honoured; LVS_TUI_LAB_CACHE overrides). */
	cache: string;
	/** Downloaded .deb files, verified against apt's size and SHA256 before use. */
	debs: string;
	/** Host keys and the client key: kept across kit rebuilds so known_hosts stays valid. */
	keys: string;
	/** One running lab: state file, PID file, console log, lvs-tui.yaml, known_hosts. */
	state: string;
}

export function labPaths(env: NodeJS.ProcessEnv = process.env): LabPaths {
	const xdg = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
	const cache = resolve(env.LVS_TUI_LAB_CACHE || join(xdg, 'lvs-tui', 'lab'));
	return {
		cache,
		debs: join(cache, 'debs'),
		keys: join(cache, 'keys'),
		state: resolve(env.LVS_TUI_LAB_STATE_DIR || join(cache, 'run')),
	};
}

/** The built kit for one kernel version: vmlinuz + initramfs, complete only when its marker exists. */
export function kitDir(paths: LabPaths, kernelVersion: string): string {
	return join(paths.cache, `kit-${kernelVersion}`);
}
