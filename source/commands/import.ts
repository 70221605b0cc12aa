// `lvs-tui import FILE > lvs-tui.yaml`: a .screenrc or configure-lvs lvs_nat.conf as lvs-tui.yaml
// on stdout, what could not be carried over on stderr. Exit 0 when the YAML loads as printed,
// 2 when it needs editing first (unresolved names) or the file cannot be imported.

import {resolve} from 'node:path';
import {parseClusterConfig} from '../domain/config/config-loader.js';
import {NOTE_LABELS, type ImportFormat} from '../domain/importers/imported-config.js';
import {renderImportYaml} from '../domain/importers/render-import.js';
import {formatError} from '../domain/result.js';
import {importFile, importProblems} from '../services/config-file.js';
import {badUsage, parseCommandLine} from './command-line.js';

const USAGE = `usage: lvs-tui import FILE [--format screenrc|lvs-conf] [--hosts FILE] [--services FILE]

Prints an lvs-tui.yaml made from a GNU screen .screenrc or a configure-lvs lvs_nat.conf:
  lvs-tui import ~/.screenrc > lvs-tui.yaml
  lvs-tui import lvs_nat.conf > lvs-tui.yaml

Names in lvs_nat.conf (rs1, lvs, http) are resolved through /etc/hosts and /etc/services
(--hosts / --services to read other copies, e.g. the director's). Lines with no lvs-tui
equivalent and names that could not be resolved are listed on stderr and as comments in the
YAML. Exit status: 0 when the printed config loads as is, 2 when it must be edited first or
the file could not be imported.
`;

export async function run(argv: string[]): Promise<number> {
	const args = parseCommandLine('lvs-tui import', USAGE, {
		args: argv,
		allowPositionals: true,
		options: {
			format: {type: 'string'},
			hosts: {type: 'string'},
			services: {type: 'string'},
			help: {type: 'boolean', short: 'h'},
		},
	});
	if (typeof args === 'number') return args;
	if (args.positionals.length !== 1) return badUsage('lvs-tui import', 'give exactly one file to import', USAGE);
	const format = args.values.format;
	if (format !== undefined && format !== 'screenrc' && format !== 'lvs-conf') return badUsage('lvs-tui import', `--format must be screenrc or lvs-conf, not '${format}'`);
	const file = resolve(args.positionals[0]);
	const imported = importFile(file, {format: format as ImportFormat | undefined, etcHosts: args.values.hosts, etcServices: args.values.services});
	if (!imported.ok) {
		for (const e of imported.error) process.stderr.write(`lvs-tui import: ${formatError(e)}\n`);
		return 2;
	}
	const yaml = renderImportYaml(imported.value, file);
	process.stdout.write(yaml);
	for (const note of imported.value.notes) process.stderr.write(`${file}:${note.line}: ${NOTE_LABELS[note.kind]}: ${note.message}\n`);
	const {errors} = importProblems(imported.value, file);
	if (errors.length) {
		process.stderr.write(`lvs-tui import: ${errors.length} unresolved name${errors.length === 1 ? '' : 's'}; replace the UNRESOLVED values in the YAML before using it\n`);
		return 2;
	}
	// The promise of this command: what it prints loads. Check it rather than assume it.
	const check = parseClusterConfig(yaml, '<imported config>');
	if (!check.ok) {
		for (const e of check.error) process.stderr.write(`lvs-tui import: the printed config does not load: ${formatError(e)}\n`);
		return 2;
	}
	return 0;
}
