// The ipvsadm commands the panel plans: exact argv, validation before anything runs, warnings.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {
	planAddServer,
	planAddService,
	planDeleteService,
	planDrain,
	planEditService,
	planRemoveServer,
	planSaveRules,
	planSetWeight,
	type ServiceTarget,
} from '../../source/domain/ipvs/ipvs-plan.js';
import {IPVS_SCHEDULERS} from '../../source/domain/ipvs/ipvs-schedulers.js';

const web: ServiceTarget = {protocol: 'tcp', address: '10.0.2.100', port: 80};
const sticky: ServiceTarget = {protocol: 'tcp', address: '10.0.2.101', port: 443, persistent: 300};
const rs1 = {address: '10.0.2.21', port: 80};

const value = <T>(r: {ok: true; value: T} | {ok: false; error: {message: string}}): T => {
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
};
const refusal = (r: {ok: boolean; error?: {message: string}}) => (r.ok ? 'accepted' : r.error!.message);

describe('ipvsadm command planning', () => {
	it('sets a weight restating the forward method, thresholds and tunnel options (-e resets them)', () => {
		expect(value(planSetWeight(web, rs1, {forward: 'masq'}, 5)).command).toBe('ipvsadm -e -t 10.0.2.100:80 -r 10.0.2.21:80 -m -w 5');
		expect(value(planSetWeight(sticky, {address: '10.0.2.22', port: 443}, {forward: 'masq', upperThreshold: 1000, lowerThreshold: 100}, 2)).argv).toEqual(
			['ipvsadm', '-e', '-t', '10.0.2.101:443', '-r', '10.0.2.22:443', '-m', '-w', '2', '-x', '1000', '-y', '100'],
		);
		expect(value(planSetWeight({protocol: 'tcp', address: '10.0.2.102', port: 80}, {address: '10.0.2.33', port: 80}, {forward: 'tunnel', tunnelInfo: 'gue:6080:-c'}, 1)).command).toBe(
			'ipvsadm -e -t 10.0.2.102:80 -r 10.0.2.33:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-nocsum',
		);
	});

	it('drains with weight 0 and warns only for persistent services', () => {
		const plain = value(planDrain(web, rs1, {forward: 'masq'}));
		expect(plain.command).toBe('ipvsadm -e -t 10.0.2.100:80 -r 10.0.2.21:80 -m -w 0');
		expect(plain.warnings).toEqual([]);
		const p = value(planDrain(sticky, {address: '10.0.2.21', port: 443}, {forward: 'masq'}));
		expect(p.warnings.join(' ')).toMatch(/persistent \(300 s\).*templates/);
	});

	it('plans remove, add server, service add/edit/delete for IPv6, UDP, SCTP and fwmark', () => {
		expect(value(planRemoveServer(web, rs1, 3)).command).toBe('ipvsadm -d -t 10.0.2.100:80 -r 10.0.2.21:80');
		expect(value(planRemoveServer(web, rs1, 3)).warnings[0]).toMatch(/3 active connection/);
		expect(value(planAddServer({protocol: 'tcp', address: 'fd00:77::100', port: 80}, {address: 'fd00:77::21', port: 80}, 'masq', 1)).command).toBe(
			"ipvsadm -a -t '[fd00:77::100]:80' -r '[fd00:77::21]:80' -m -w 1",
		);
		expect(value(planAddServer({protocol: 'fwm', fwmark: 1}, {address: '10.0.2.24'}, 'route', 1)).command).toBe('ipvsadm -a -f 1 -r 10.0.2.24 -g -w 1');
		expect(value(planAddService({protocol: 'udp', address: '10.0.2.100', port: 53}, {scheduler: 'rr'})).command).toBe('ipvsadm -A -u 10.0.2.100:53 -s rr');
		expect(value(planAddService({protocol: 'sctp', address: '10.0.2.100', port: 3868}, {scheduler: 'mh', schedulerFlags: ['mh-port']})).command).toBe(
			'ipvsadm -A --sctp-service 10.0.2.100:3868 -s mh -b mh-port',
		);
		expect(value(planEditService(web, {scheduler: 'sh', persistent: 60, netmask: '255.255.255.0', schedulerFlags: ['sh-fallback', 'sh-port']})).command).toBe(
			'ipvsadm -E -t 10.0.2.100:80 -s sh -p 60 -M 255.255.255.0 -b sh-fallback,sh-port',
		);
		expect(value(planDeleteService(web, 2)).command).toBe('ipvsadm -D -t 10.0.2.100:80');
		expect(value(planDeleteService(web, 2)).warnings[0]).toMatch(/2 real server/);
	});

	it('refuses bad values before anything runs, naming what is wrong', () => {
		expect(refusal(planSetWeight(web, rs1, {forward: 'masq'}, 65536))).toBe("weight '65536' is outside 0–65535");
		expect(refusal(planSetWeight(web, rs1, {forward: 'masq'}, -1))).toBe("weight '-1' is outside 0–65535");
		expect(refusal(planSetWeight(web, rs1, {forward: 'masq'}, 1.5))).toBe("weight '1.5' is outside 0–65535");
		expect(refusal(planAddServer(web, {address: '10.0.2.21', port: 0}, 'masq', 1))).toBe("real server port '0' is outside 1–65535");
		expect(refusal(planAddServer(web, {address: '10.0.2.21', port: 70000}, 'masq', 1))).toBe("real server port '70000' is outside 1–65535");
		expect(refusal(planAddServer(web, {address: '10.0.2.21; reboot', port: 80}, 'masq', 1))).toBe("real server address '10.0.2.21; reboot' is not an IPv4 or IPv6 address");
		expect(refusal(planAddServer(web, {address: 'rs1', port: 80}, 'masq', 1))).toMatch(/'rs1' is not an IPv4 or IPv6 address/);
		expect(refusal(planAddService({protocol: 'tcp', address: '10.0.2.300', port: 80}, {scheduler: 'rr'}))).toMatch(/virtual address '10.0.2.300'/);
		expect(refusal(planAddService(web, {scheduler: 'nosuch'}))).toMatch(/^unknown scheduler 'nosuch' \(the kernel has: rr wrr/);
		expect(refusal(planAddService(web, {scheduler: 'rr', persistent: 60, netmask: '255.0.255.0'}))).toMatch(/netmask '255.0.255.0'/);
		expect(refusal(planAddService(web, {scheduler: 'rr', schedulerFlags: ['sh-port']}))).toMatch(/not valid for rr/);
		expect(refusal(planAddService({protocol: 'fwm', fwmark: 0}, {scheduler: 'rr'}))).toMatch(/firewall mark '0'/);
	});

	it('accepts every weight 0–65535 and every kernel scheduler', () => {
		fc.assert(
			fc.property(fc.integer({min: 0, max: 65535}), w => {
				expect(value(planSetWeight(web, rs1, {forward: 'route'}, w)).argv.slice(-2)).toEqual(['-w', String(w)]);
			}),
		);
		for (const s of Object.keys(IPVS_SCHEDULERS)) expect(value(planAddService(web, {scheduler: s})).argv).toContain(s);
		expect(Object.keys(IPVS_SCHEDULERS)).toHaveLength(14);
	});

	it('never lets an address smuggle shell syntax', () => {
		fc.assert(
			fc.property(fc.string(), s => {
				const r = planAddServer(web, {address: s, port: 80}, 'masq', 1);
				if (r.ok) expect(r.value.command).toMatch(/^ipvsadm -a -t 10\.0\.2\.100:80 -r '?[0-9a-fA-F.:[\]]+'? -m -w 1$/);
			}),
		);
	});

	it('saves the table with a backup and an atomic rename', () => {
		const p = value(planSaveRules('/etc/ipvsadm.rules', '20261125T0100Z'));
		expect(p.command).toBe(
			'set -e; if [ -e /etc/ipvsadm.rules ]; then cp -p /etc/ipvsadm.rules /etc/ipvsadm.rules.lvs-tui-20261125T0100Z; fi; ipvsadm -S -n > /etc/ipvsadm.rules.lvs-tui-tmp; chmod 0644 /etc/ipvsadm.rules.lvs-tui-tmp; mv -f /etc/ipvsadm.rules.lvs-tui-tmp /etc/ipvsadm.rules',
		);
		expect(refusal(planSaveRules('relative/rules', 'x'))).toMatch(/absolute path/);
	});
});
