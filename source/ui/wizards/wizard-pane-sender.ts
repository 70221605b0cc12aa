// How a wizard's pane step reaches a host's pane: the first pane showing that host (opened if
// there is none), the command typed as the admin would type it, each line ended with Enter.
import type {PaneHost} from '../../services/pane-host.js';

/** The keystrokes for a (possibly multi-line, here-document) command. */
export function paneKeystrokes(command: string): string {
	return command.replace(/\r?\n/g, '\r') + '\r';
}

export function paneSender(panes: PaneHost): (host: string, command: string) => void {
	return (host, command) => {
		const pane = panes.list().find(p => p.target === host && p.status === 'running') ?? panes.open({host, title: host});
		panes.write(pane.id, paneKeystrokes(command));
	};
}
