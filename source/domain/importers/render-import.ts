// ImportResult -> lvs-tui.yaml text: a header saying where it came from and what was left out,
// and an inline comment on every value that still needs the admin's attention.

import {Document, isNode} from 'yaml';
import {FORMAT_NAMES, type ImportedConfig, type ImportResult} from './imported-config.js';

/** Section order in the output: how an admin reads a cluster, top-down. */
const SECTION_ORDER: Array<keyof ImportedConfig> = ['lvsType', 'realServers', 'vips', 'dip', 'directorGateway', 'services', 'panes', 'keys', 'options'];

export function renderImportYaml(result: ImportResult, sourceName: string): string {
	const ordered: Record<string, unknown> = {};
	for (const key of SECTION_ORDER) if (result.config[key] !== undefined) ordered[key] = result.config[key];
	const doc = new Document(ordered);
	for (const note of result.notes) {
		if (!note.path) continue;
		const node = doc.getIn(note.path, true);
		if (!isNode(node)) continue;
		const text = `${note.kind === 'unresolved' ? 'UNRESOLVED' : 'note'} (line ${note.line}): ${note.message}`;
		node.comment = node.comment ? `${node.comment}; ${text}` : ` ${text}`;
	}
	const header = [`lvs-tui config imported from ${sourceName} (${FORMAT_NAMES[result.format]}) by 'lvs-tui import'.`, 'Review it, then save it as ./lvs-tui.yaml or ~/.config/lvs-tui/lvs-tui.yaml.'];
	const unresolved = result.notes.filter(n => n.kind === 'unresolved');
	const changed = result.notes.filter(n => n.kind === 'changed');
	const left = result.notes.filter(n => n.kind === 'unsupported' || n.kind === 'ignored');
	if (unresolved.length) {
		header.push('', `${unresolved.length} name${unresolved.length === 1 ? '' : 's'} could not be resolved; this config will not load until each UNRESOLVED value is replaced:`);
		for (const n of unresolved) header.push(`  line ${n.line}: ${n.message}`);
	}
	if (changed.length) {
		header.push('', 'Changed on the way in (check these):');
		for (const n of changed) header.push(`  line ${n.line}: ${n.message}`);
	}
	if (left.length) {
		header.push('', 'Not carried over:');
		for (const n of left) header.push(`  line ${n.line}: ${n.message}`);
	}
	const body = Object.keys(ordered).length ? doc.toString({lineWidth: 0}) : '{}\n';
	return header.map(l => (l ? `# ${l}` : '#')).join('\n') + '\n' + body;
}
