// What an importer produces: the lvs-tui.yaml sections it could fill (keys spelled as in the
// YAML), and a note for every line it could not carry over or name it could not resolve.

import type {LvsType, ServiceProtocol} from '../config/cluster-config.js';

export interface ImportedConfig {
	lvsType?: LvsType;
	realServers?: Array<{name: string; address: string}>;
	vips?: Array<{address: string; device: string; label?: string; prefix?: number}>;
	dip?: {address: string; device: string; label?: string; network?: string};
	directorGateway?: string;
	services?: Array<{
		protocol: ServiceProtocol;
		vip?: string;
		/** A name only when /etc/services did not know it (then noted as unresolved). */
		port: number | string;
		scheduler: string;
		realServers: Array<{server: string; port?: number | string; weight?: number}>;
	}>;
	panes?: Array<{number: number; title: string; command?: string}>;
	keys?: {prefix?: string; bindings?: Record<string, string | null>};
	options?: {scrollback?: number; initialPane?: number};
}

export type ImportNoteKind =
	/** A name that should be an address or port and could not be looked up: the result will not load until fixed. */
	| 'unresolved'
	/** A line lvs-tui has no equivalent for. */
	| 'unsupported'
	/** A line that needs no equivalent (e.g. startup_message off), said so rather than silently dropped. */
	| 'ignored'
	/** Imported, but not verbatim (e.g. a DIP network aligned to its netmask): worth a look. */
	| 'changed';

/** How each kind is labelled on stderr and in startup warnings. */
export const NOTE_LABELS: Record<ImportNoteKind, string> = {
	unresolved: 'unresolved',
	unsupported: 'not imported',
	ignored: 'not needed',
	changed: 'changed',
};

export interface ImportNote {
	line: number;
	kind: ImportNoteKind;
	message: string;
	/** Where in ImportedConfig the note belongs, so the YAML can carry it as a comment there. */
	path?: Array<string | number>;
}

export type ImportFormat = 'screenrc' | 'lvs-conf';

export interface ImportResult {
	format: ImportFormat;
	config: ImportedConfig;
	notes: ImportNote[];
}

export const FORMAT_NAMES: Record<ImportFormat, string> = {
	screenrc: 'GNU screen .screenrc',
	'lvs-conf': 'configure-lvs lvs_nat.conf',
};
