import {describe, expect, it} from 'vitest';
import {KeyParser} from '../../source/keymap/key-parser.js';

const names = (data: string | string[]) => {
	const p = new KeyParser();
	return (Array.isArray(data) ? data : [data]).flatMap(d => p.feed(d)).map(k => k.name);
};

describe('KeyParser', () => {
	it('names printable keys, control keys and the named ones', () => {
		expect(names('a"\'A ')).toEqual(['a', '"', "'", 'A', 'space']);
		expect(names('\x01\x0e\x10\x03')).toEqual(['^A', '^N', '^P', '^C']);
		expect(names('\t\r\x7f\x08\x00')).toEqual(['tab', 'enter', 'backspace', '^H', '^@']);
		expect(names('é中😀')).toEqual(['é', '中', '😀']);
	});

	it("reads PuTTY's sequences: F1-F4 as ESC[11~..14~, Home/End as ESC[1~/ESC[4~", () => {
		expect(names('\x1b[11~\x1b[12~\x1b[13~\x1b[14~')).toEqual(['f1', 'f2', 'f3', 'f4']);
		expect(names('\x1b[1~\x1b[4~\x1b[2~\x1b[3~\x1b[5~\x1b[6~')).toEqual(['home', 'end', 'insert', 'delete', 'pgup', 'pgdn']);
		expect(names('\x1b[15~\x1b[17~\x1b[24~')).toEqual(['f5', 'f6', 'f12']);
	});

	it('reads xterm, SS3 and Linux console forms', () => {
		expect(names('\x1b[A\x1b[B\x1b[C\x1b[D\x1b[H\x1b[F')).toEqual(['up', 'down', 'right', 'left', 'home', 'end']);
		expect(names('\x1bOA\x1bOP\x1bOS\x1bOH')).toEqual(['up', 'f1', 'f4', 'home']);
		expect(names('\x1b[[A\x1b[[E')).toEqual(['f1', 'f5']);
		expect(names('\x1b[1;5A\x1b[1;2B\x1b[3;3~\x1b[Z')).toEqual(['C-up', 'S-down', 'M-delete', 'S-tab']);
	});

	it('keeps the exact bytes of every key and records the cursor-key form', () => {
		const keys = new KeyParser().feed('x\x1b[A\x1bOB\x1b[11~');
		expect(keys.map(k => k.raw)).toEqual(['x', '\x1b[A', '\x1bOB', '\x1b[11~']);
		expect(keys.map(k => k.form)).toEqual([undefined, 'csi', 'ss3', undefined]);
	});

	it('treats ESC + key as Alt and a lone ESC as Escape', () => {
		expect(names('\x1bx')).toEqual(['M-x']);
		expect(names('\x1b')).toEqual(['escape']);
		expect(names('\x1b\x1b[A')).toEqual(['escape', 'up']);
	});

	it('reads mouse reports and focus events', () => {
		expect(names('\x1b[<0;10;5M\x1b[<0;10;5m')).toEqual(['mouse', 'mouse']);
		expect(names('\x1b[M !!')).toEqual(['mouse']);
		expect(names('\x1b[I\x1b[O')).toEqual(['focus-in', 'focus-out']);
	});

	it('delivers a bracketed paste as one key, even across reads and with the prefix byte inside', () => {
		const p = new KeyParser();
		expect(p.feed('a\x1b[200~hello\x01')).toEqual([{name: 'a', raw: 'a'}]);
		expect(p.inPaste).toBe(true);
		expect(p.feed(' world\x1b[201~b')).toEqual([
			{name: 'paste', raw: 'hello\x01 world'},
			{name: 'b', raw: 'b'},
		]);
	});

	it('passes on a sequence cut off at the end of a read with its bytes intact', () => {
		const keys = new KeyParser().feed('\x1b[1;');
		expect(keys).toEqual([{name: 'unknown', raw: '\x1b[1;'}]);
		expect(new KeyParser().feed('\x1b[\x01')).toEqual([
			{name: 'unknown', raw: '\x1b['},
			{name: '^A', raw: '\x01'},
		]);
	});
});
