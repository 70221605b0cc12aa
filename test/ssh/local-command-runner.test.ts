import {describe, expect, it} from 'vitest';
import {LocalCommandRunner} from '../../source/transports/local-command-runner.js';

const runner = new LocalCommandRunner();

describe('LocalCommandRunner', () => {
	it('returns stdout, stderr and the exit code', async () => {
		const r = await runner.exec(`printf out; printf err >&2; exit 3`);
		expect(r).toEqual({code: 3, stdout: 'out', stderr: 'err'});
	});

	it('feeds stdin and closes it', async () => {
		const r = await runner.exec('tr a-z A-Z', {stdin: 'hello\n'});
		expect(r.stdout).toBe('HELLO\n');
		expect(r.code).toBe(0);
	});

	it('ends a command that never returns at the timeout, children included', async () => {
		const r = await runner.exec('sleep 100 | cat; echo never', {timeoutMs: 300});
		expect(r.interrupted).toBe('timeout');
		expect(r.code).toBeNull();
		expect(r.stdout).not.toContain('never');
	});

	it('cancels through an AbortSignal', async () => {
		const controller = new AbortController();
		const pending = runner.exec('echo started; sleep 100', {signal: controller.signal});
		// Cancel once the command is demonstrably running.
		setTimeout(() => controller.abort(), 100);
		const r = await pending;
		expect(r.interrupted).toBe('cancelled');
		expect(r.code).toBeNull();
	});

	it('an already-aborted signal runs nothing', async () => {
		const controller = new AbortController();
		controller.abort();
		const r = await runner.exec('echo ran', {signal: controller.signal});
		expect(r).toEqual({code: null, stdout: '', stderr: '', interrupted: 'cancelled'});
	});

	it('stops a command that prints without end at the output limit', async () => {
		const r = await runner.exec('yes 0123456789', {maxOutputBytes: 1_000_000});
		expect(r.interrupted).toBe('output-limit');
		expect(r.stdout.length).toBe(1_000_000);
		expect(r.stdout.startsWith('0123456789\n')).toBe(true);
	});

	it('carries megabytes of output intact under the limit', async () => {
		const r = await runner.exec('head -c 5000000 /dev/zero | tr "\\0" x');
		expect(r.code).toBe(0);
		expect(r.stdout.length).toBe(5_000_000);
	});

	it('rejects with a message naming the host when the shell cannot start', async () => {
		const broken = new LocalCommandRunner({shell: '/nonexistent/sh'});
		await expect(broken.exec('true')).rejects.toThrow(/^local: cannot run \/nonexistent\/sh/);
	});
});
