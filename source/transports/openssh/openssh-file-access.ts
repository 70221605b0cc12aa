// FileAccess through the system `ssh` (transport: openssh): POSIX tools on the host, with the same
// atomic contract as SFTP: mktemp beside the target, chmod, then mv over it; the temp file is removed
// if anything fails, so the original is intact.
import {shellQuote} from '../../domain/shell-quote.js';
import type {CommandRunner, FileAccess} from '../command-runner.js';

export class OpenSshFileAccess implements FileAccess {
	constructor(
		readonly host: string,
		private readonly runner: CommandRunner,
	) {}

	async readFile(path: string): Promise<Uint8Array> {
		// base64 keeps binary files intact through a text channel.
		const r = await this.runner.exec(`base64 < ${shellQuote(path)}`, {maxOutputBytes: 256 * 1024 * 1024});
		if (r.code !== 0) throw new Error(`${this.host}: cannot read ${path}: ${r.stderr.trim() || `exit ${r.code}`}`);
		return new Uint8Array(Buffer.from(r.stdout.replace(/\s+/g, ''), 'base64'));
	}

	async stat(path: string): Promise<{mode: number; size: number; isDirectory: boolean} | null> {
		const r = await this.runner.exec(`if [ -e ${shellQuote(path)} ]; then stat -c '%f %s' ${shellQuote(path)}; else echo missing; fi`);
		if (r.code !== 0) throw new Error(`${this.host}: cannot stat ${path}: ${r.stderr.trim() || `exit ${r.code}`}`);
		const out = r.stdout.trim();
		if (out === 'missing') return null;
		const [rawMode, size] = out.split(' ');
		const mode = parseInt(rawMode, 16);
		return {mode: mode & 0o7777, size: Number(size), isDirectory: (mode & 0o170000) === 0o040000};
	}

	async writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
		const p = shellQuote(path);
		const slash = path.lastIndexOf('/');
		const dir = slash > 0 ? path.slice(0, slash) : slash === 0 ? '/' : '.';
		const name = path.slice(slash + 1);
		const modeExpr = mode === undefined ? `$(stat -c %a ${p} 2>/dev/null || echo 644)` : mode.toString(8);
		const script = [
			'set -e',
			`t=$(mktemp ${shellQuote(`${dir}/.${name}.lvs-tui-XXXXXX`)})`,
			`trap 'rm -f "$t"' EXIT`,
			'cat > "$t"',
			`chmod ${modeExpr} "$t"`,
			`[ -e ${p} ] && chown --reference=${p} "$t" 2>/dev/null || true`,
			`mv -f "$t" ${p}`,
			'trap - EXIT',
		].join('\n');
		const r = await this.runner.exec(script, {stdin: data});
		if (r.code !== 0 || r.interrupted) throw new Error(`${this.host}: cannot write ${path}: ${r.stderr.trim() || r.interrupted || `exit ${r.code}`}`);
	}
}
