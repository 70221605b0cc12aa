// Finding, reading and assembling the startup config: --config FILE, ./lvs-tui.yaml, then
// $XDG_CONFIG_HOME/lvs-tui/lvs-tui.yaml (~/.config/…); --screenrc / --lvs-conf imports laid over
// it; local mode when there is nothing. The caller turns errors into exit code 2.

import {existsSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join, resolve} from 'node:path';
import {isMap, isNode, isScalar, isSeq, LineCounter, visit, type Document} from 'yaml';
import type {ClusterConfig} from '../domain/config/cluster-config.js';
import {parseClusterConfig, parseConfigDocument, validateClusterDocument, type ConfigDocument} from '../domain/config/config-loader.js';
import {localModeConfig} from '../domain/config/defaults.js';
import {detectImportFormat} from '../domain/importers/detect-format.js';
import {parseEtcHosts, type HostsTable} from '../domain/importers/etc-hosts.js';
import {parseEtcServices} from '../domain/importers/etc-services.js';
import type {ImportFormat, ImportResult} from '../domain/importers/imported-config.js';
import {importLvsConf} from '../domain/importers/lvs-conf-importer.js';
import {renderImportYaml} from '../domain/importers/render-import.js';
import {importScreenrc} from '../domain/importers/screenrc-importer.js';
import {appError, fail, ok, type AppError, type Result} from '../domain/result.js';
import {isThemeName} from '../domain/theme/theme-file.js';
import {loadTheme} from './theme-loader.js';

export const CONFIG_FILE_NAME = 'lvs-tui.yaml';

export interface DiscoveryOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
}

/** Where discovery looks, in order (for --help and "no config found" messages). */
export function configSearchPath(options: DiscoveryOptions = {}): string[] {
	const env = options.env ?? process.env;
	const cwd = options.cwd ?? process.cwd();
	return [join(cwd, CONFIG_FILE_NAME), join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'lvs-tui', CONFIG_FILE_NAME)];
}

/** The config file to use: the explicit one (even if missing: reading it reports that), else the first that exists. */
export function findConfigFile(explicit: string | undefined, options: DiscoveryOptions = {}): string | null {
	if (explicit) return resolve(options.cwd ?? process.cwd(), explicit);
	return configSearchPath(options).find(p => existsSync(p)) ?? null;
}

export function readTextFile(path: string, what: string, code: string): Result<string, AppError[]> {
	try {
		return ok(readFileSync(path, 'utf8'));
	} catch (error) {
		const e = error as NodeJS.ErrnoException;
		const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'it is a directory' : e.message;
		return fail([appError(code, `cannot read the ${what}: ${why}`, {where: {file: path}})]);
	}
}

/** Reads and validates one config file. */
export function readConfigFile(path: string): Result<ClusterConfig, AppError[]> {
	const text = readTextFile(path, 'config', 'config.read');
	return text.ok ? parseClusterConfig(text.value, path) : text;
}

export interface ImportOptions {
	/** Format when known (--screenrc / --lvs-conf); detected from the content otherwise. */
	format?: ImportFormat;
	etcHosts?: string;
	etcServices?: string;
	/** Names the config already knows (real server name -> address), tried before /etc/hosts. */
	knownHosts?: HostsTable;
}

/** Reads a .screenrc or lvs_nat.conf and imports it (lvs-conf names resolved via /etc/hosts and /etc/services). */
export function importFile(path: string, options: ImportOptions = {}): Result<ImportResult, AppError[]> {
	const text = readTextFile(path, 'file to import', 'import.read');
	if (!text.ok) return text;
	const format = options.format ?? detectImportFormat(text.value, path);
	if (!format) {
		return fail([appError('import.format', 'not a .screenrc or a configure-lvs lvs_nat.conf (no screen commands, no VIP=/SERVICE= lines)', {where: {file: path}})]);
	}
	if (format === 'screenrc') return ok(importScreenrc(text.value));
	// A missing /etc/hosts or /etc/services only means names stay unresolved (and are reported).
	const hostsText = readTextFile(options.etcHosts ?? '/etc/hosts', 'hosts file', 'import.read');
	const servicesText = readTextFile(options.etcServices ?? '/etc/services', 'services file', 'import.read');
	const hosts = new Map(hostsText.ok ? parseEtcHosts(hostsText.value) : []);
	for (const [name, address] of options.knownHosts ?? []) hosts.set(name, address);
	return ok(importLvsConf(text.value, {hosts, services: servicesText.ok ? parseEtcServices(servicesText.value) : new Map()}));
}

