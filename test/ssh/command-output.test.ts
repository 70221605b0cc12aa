// The output pieces the three runners share: the byte cap across stdout and stderr, and taking the
// remote shell's pid line off stdout however the chunks are cut. The line itself comes from a real
// /bin/sh running wrapCommand, not a hand-written string.
import {execFileSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {CappedOutput, PidLineReader, wrapCommand} from '../../source/transports/command-output.js';

const real = () => execFileSync('/bin/sh', ['-c', wrapCommand("printf 'a b\\nc'")]);

describe('PidLineReader', () => {
	it('takes the pid line off, byte by byte as well as whole', () => {
		const whole = new PidLineReader();
		expect(whole.feed(real()).toString()).toBe('a b\nc');
		expect(whole.pid).toBeGreaterThan(1);
		const bytes = new PidLineReader();
		const out: Buffer[] = [];
		for (const b of real()) out.push(bytes.feed(Buffer.from([b])));
		expect(Buffer.concat(out).toString()).toBe('a b\nc');
		expect(bytes.waiting).toBe(false);
		expect(bytes.pid).toBeGreaterThan(1);
	});

	it('output without the line is kept whole, and so is a first line cut short by the end', () => {
		const other = new PidLineReader();
		expect(other.feed(Buffer.from('hello\nworld')).toString()).toBe('hello\nworld');
		expect(other.pid).toBeNull();
		const short = new PidLineReader();
		expect(short.feed(Buffer.from('lvs-tui-p')).length).toBe(0);
		expect(short.waiting).toBe(true);
		expect(short.rest().toString()).toBe('lvs-tui-p');
		expect(short.pid).toBeNull();
	});
});

describe('CappedOutput', () => {
	it('counts both streams against one cap, keeps what fits and says so once', () => {
		let limits = 0;
		const output = new CappedOutput(10, () => limits++);
		output.add('stdout', Buffer.from('123456'));
		output.add('stderr', Buffer.from('abcdef'));
		output.add('stdout', Buffer.from('more'));
		expect(output.text('stdout')).toBe('123456');
		expect(output.text('stderr')).toBe('abcd');
		expect(limits).toBe(1);
	});
});
