import {describe, expect, it} from 'vitest';
import {backoffDelay, statusText} from '../../source/services/ssh-connection-pool.js';

describe('reconnect policy', () => {
	it('backs off exponentially from 1 s and caps at 30 s', () => {
		expect([1, 2, 3, 4, 5, 6, 7, 20].map(n => backoffDelay(n))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
	});

	it('says what the pane and its tab show', () => {
		const error = {code: 'ssh.disconnected', message: 'connection lost'};
		expect(statusText({state: 'waiting', error, retryAt: 10_400, wasConnected: true}, 6_000)).toBe('disconnected — reconnecting in 5s');
		expect(statusText({state: 'waiting', error, retryAt: 7_000, wasConnected: false}, 6_000)).toBe('cannot connect — reconnecting in 1s');
		expect(statusText({state: 'failed', error: {code: 'ssh.auth', message: 'Permission denied (publickey) for root@rs1:22.'}})).toBe('failed: Permission denied (publickey) for root@rs1:22. (C-a r retries)');
	});
});
