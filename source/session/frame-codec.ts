// The wire format between the session server and its clients. It never changes between versions,
// so any two lvs-tui versions can at least exchange the hello and say they do not match:
//   u32 BE length of what follows | u8 kind | payload
// kind 1: control message, UTF-8 JSON.
// kind 2: pane data (output server→client, input client→server): u16 BE id length | id | UTF-8 data.
// A frame longer than the receiver's limit or of an unknown kind is a protocol error: the receiver
// drops that connection and nothing else.

export const FRAME_CONTROL = 1;
export const FRAME_PANE_DATA = 2;

export type Frame =
	| {kind: typeof FRAME_CONTROL; message: unknown}
	| {kind: typeof FRAME_PANE_DATA; paneId: string; data: string};

export function encodeControl(message: unknown): Buffer {
	const body = Buffer.from(JSON.stringify(message), 'utf8');
	const frame = Buffer.allocUnsafe(5 + body.length);
	frame.writeUInt32BE(body.length + 1, 0);
	frame.writeUInt8(FRAME_CONTROL, 4);
	body.copy(frame, 5);
	return frame;
}

export function encodePaneData(paneId: string, data: string): Buffer {
	const id = Buffer.from(paneId, 'utf8');
	const idLength = Math.min(id.length, 0xffff);
	const dataLength = Buffer.byteLength(data, 'utf8');
	const frame = Buffer.allocUnsafe(4 + 1 + 2 + idLength + dataLength);
	frame.writeUInt32BE(1 + 2 + idLength + dataLength, 0);
	frame.writeUInt8(FRAME_PANE_DATA, 4);
	frame.writeUInt16BE(idLength, 5);
	id.copy(frame, 7, 0, idLength);
	frame.write(data, 7 + idLength, 'utf8');
	return frame;
}

export class FrameError extends Error {}

/**
 * Accumulates socket chunks and yields whole frames. Throws FrameError on anything malformed; the
 * caller closes that connection. The limit can be raised after the handshake (big snapshots).
 */
export class FrameDecoder {
	private chunks: Buffer[] = [];
	private buffered = 0;

	constructor(public maxFrameBytes: number) {}

	push(chunk: Buffer): Frame[] {
		this.chunks.push(chunk);
		this.buffered += chunk.length;
		const frames: Frame[] = [];
		while (this.buffered >= 4) {
			const head = this.peek(4);
			const length = head.readUInt32BE(0);
			if (length < 1) throw new FrameError('empty frame');
			if (length > this.maxFrameBytes) {
				throw new FrameError(`frame of ${length} bytes is over the ${this.maxFrameBytes}-byte limit`);
			}
			if (this.buffered < 4 + length) break;
			const whole = this.take(4 + length);
			frames.push(decodeBody(whole.subarray(4)));
		}
		return frames;
	}

	private peek(bytes: number): Buffer {
		if (this.chunks[0]!.length < bytes) this.chunks = [Buffer.concat(this.chunks)];
		return this.chunks[0]!;
	}

	private take(bytes: number): Buffer {
		const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
		const taken = all.subarray(0, bytes);
		const rest = all.subarray(bytes);
		this.chunks = rest.length > 0 ? [rest] : [];
		this.buffered = rest.length;
		return taken;
	}
}

function decodeBody(body: Buffer): Frame {
	const kind = body.readUInt8(0);
	if (kind === FRAME_CONTROL) {
		let message: unknown;
		try {
			message = JSON.parse(body.toString('utf8', 1));
		} catch {
			throw new FrameError('control frame is not JSON');
		}
		if (typeof message !== 'object' || message === null || Array.isArray(message)) {
			throw new FrameError('control frame is not a JSON object');
		}
		return {kind: FRAME_CONTROL, message};
	}
	if (kind === FRAME_PANE_DATA) {
		if (body.length < 3) throw new FrameError('pane data frame too short');
		const idLength = body.readUInt16BE(1);
		if (body.length < 3 + idLength) throw new FrameError('pane data frame id overruns the frame');
		return {
			kind: FRAME_PANE_DATA,
			paneId: body.toString('utf8', 3, 3 + idLength),
			data: body.toString('utf8', 3 + idLength),
		};
	}
	throw new FrameError(`unknown frame kind ${kind}`);
}
