// Run by resolve-failure.test.ts inside a test network namespace whose resolv.conf points at the
// namespace's own loopback (nothing listens there): connects to a name no resolver can answer and
// prints the AppError as JSON.
import {connectHop} from '../../source/transports/ssh/ssh-connect.js';
import {refusingPrompter} from '../../source/transports/ssh/ssh-prompter.js';

const name = process.argv[2];
const result = await connectHop(
	{label: 'rs9', hostName: name, port: 22, user: 'root', identityFiles: [], identitiesOnly: true},
	{knownHostsFile: '/nonexistent/known_hosts', prompter: refusingPrompter, home: '/nonexistent', connectTimeoutMs: 10_000},
);
process.stdout.write(JSON.stringify(result.ok ? {ok: true} : result.error) + '\n');
process.exit(0);
