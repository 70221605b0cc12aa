// The user's terminal must report what the active pane's program asked for: mouse reports only
// when the program tracks the mouse (so a shell pane never gets mouse garbage), keypad mode as
// the program set it (keypad keys are indistinguishable from digits otherwise), focus events.
import type {ScreenModes} from './pane-screen.js';

export type OuterModes = Pick<ScreenModes, 'applicationKeypad' | 'mouseTracking' | 'mouseEncoding' | 'sendFocus'>;

export const OUTER_DEFAULT: OuterModes = {applicationKeypad: false, mouseTracking: 'none', mouseEncoding: 'default', sendFocus: false};

const TRACKING_MODE: Record<Exclude<OuterModes['mouseTracking'], 'none'>, number> = {x10: 9, vt200: 1000, drag: 1002, any: 1003};
const ENCODING_MODE: Record<Exclude<OuterModes['mouseEncoding'], 'default'>, number> = {utf8: 1005, sgr: 1006, urxvt: 1015};

/** Escape sequences that move the outer terminal from `from` to `to` ('' when nothing changes). */
export function outerModeChanges(from: OuterModes, to: OuterModes): string {
	let out = '';
	if (from.applicationKeypad !== to.applicationKeypad) out += to.applicationKeypad ? '\x1b=' : '\x1b>';
	if (from.mouseEncoding !== to.mouseEncoding) {
		if (from.mouseEncoding !== 'default') out += `\x1b[?${ENCODING_MODE[from.mouseEncoding]}l`;
		if (to.mouseEncoding !== 'default') out += `\x1b[?${ENCODING_MODE[to.mouseEncoding]}h`;
	}
	if (from.mouseTracking !== to.mouseTracking) {
		if (from.mouseTracking !== 'none') out += `\x1b[?${TRACKING_MODE[from.mouseTracking]}l`;
		if (to.mouseTracking !== 'none') out += `\x1b[?${TRACKING_MODE[to.mouseTracking]}h`;
	}
	if (from.sendFocus !== to.sendFocus) out += to.sendFocus ? '\x1b[?1004h' : '\x1b[?1004l';
	return out;
}

export function outerModesOf(modes: ScreenModes): OuterModes {
	return {applicationKeypad: modes.applicationKeypad, mouseTracking: modes.mouseTracking, mouseEncoding: modes.mouseEncoding, sendFocus: modes.sendFocus};
}
