// Panes are told TERM=xterm-256color, so their programs expect the bytes xterm sends. PuTTY (our
// users' terminal) sends Home/End as ESC[1~/ESC[4~ and F1-F4 as ESC[11~..ESC[14~, the Linux console
// F1-F5 as ESC[[A..E: a host without an /etc/inputrc mapping those (the lab's director, minimal
// installs) typed '~' for End and ignored Home. Re-encode such keys the way xterm sends them; the
// pane's cursor mode (ESC[H vs ESC OH) is applied afterwards by translateKey.
import type {Key} from './key-parser.js';

const XTERM_F: Record<string, string> = {f1: '\x1bOP', f2: '\x1bOQ', f3: '\x1bOR', f4: '\x1bOS', f5: '\x1b[15~'};

export function asXtermKey(key: Key): Key {
	if ((key.name === 'home' || key.name === 'end') && key.form === undefined) {
		// A csi-form key: translateKey picks ESC[H/ESC[F or ESC OH/ESC OF for the pane's mode.
		return {...key, raw: key.name === 'home' ? '\x1b[H' : '\x1b[F', form: 'csi'};
	}
	const f = XTERM_F[key.name];
	if (f && key.raw !== f) return {...key, raw: f};
	return key;
}