/** Import notes as problems: unresolved names stop startup, the rest are warnings. */
export function importProblems(result: ImportResult, file: string): {errors: AppError[]; warnings: AppError[]} {
	const toError = (n: ImportResult['notes'][number]) => appError(`import.${n.kind}`, n.message, {where: {file, line: n.line}});
	return {
		errors: result.notes.filter(n => n.kind === 'unresolved').map(toError),
		warnings: result.notes.filter(n => n.kind !== 'unresolved').map(toError),
	};
}

export interface StartupOptions {
	configPath?: string;
	screenrc?: string;
	lvsConf?: string;
	readOnly?: boolean;
	theme?: string;
	/** Lines an import could not carry over; startup goes on (the UI may show them). */
	onWarning?: (warning: AppError) => void;
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	etcHosts?: string;
	etcServices?: string;
	/** Theme directories for checking --theme / theme: exists (tests); default: the loader's. */
	themeDirs?: string[];
}

/**
 * The config the UI starts with, or every problem. Imports (--lvs-conf, --screenrc) replace the
 * sections they describe in the config file found, if any; the file keeps the rest (director,
 * how to reach hosts, theme, options). Real servers the file already names keep the file's entry.
 */
export function resolveStartupConfig(options: StartupOptions = {}): Result<ClusterConfig, AppError[]> {
	const configFile = findConfigFile(options.configPath, options);
	let base: ConfigDocument | null = null;
	if (configFile) {
		const text = readTextFile(configFile, 'config', 'config.read');
		if (!text.ok) return text;
		const parsed = parseConfigDocument(text.value, configFile);
		if (!parsed.ok) return parsed;
		base = parsed.value;
	}
	const errors: AppError[] = [];
	let merged = base;
	for (const [path, format] of [[options.lvsConf, 'lvs-conf'], [options.screenrc, 'screenrc']] as const) {
		if (!path) continue;
		const imported = importForStartup(path, format, base, options);
		if (!imported.ok) {
			errors.push(...imported.error);
			continue;
		}
		merged = mergeImport(merged, imported.value);
	}
	if (errors.length) return fail(errors);
	let config: ClusterConfig;
	if (merged) {
		const source = configFile ?? resolve(options.cwd ?? process.cwd(), (options.lvsConf ?? options.screenrc)!);
		const validated = validateClusterDocument(merged.doc, merged.lines, source);
		if (!validated.ok) return validated;
		config = validated.value;
	} else {
		config = localModeConfig();
	}
	if (options.theme !== undefined) {
		if (!isThemeName(options.theme)) return fail([appError('config.theme', `--theme '${options.theme}' is not a theme name`)]);
		config = {...config, theme: options.theme};
	}
	const theme = loadTheme(config.theme, {noColor: false, dirs: options.themeDirs});
	if (!theme.ok) {
		// Point at the config's `theme:` line when the name came from there.
		const node = options.theme === undefined && merged ? merged.doc.get('theme', true) : undefined;
		const start = isNode(node) ? node.range?.[0] : undefined;
		const where = start !== undefined && configFile ? {file: configFile, line: merged!.lines.linePos(start).line} : undefined;
		return fail(theme.error.map(e => (where && e.code === 'theme.unknown' ? {...e, message: `theme: ${e.message}`, where} : e)));
	}
	if (options.readOnly) config = {...config, options: {...config.options, readOnly: true}};
	return ok(config);
}

