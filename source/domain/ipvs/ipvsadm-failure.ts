// What a failed ipvsadm run means. A kernel without IPVS is its own state (the panel points to the
// kernel wizard); everything else is shown with ipvsadm's own words.

export type IpvsadmFailure =
	| {kind: 'no-ipvs'; message: string}
	| {kind: 'not-installed'; message: string}
	| {kind: 'permission'; message: string}
	| {kind: 'error'; message: string};

/** Classify a non-zero ipvsadm exit from its output; `message` is the program's text, verbatim. */
export function classifyIpvsadmFailure(exitCode: number | null, output: string): IpvsadmFailure {
	const message = output.trim() || `ipvsadm exited with status ${exitCode ?? 'unknown'}`;
	if (/Can't initialize ipvs: Protocol not available/.test(output) || /built in the kernel or as module/.test(output)) {
		return {kind: 'no-ipvs', message};
	}
	if (/Permission denied|Operation not permitted/.test(output)) return {kind: 'permission', message};
	if (exitCode === 127 || /ipvsadm: (command )?not found|No such file or directory/.test(output)) {
		return {kind: 'not-installed', message};
	}
	return {kind: 'error', message};
}
