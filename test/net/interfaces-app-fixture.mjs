// A test program (not a test): the built terminal UI with the interfaces feature attached the way
// compose/ui will (attachInterfaces, transport local), so a PTY test can read the side panel and
// press F2. Run inside a network namespace: "local" is then the namespace. Needs `npm run build`.
//   LVSTUI_FIXTURE_VIP=10.1.2.50 LVSTUI_FIXTURE_AUDIT=/tmp/a.log node interfaces-app-fixture.mjs
import {localModeConfig} from '../../dist/domain/config/defaults.js';
import {composeApp} from '../../dist/compose.js';
import {AuditLog} from '../../dist/services/audit-log.js';
import {createInterfacesSlice} from '../../dist/store/interfaces-slice.js';
import {attachInterfaces} from '../../dist/ui/panels/interfaces-feature.js';
import {startTerminalUi} from '../../dist/ui/terminal-runtime.js';
import {builtinTheme} from '../../dist/ui/theme.js';

const vip = process.env.LVSTUI_FIXTURE_VIP ?? '10.1.2.50';
const base = localModeConfig();
const config = {
	...base,
	vips: [{address: vip, device: 'eth0', label: 'eth0:50', prefix: 32}],
	options: {...base.options, pollIntervalMs: 500},
};
const ui = startTerminalUi(
	{stdin: process.stdin, stdout: process.stdout},
	builtinTheme(),
	hooks => composeApp({config, ascii: true, slices: [createInterfacesSlice(config)], ...hooks}),
	app => {
		attachInterfaces(app, {audit: new AuditLog(process.env.LVSTUI_FIXTURE_AUDIT)});
	},
);
ui.exited.then(code => process.exit(code));
