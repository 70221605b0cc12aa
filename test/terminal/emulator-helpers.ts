// Shared by the terminal tests: write into a real emulator and wait until it is parsed.
import {Emulator} from '../../source/terminal/emulator.js';

export function parsed(e: Emulator, data: string | Uint8Array): Promise<void> {
	return new Promise(resolve => e.write(data, resolve));
}

export async function emulatorWith(data: string, cols = 40, rows = 6, scrollback = 100): Promise<Emulator> {
	const e = new Emulator({cols, rows, scrollback});
	await parsed(e, data);
	return e;
}

/** Paint every row string of `source` into `target` the way the compositor does. */
export async function replayRows(source: Emulator, target: Emulator): Promise<void> {
	let out = '';
	for (let y = 0; y < source.rows; y++) out += `\x1b[${y + 1};1H` + source.row(y);
	await parsed(target, out);
}
