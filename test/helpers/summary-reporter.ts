// Prints one plain closing line, "tests: N passed, N failed, N skipped", that CI reads regardless
// of the runner's own formatting.
import type {Reporter, File, Task} from 'vitest';

function count(tasks: Task[], acc: {passed: number; failed: number; skipped: number}): void {
	for (const t of tasks) {
		if (t.type === 'suite') {
			count(t.tasks, acc);
			if (t.result?.state === 'fail' && t.tasks.length === 0) acc.failed++;
			continue;
		}
		const s = t.result?.state;
		if (s === 'pass') acc.passed++;
		else if (s === 'fail') acc.failed++;
		else acc.skipped++;
	}
}

export default class SummaryReporter implements Reporter {
	onFinished(files: File[] = [], errors: unknown[] = []): void {
		const acc = {passed: 0, failed: 0, skipped: 0};
		for (const f of files) {
			// A file that failed to load (or whose hooks failed) has no passing tests but counts as a failure.
			if (f.result?.state === 'fail' && f.tasks.every(t => t.result?.state !== 'fail')) acc.failed++;
			count(f.tasks, acc);
		}
		acc.failed += errors.length;
		process.stdout.write(`\ntests: ${acc.passed} passed, ${acc.failed} failed, ${acc.skipped} skipped\n`);
	}
}
