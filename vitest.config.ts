import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
		// node-pty and ssh2 are native/stream heavy: separate processes are the robust choice.
		pool: 'forks',
		testTimeout: 30_000,
		hookTimeout: 120_000,
		reporters: ['default', './test/helpers/summary-reporter.ts'],
		globalSetup: ['./test/helpers/lab-global-setup.ts'],
	},
});
