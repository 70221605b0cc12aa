// doctor's report as a plain table (and the words for each status), for the CLI and the UI.
import type {CheckStatus, DoctorCheck} from './doctor-checks.js';

export const STATUS_WORD: Record<CheckStatus, string> = {ok: 'ok', fail: 'FAIL', warn: 'warn', info: 'info', unknown: '?'};

export function formatDoctorTable(checks: DoctorCheck[], width = 100): string {
	const hostW = Math.max(4, ...checks.map(c => c.host.length));
	const titleW = Math.max(5, ...checks.map(c => c.title.length));
	const head = `${'HOST'.padEnd(hostW)}  ${'CHECK'.padEnd(titleW)}  STATUS  DETAIL`;
	const detailW = Math.max(20, width - head.length + 'DETAIL'.length);
	const lines = [head];
	for (const c of checks) {
		const prefix = `${c.host.padEnd(hostW)}  ${c.title.padEnd(titleW)}  ${STATUS_WORD[c.status].padEnd(6)}  `;
		const words = c.detail.split(' ');
		let line = '';
		const out: string[] = [];
		for (const word of words) {
			if (line && line.length + 1 + word.length > detailW) {
				out.push(line);
				line = word;
			} else line = line ? `${line} ${word}` : word;
		}
		out.push(line);
		lines.push(prefix + out[0], ...out.slice(1).map(l => ' '.repeat(prefix.length) + l));
		if (c.fix) lines.push(`${' '.repeat(prefix.length)}fix: ${c.fix.title} (${c.fix.steps.length} step${c.fix.steps.length === 1 ? '' : 's'})`);
	}
	return lines.join('\n') + '\n';
}
