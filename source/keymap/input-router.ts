// Raw stdin -> actions or pane bytes. The prefix key arms a command; the next key is looked up in
// the prefix scope. Dialogs take every key while open; with the side panel focused its handler
// does; otherwise bytes go to the active pane untouched (modulo mode translation), batched into
// one write per read so a paste stays one write.
import type {ActionId} from '../domain/actions.js';
import {KeyParser} from './key-parser.js';
import type {Key} from './key-parser.js';
import {resolve} from './keymap.js';
import type {Keymap} from './keymap.js';

export interface InputTarget {
	/** Bytes for the active pane, already translated for its modes. */
	paneWrite(data: string): void;
	/** Translate a key for the active pane's current modes. */
	translate(key: Key): string;
	runAction(action: ActionId): void;
	/** An open overlay/dialog takes the key. */
	dialogActive(): boolean;
	dialogKey(key: Key): void;
	/** The side panel has focus: its handler takes the key. */
	sideFocused(): boolean;
	sideKey(key: Key): void;
	prefixPending(pending: boolean): void;
	/** The key after the prefix has no binding (screen beeps; we say so). */
	unbound(key: Key): void;
}

export class InputRouter {
	private readonly parser = new KeyParser();
	private armed = false;

	constructor(
		private keymap: Keymap,
		private readonly target: InputTarget,
	) {}

	setKeymap(keymap: Keymap): void {
		this.keymap = keymap;
	}

	feed(data: string): void {
		let batch = '';
		const flush = () => {
			if (batch) this.target.paneWrite(batch);
			batch = '';
		};
		for (const key of this.parser.feed(data)) {
			if (this.armed) {
				this.armed = false;
				this.target.prefixPending(false);
				flush();
				const action = resolve(this.keymap, 'prefix', key.name);
				if (action) this.target.runAction(action);
				else if (key.name !== 'escape') this.target.unbound(key);
				continue;
			}
			if (this.target.dialogActive()) {
				flush();
				this.target.dialogKey(key);
				continue;
			}
			if (key.raw === String.fromCharCode(this.keymap.prefixByte) && key.name !== 'paste') {
				flush();
				this.armed = true;
				this.target.prefixPending(true);
				continue;
			}
			const direct = key.name.length > 1 ? resolve(this.keymap, 'direct', key.name) : undefined;
			if (direct) {
				flush();
				this.target.runAction(direct);
				continue;
			}
			if (this.target.sideFocused()) {
				flush();
				this.target.sideKey(key);
				continue;
			}
			batch += this.target.translate(key);
		}
		flush();
	}
}
