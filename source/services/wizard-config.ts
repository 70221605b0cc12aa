// The cluster config for the wizard and node commands: the config engineer's discovery
// (--config FILE, ./lvs-tui.yaml, ~/.config/lvs-tui/lvs-tui.yaml, else local mode).
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import type {AppError, Result} from '../domain/result.js';
import {resolveStartupConfig} from './config-file.js';

export function loadWizardConfig(explicit?: string, readOnly = false): Result<ClusterConfig, AppError[]> {
	return resolveStartupConfig({configPath: explicit, readOnly});
}
