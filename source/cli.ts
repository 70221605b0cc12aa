#!/usr/bin/env -S node --no-memory-reducer
// argv -> the subcommand's module. No logic here: each command lives in source/commands/ and is
// loaded lazily so `lvs-tui vip status` never pays for Ink, React or node-pty.
import {enableQuietCollection, limitYoungGeneration} from './runtime-memory.js';

// React's development build costs memory and time on every render; users run the production one.
// Set before any command (and so React) is loaded; an explicit NODE_ENV still wins.
process.env.NODE_ENV ??= 'production';

// Memory (runtime-memory.ts): V8's young generation stays at 2 x 8 MB instead of 2 x 16 (0 in
// LVS_TUI_SEMI_SPACE_MB leaves V8's default); the scrollback rows the app drops are freed by one
// full GC. First thing, before start-up grows the young generation. The shebang turns off V8's
// memory reducer (only settable on node's command line): its clean-up collections 8-12 s after a
// flood were most of the idle CPU (bench: 0.8 -> 0.2-0.3 % with the panel visible, same peak RSS).
limitYoungGeneration(Number(process.env.LVS_TUI_SEMI_SPACE_MB ?? 8));
enableQuietCollection();

type CommandModule = {run(argv: string[]): Promise<number>};

const commands: Record<string, {summary: string; load: () => Promise<CommandModule>}> = {
	ui: {summary: 'open the multiplexer (the default)', load: () => import('./commands/ui.js')},
	ls: {summary: 'list sessions: name, panes, attached or not, started (like screen -ls)', load: () => import('./commands/ls.js')},
	attach: {summary: 'reattach to a session (attach [NAME] [-d] [--watch]; same as lvs-tui -r NAME)', load: () => import('./commands/attach.js')},
	kill: {summary: 'end a session and every pane in it (kill [NAME])', load: () => import('./commands/kill.js')},
	lab: {summary: 'a real LVS cluster in a QEMU VM to try lvs-tui on (lab up|down|status|traffic)', load: () => import('./commands/lab.js')},
	vip: {summary: 'bring the VIP up or down on the director, or show it (vip up|down|toggle|status [VIP])', load: () => import('./commands/vip.js')},
	doctor: {summary: 'check kernel IPVS, ipvsadm, forwarding and routing on every host (--fix offers fixes)', load: () => import('./commands/doctor.js')},
	kickstart: {summary: 'write a real server\'s kickstart file (rhel9 or rh72) and print its boot line', load: () => import('./commands/kickstart.js')},
	'dhcp-host': {summary: 'add or remove a dhcpd.conf host reservation, validated with dhcpd -t', load: () => import('./commands/dhcp-host.js')},
	status: {summary: 'one-shot snapshot of the IPVS table on every director (--json for scripts)', load: () => import('./commands/status.js')},
	import: {summary: 'turn a .screenrc or configure-lvs lvs_nat.conf into lvs-tui.yaml on stdout', load: () => import('./commands/import.js')},
	node: {summary: 'add a new real server to the cluster step by step (node add), or drain and remove one (node remove)', load: () => import('./commands/node.js')},
	'ssh-check': {summary: 'connect to every host as the UI will and say why any fails (asks about new host keys)', load: () => import('./commands/ssh-check.js')},
};

function usage(): string {
	const width = Math.max(...Object.keys(commands).map(k => k.length), 4);
	const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
	return [
		'usage: lvs-tui [options]            open the multiplexer (local mode without a config)',
		'       lvs-tui COMMAND [args]',
		'',
		'commands:',
		...lines,
		'',
		"Run 'lvs-tui COMMAND --help' for a command's options.",
	].join('\n');
}

async function main(argv: string[]): Promise<number> {
	const [first, ...rest] = argv;
	if (first === '--help' || first === '-h' || first === 'help') {
		process.stdout.write(usage() + '\n');
		return 0;
	}
	if (first === '--version') {
		process.stdout.write('lvs-tui 0.1.0\n');
		return 0;
	}
	if (first && !first.startsWith('-')) {
		const command = commands[first];
		if (!command) {
			process.stderr.write(`lvs-tui: unknown command '${first}'\n\n${usage()}\n`);
			return 2;
		}
		return (await command.load()).run(rest);
	}
	const ui = commands['ui'];
	if (!ui) {
		process.stderr.write('lvs-tui: the terminal UI is not built in this version\n');
		return 1;
	}
	return (await ui.load()).run(argv);
}

main(process.argv.slice(2)).then(
	code => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.stderr.write(`lvs-tui: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
		process.exitCode = 1;
	},
);
