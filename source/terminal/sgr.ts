// Cell attributes -> the shortest SGR sequence that reproduces them. Pure: works on numbers the
// emulator extracted, so the row encoder and its tests share one definition.

/** Colour mode as xterm stores it in the attribute word. */
export const enum ColorMode {
	Default = 0,
	P16 = 0x1000000,
	P256 = 0x2000000,
	RGB = 0x3000000,
}

export const FLAG_BOLD = 1;
export const FLAG_DIM = 2;
export const FLAG_ITALIC = 4;
export const FLAG_UNDERLINE = 8;
export const FLAG_BLINK = 16;
export const FLAG_INVERSE = 32;
export const FLAG_INVISIBLE = 64;
export const FLAG_STRIKE = 128;
export const FLAG_OVERLINE = 256;

const FLAG_CODES: Array<[number, string]> = [
	[FLAG_BOLD, '1'],
	[FLAG_DIM, '2'],
	[FLAG_ITALIC, '3'],
	[FLAG_UNDERLINE, '4'],
	[FLAG_BLINK, '5'],
	[FLAG_INVERSE, '7'],
	[FLAG_INVISIBLE, '8'],
	[FLAG_STRIKE, '9'],
	[FLAG_OVERLINE, '53'],
];

function colorParams(mode: number, color: number, background: boolean): string {
	if (mode === ColorMode.RGB) {
		return `${background ? 48 : 38};2;${(color >> 16) & 0xff};${(color >> 8) & 0xff};${color & 0xff}`;
	}
	if (mode === ColorMode.P16 || mode === ColorMode.P256) {
		if (color < 8) return String((background ? 40 : 30) + color);
		if (color < 16) return String((background ? 100 : 90) + color - 8);
		return `${background ? 48 : 38};5;${color}`;
	}
	return '';
}

/** Full SGR (always starting from a reset, so it is correct whatever came before). */
export function sgr(fgMode: number, fg: number, bgMode: number, bg: number, flags: number): string {
	let params = '0';
	for (const [flag, code] of FLAG_CODES) if (flags & flag) params += ';' + code;
	const f = colorParams(fgMode, fg, false);
	if (f) params += ';' + f;
	const b = colorParams(bgMode, bg, true);
	if (b) params += ';' + b;
	return `\x1b[${params}m`;
}