interface StartupImport {
	/** The imported sections as a parsed document (no line numbers: they are not in the config file). */
	doc: Document;
	format: ImportFormat;
	/** Real server names the config file already defines (their entries win). */
	keepServers: Set<string>;
}

function importForStartup(path: string, format: ImportFormat, base: ConfigDocument | null, options: StartupOptions): Result<StartupImport, AppError[]> {
	const file = resolve(options.cwd ?? process.cwd(), path);
	const known = base ? realServersOf(base.doc) : new Map<string, string>();
	const result = importFile(file, {format, etcHosts: options.etcHosts, etcServices: options.etcServices, knownHosts: known});
	if (!result.ok) return result;
	const {errors, warnings} = importProblems(result.value, file);
	for (const w of warnings) options.onWarning?.(w);
	if (errors.length) return fail(errors);
	// Validate the import on its own first so its problems name the imported file, not the config.
	const yaml = renderImportYaml(result.value, file);
	const alone = parseClusterConfig(yaml, file);
	if (!alone.ok) {
		return fail(alone.error.map(e => appError(e.code, `imported from this file: ${e.message}`, {where: {file}})));
	}
	const parsed = parseConfigDocument(yaml, file);
	if (!parsed.ok) return parsed;
	return ok({doc: parsed.value.doc, format, keepServers: new Set(known.keys())});
}

/** name -> address of the real servers a config document defines (for resolving lvs_nat.conf names). */
function realServersOf(doc: Document): Map<string, string> {
	const out = new Map<string, string>();
	const list = doc.get('realServers', true);
	for (const item of isSeq(list) ? list.items : []) {
		if (!isMap(item)) continue;
		const name = item.get('name');
		const address = item.get('address');
		if (typeof name === 'string' && typeof address === 'string') out.set(name.toLowerCase(), address);
	}
	return out;
}

const LVS_SECTIONS = ['lvsType', 'vips', 'dip', 'directorGateway', 'services'] as const;

function mergeImport(base: ConfigDocument | null, imported: StartupImport): ConfigDocument {
	// Imported nodes carry offsets into the rendered YAML; without them a problem in the merged
	// config cannot point at a wrong line of the config file.
	visit(imported.doc, (_key, node) => {
		if (isNode(node)) node.range = undefined;
	});
	if (!base) return {doc: imported.doc, lines: new LineCounter()};
	const doc = base.doc;
	if (!isMap(doc.contents)) doc.contents = doc.createNode({});
	const from = imported.doc;
	if (imported.format === 'lvs-conf') {
		for (const section of LVS_SECTIONS) {
			if (from.has(section)) doc.set(section, from.get(section, true));
		}
		const servers = from.get('realServers', true);
		if (!doc.has('realServers')) doc.set('realServers', doc.createNode([]));
		if (isSeq(servers) && isSeq(doc.get('realServers', true))) {
			for (const item of servers.items) {
				const name = isMap(item) ? item.get('name') : undefined;
				if (typeof name === 'string' && imported.keepServers.has(name.toLowerCase())) continue;
				doc.addIn(['realServers'], item);
			}
		}
	} else {
		if (from.has('panes')) doc.set('panes', from.get('panes', true));
		const prefix = from.getIn(['keys', 'prefix'], true);
		if (prefix !== undefined) doc.setIn(['keys', 'prefix'], prefix);
		const bindings = from.getIn(['keys', 'bindings'], true);
		if (isMap(bindings)) {
			for (const pair of bindings.items) {
				if (isScalar(pair.key)) doc.setIn(['keys', 'bindings', pair.key.value], pair.value);
			}
		}
		for (const option of ['scrollback', 'initialPane']) {
			const value = from.getIn(['options', option], true);
			if (value !== undefined) doc.setIn(['options', option], value);
		}
	}
	return base;
}
