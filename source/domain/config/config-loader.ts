// lvs-tui.yaml text -> ClusterConfig, or every problem found with file:line. Pure: the caller
// reads the file (services/config-file.ts) and passes the text in.

import {LineCounter, parseDocument, type Document} from 'yaml';
import {appError, fail, ok, type AppError, type Result} from '../result.js';
import type {ClusterConfig, LvsType} from './cluster-config.js';
import type {NameRef} from './config-refs.js';
import {checkHostNames, checkJumpLoops, checkRefs} from './config-cross-checks.js';
import {readDirector, readRealServers} from './config-hosts.js';
import {readKeys} from './config-keys.js';
import {readAddress, readDip, readVips} from './config-network.js';
import {checkInitialPane, readOptions} from './config-options.js';
import {defaultPanes, readPanes} from './config-panes.js';
import {readServices} from './config-services.js';
import {DEFAULT_THEME} from './defaults.js';
import {isNull, readChoice, readMap, readString, report, sortByLine, type Field, type ReadContext} from './yaml-reader.js';

export const TOP_LEVEL_KEYS = ['director', 'lvsType', 'realServers', 'vips', 'dip', 'directorGateway', 'services', 'panes', 'keys', 'theme', 'options'] as const;

/**
 * Parses and validates a config. `file` is used in messages and as ClusterConfig.source.
 * Every problem is returned, sorted by line, never just the first.
 */
export function parseClusterConfig(text: string, file: string): Result<ClusterConfig, AppError[]> {
	const parsed = parseConfigDocument(text, file);
	if (!parsed.ok) return parsed;
	return validateClusterDocument(parsed.value.doc, parsed.value.lines, file);
}

export interface ConfigDocument {
	doc: Document;
	lines: LineCounter;
}

/** YAML syntax only; the document can then be merged with imported sections before validating. */
export function parseConfigDocument(text: string, file: string): Result<ConfigDocument, AppError[]> {
	const lines = new LineCounter();
	const doc = parseDocument(text, {lineCounter: lines, prettyErrors: false, uniqueKeys: true});
	const problems = doc.errors.map(error =>
		appError('config.syntax', `YAML syntax: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, {where: {file, line: lines.linePos(error.pos[0]).line}}),
	);
	return problems.length ? fail(problems) : ok({doc, lines});
}

/** Values added to the document after parsing have no position: their problems carry the file only. */
export function validateClusterDocument(doc: Document, lines: LineCounter, file: string): Result<ClusterConfig, AppError[]> {
	const ctx: ReadContext = {file, lines, problems: []};
	const root: Field = {node: doc.contents, line: 1, path: ''};
	if (isNull(root)) {
		return fail([appError('config.empty', 'the config is empty; describe at least the director (see the README), or remove the file to start in local mode', {where: {file, line: 1}})]);
	}
	const top = readMap(ctx, root, TOP_LEVEL_KEYS);
	if (!top) return fail(ctx.problems);

	const lvsTypeField = top.get('lvsType');
	const lvsType: LvsType = (lvsTypeField && readChoice(ctx, lvsTypeField, ['nat', 'dr', 'tun'] as const)) || 'nat';
	const refs: NameRef[] = [];
	const director = readDirector(ctx, top.get('director'), refs);
	const realServers = readRealServers(ctx, top.get('realServers'), lvsType, director, refs);
	const hosts = [director, ...realServers];
	const panesField = top.get('panes');
	const config: ClusterConfig = {
		source: file,
		director,
		lvsType,
		realServers,
		vips: readVips(ctx, top.get('vips')),
		services: readServices(ctx, top.get('services'), lvsType, refs),
		panes: panesField && !isNull(panesField) ? readPanes(ctx, panesField, refs) : defaultPanes(hosts),
		keys: readKeys(ctx, top.get('keys')),
		theme: DEFAULT_THEME,
		options: readOptions(ctx, top.get('options')),
	};
	const dip = readDip(ctx, top.get('dip'));
	if (dip) config.dip = dip;
	const gateway = top.get('directorGateway');
	if (gateway) config.directorGateway = readAddress(ctx, gateway);
	if (config.directorGateway === undefined) delete config.directorGateway;
	const theme = top.get('theme');
	if (theme) {
		const name = readString(ctx, theme);
		if (name !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
			report(ctx, 'config.value', theme.line, `theme: '${name}' is not a theme name (a file name in themes/ without .json, e.g. default, light)`);
		} else if (name !== undefined) config.theme = name;
	}
	checkInitialPane(ctx, config.options, config.panes, top.get('options'));
	checkHostNames(ctx, hosts);
	checkRefs(ctx, hosts, refs);
	checkJumpLoops(ctx, hosts, refs);
	if (ctx.problems.length) return fail(sortByLine(ctx.problems));
	return ok(config);
}
