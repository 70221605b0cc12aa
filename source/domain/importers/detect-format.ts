// Which importer a file needs, from its content first (names lie: lvs.conf, rc, screenrc.old).

import type {ImportFormat} from './imported-config.js';

const LVS_CONF_KEY = /^\s*(LVS_TYPE|VIP|DIP|SERVICE|DIRECTOR_GW|LVSCONF_FORMAT)\s*=/m;
const SCREENRC_COMMAND = /^\s*(screen|escape|shelltitle|select|bind|defscrollback|startup_message|hardstatus|caption)(\s|$)/m;

export function detectImportFormat(text: string, fileName: string): ImportFormat | null {
	if (LVS_CONF_KEY.test(text)) return 'lvs-conf';
	if (SCREENRC_COMMAND.test(text)) return 'screenrc';
	const base = fileName.slice(fileName.lastIndexOf('/') + 1).toLowerCase();
	if (base.includes('screenrc')) return 'screenrc';
	if (base.endsWith('.conf') && base.includes('lvs')) return 'lvs-conf';
	return null;
}
