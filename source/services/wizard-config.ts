// The cluster config for the wizard commands: --config FILE, then ./lvs-tui.yaml, then
// $XDG_CONFIG_HOME/lvs-tui/lvs-tui.yaml (~/.config/…), else local mode. Mirrors the config
// engineer's discovery; switch to services/config-file.ts resolveStartupConfig when it lands.
import {existsSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join, resolve} from 'node:path';
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import {parseClusterConfig} from '../domain/config/config-loader.js';
import {localModeConfig} from '../domain/config/defaults.js';
import {appError, fail, ok, type AppError, type Result} from '../domain/result.js';

export function findConfigFile(explicit?: string): string | null {
	if (explicit) return resolve(explicit);
	const candidates = [resolve('lvs-tui.yaml'), join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'lvs-tui', 'lvs-tui.yaml')];
	return candidates.find(p => existsSync(p)) ?? null;
}

export function loadWizardConfig(explicit?: string, readOnly = false): Result<ClusterConfig, AppError[]> {
	const file = findConfigFile(explicit);
	let config: ClusterConfig;
	if (!file) {
		config = localModeConfig();
	} else {
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch (cause) {
			return fail([appError('config.read', `cannot read the config: ${cause instanceof Error ? cause.message : String(cause)}`, {where: {file}})]);
		}
		const parsed = parseClusterConfig(text, file);
		if (!parsed.ok) return parsed;
		config = parsed.value;
	}
	if (readOnly) config = {...config, options: {...config.options, readOnly: true}};
	return ok(config);
}
