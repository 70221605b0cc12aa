// Names one part of the config uses to point at another (a pane's host, a jump host, a service's
// real server). Readers collect them; the cross-checks resolve them once every host is known.

export interface NameRef {
	kind: 'jump' | 'pane-host' | 'service-server';
	name: string;
	/** Who refers: the host name for jumps, the dotted path otherwise. */
	from: string;
	path: string;
	line: number | undefined;
}
