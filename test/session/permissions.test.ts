// Another uid cannot reach a session: not through the directory (0700), not through the socket
// (0600) even if the directory were opened up, and not through the key (0600). Runs real processes
// as uid 65534 (nobody) with setpriv; needs root, which CI has.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {spawnSync} from 'node:child_process';
import {chmodSync, statSync} from 'node:fs';
import {CLI} from '../helpers/virtual-screen.js';
import {hasCommand, isRoot, missing} from '../helpers/requirements.js';
import {SessionFixture} from './session-fixture.js';

const NOBODY = '65534';

function asNobody(args: string[], env: Record<string, string> = {}) {
	return spawnSync('setpriv', ['--reuid', NOBODY, '--regid', NOBODY, '--clear-groups', process.execPath, ...args], {
		encoding: 'utf8',
		env: {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp', ...env},
		timeout: 20_000,
	});
}

/** Connect to a Unix socket as nobody; prints the error code or 'connected'. */
function connectAsNobody(path: string) {
	const script = `const s=require('net').createConnection(${JSON.stringify(path)});s.on('connect',()=>{console.log('connected');s.destroy()});s.on('error',e=>console.log(e.code));`;
	return asNobody(['-e', script]).stdout.trim();
}

describe.skipIf(missing(isRoot, hasCommand('setpriv')))('session permissions', () => {
	const fixture = new SessionFixture();
	beforeAll(() => fixture.launch('private'));
	afterAll(() => fixture.cleanup());

	it('keeps the directory 0700 and the socket, key and log 0600', () => {
		const files = fixture.files('private');
		expect(statSync(fixture.dir).mode & 0o777).toBe(0o700);
		expect(statSync(files.socket).mode & 0o777).toBe(0o600);
		expect(statSync(files.key).mode & 0o777).toBe(0o600);
		expect(statSync(files.log).mode & 0o777).toBe(0o600);
	});

	it('another uid cannot connect to the socket', () => {
		expect(connectAsNobody(fixture.files('private').socket)).toBe('EACCES');
	});

	it('another uid cannot connect even if the directory is opened up, nor read the key', () => {
		chmodSync(fixture.dir, 0o711);
		try {
			expect(connectAsNobody(fixture.files('private').socket)).toBe('EACCES');
			const key = asNobody(['-e', `try{require('fs').readFileSync(${JSON.stringify(fixture.files('private').key)});console.log('read')}catch(e){console.log(e.code)}`]);
			expect(key.stdout.trim()).toBe('EACCES');
		} finally {
			chmodSync(fixture.dir, 0o700);
		}
	});

	it("lvs-tui run by another uid refuses our directory and says why", () => {
		const ls = asNobody([CLI, 'ls'], {LVS_TUI_SOCKET_DIR: fixture.dir});
		expect(ls.status).toBe(1);
		expect(ls.stderr).toContain(`refusing the session directory ${fixture.dir}: it belongs to uid 0, not to you (uid 65534)`);
		const attach = asNobody([CLI, 'attach', 'private'], {LVS_TUI_SOCKET_DIR: fixture.dir});
		expect(attach.status).toBe(1);
		expect(attach.stderr).toContain('it belongs to uid 0, not to you');
	});

	it('refuses a socket directory that others can enter, naming the mode and the fix', () => {
		chmodSync(fixture.dir, 0o755);
		try {
			const ls = spawnSync(process.execPath, [CLI, 'ls'], {encoding: 'utf8', env: {...process.env, LVS_TUI_SOCKET_DIR: fixture.dir}});
			expect(ls.status).toBe(1);
			expect(ls.stderr).toContain(`its mode is 0755, so other users can reach the sockets; run 'chmod 700 ${fixture.dir}'`);
			const kill = spawnSync(process.execPath, [CLI, 'kill', 'private'], {encoding: 'utf8', env: {...process.env, LVS_TUI_SOCKET_DIR: fixture.dir}});
			expect(kill.status).toBe(1);
			expect(kill.stderr).toContain('its mode is 0755');
		} finally {
			chmodSync(fixture.dir, 0o700);
		}
	});
});
