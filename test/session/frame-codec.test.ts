import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {encodeControl, encodePaneData, FrameDecoder, FrameError, FRAME_CONTROL, FRAME_PANE_DATA} from '../../source/session/frame-codec.js';

describe('frame codec', () => {
	it('round-trips control and pane-data frames split at every byte boundary', () => {
		const bytes = Buffer.concat([
			encodeControl({t: 'hello', n: 1}),
			encodePaneData('p1', 'héllo \x1b[31mred\x1b[0m 🙂'),
			encodeControl({t: 'res', id: 2, ok: true}),
		]);
		for (let cut = 0; cut <= bytes.length; cut++) {
			const decoder = new FrameDecoder(1024);
			const frames = [...decoder.push(bytes.subarray(0, cut)), ...decoder.push(bytes.subarray(cut))];
			expect(frames).toEqual([
				{kind: FRAME_CONTROL, message: {t: 'hello', n: 1}},
				{kind: FRAME_PANE_DATA, paneId: 'p1', data: 'héllo \x1b[31mred\x1b[0m 🙂'},
				{kind: FRAME_CONTROL, message: {t: 'res', id: 2, ok: true}},
			]);
		}
	});

	it('round-trips arbitrary pane data and ids (property)', () => {
		fc.assert(
			fc.property(fc.string({maxLength: 40}), fc.string({unit: 'grapheme', maxLength: 500}), fc.integer({min: 1, max: 50}), (id, data, chunk) => {
				const bytes = encodePaneData(id, data);
				const decoder = new FrameDecoder(1 << 20);
				const frames = [];
				for (let i = 0; i < bytes.length; i += chunk) frames.push(...decoder.push(bytes.subarray(i, i + chunk)));
				expect(frames).toEqual([{kind: FRAME_PANE_DATA, paneId: id, data}]);
			}),
		);
	});

	it('rejects an oversized frame from its header alone, before buffering it', () => {
		const decoder = new FrameDecoder(100);
		const header = Buffer.alloc(4);
		header.writeUInt32BE(101);
		expect(() => decoder.push(header)).toThrow(FrameError);
		expect(() => decoder.push(header)).toThrow(/over the 100-byte limit/);
	});

	it('rejects garbage: non-JSON control, non-object JSON, unknown kind, empty frame, id overrun', () => {
		const frame = (kind: number, body: Buffer) => {
			const head = Buffer.alloc(5);
			head.writeUInt32BE(body.length + 1);
			head.writeUInt8(kind, 4);
			return Buffer.concat([head, body]);
		};
		expect(() => new FrameDecoder(1000).push(frame(1, Buffer.from('{not json')))).toThrow(/not JSON/);
		expect(() => new FrameDecoder(1000).push(frame(1, Buffer.from('[1,2]')))).toThrow(/not a JSON object/);
		expect(() => new FrameDecoder(1000).push(frame(9, Buffer.from('x')))).toThrow(/unknown frame kind 9/);
		expect(() => new FrameDecoder(1000).push(Buffer.from([0, 0, 0, 0]))).toThrow(/empty frame/);
		const overrun = Buffer.from([0, 50, 0x61]);
		expect(() => new FrameDecoder(1000).push(frame(2, overrun))).toThrow(/overruns/);
	});

	it('never throws anything but FrameError on random bytes (property)', () => {
		fc.assert(
			fc.property(fc.uint8Array({maxLength: 300}), bytes => {
				const decoder = new FrameDecoder(1000);
				try {
					decoder.push(Buffer.from(bytes));
				} catch (error) {
					expect(error).toBeInstanceOf(FrameError);
				}
			}),
		);
	});
});
