// `lvs-tui ls`: every session socket in the directory, asked for its info. A socket nobody listens
// on is a crashed server's leftover: it is removed and reported, so it never blocks a new session.
import {readdirSync} from 'node:fs';
import {formatError} from '../domain/result.js';
import {connectSession} from './session-connection.js';
import {sessionFiles} from './session-paths.js';
import type {SessionInfo} from './protocol.js';

export interface SessionListing {
	sessions: SessionInfo[];
	/** One line each: stale sockets removed, sessions that did not answer. */
	problems: string[];
}

export async function listSessions(dir: string): Promise<SessionListing> {
	let entries: string[];
	try {
		entries = readdirSync(dir);
	} catch {
		return {sessions: [], problems: []};
	}
	const names = entries.filter(e => e.endsWith('.sock')).map(e => e.slice(0, -'.sock'.length)).sort();
	const results = await Promise.all(
		names.map(async name => ({name, result: await connectSession(sessionFiles(dir, name), {intent: 'info'})})),
	);
	const listing: SessionListing = {sessions: [], problems: []};
	for (const {result} of results) {
		if (result.ok) {
			listing.sessions.push(result.value.welcome.session);
			result.value.close();
		} else {
			listing.problems.push(formatError(result.error));
		}
	}
	return listing;
}

export function formatSessionTable(sessions: SessionInfo[], now: Date = new Date()): string {
	const rows = sessions.map(s => [
		s.name,
		String(s.panes),
		s.attached ? 'attached' + (s.watchers ? ` +${s.watchers} watching` : '') : s.watchers ? `detached, ${s.watchers} watching` : 'detached',
		formatStarted(new Date(s.started), now),
		String(s.pid),
	]);
	const header = ['NAME', 'PANES', 'STATE', 'STARTED', 'PID'];
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i]!.length)));
	return [header, ...rows].map(r => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

function formatStarted(started: Date, now: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	const time = `${pad(started.getHours())}:${pad(started.getMinutes())}`;
	const sameDay = started.toDateString() === now.toDateString();
	return sameDay ? time : `${started.getFullYear()}-${pad(started.getMonth() + 1)}-${pad(started.getDate())} ${time}`;
}
