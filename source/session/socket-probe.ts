// Is anybody listening on a socket path? A crashed server (SIGKILL, OOM) leaves its socket file
// behind; connecting to it is refused at once, which is how a stale socket is told from a live one.
import net from 'node:net';

export type SocketState = 'alive' | 'stale' | 'missing' | 'denied';

export function probeSocket(path: string, timeoutMs = 2000): Promise<SocketState> {
	return new Promise(resolve => {
		const socket = net.createConnection(path);
		const done = (state: SocketState) => {
			clearTimeout(timer);
			socket.destroy();
			resolve(state);
		};
		// A live server accepts at once even when busy (the kernel completes the connect); a full
		// backlog is the only slow case, and that server is alive.
		const timer = setTimeout(() => done('alive'), timeoutMs);
		socket.once('connect', () => done('alive'));
		socket.once('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'ENOENT') done('missing');
			else if (error.code === 'EACCES' || error.code === 'EPERM') done('denied');
			else done('stale');
		});
	});
}
