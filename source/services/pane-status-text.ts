// The words a pane and its tab show when its program stopped.
import type {PaneProcessExit} from '../transports/pane-process.js';

export function exitStatusText(exit: PaneProcessExit): string {
	if (exit.message) {
		const code = exit.code !== null && exit.code !== undefined ? ` (exit ${exit.code})` : '';
		return exit.message + code;
	}
	if (exit.disconnected) return 'disconnected';
	if (exit.signal) return `killed by ${exit.signal}`;
	return `exited with code ${exit.code}`;
}

/** A line written into the pane's own screen, in inverse so it stands out from program output. */
export function paneNotice(text: string): string {
	return `\x1b[0;7m[${text.replace(/[\x00-\x1f\x7f]/g, ' ')}]\x1b[0m`;
}
