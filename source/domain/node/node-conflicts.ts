// Is the name, MAC or IP of a new node already used anywhere: DHCP reservations, the director's
// /etc/hosts, the live IPVS table, the cluster config? Checked before anything is changed. An
// entry that already says exactly this node (a resumed run) is "done", not a conflict.
import type {ClusterConfig} from '../config/cluster-config.js';
import type {IpvsTable} from '../ipvs/ipvs-model.js';
import {appError, type AppError} from '../result.js';
import type {DhcpdConf} from '../wizards/dhcpd-conf.js';
import {normalizeMac, shortHostName} from '../wizards/net-values.js';
import {parseHostsEntries} from './hosts-file.js';
import {inCidr} from './next-free-address.js';

export interface NodeFacts {
	config: ClusterConfig;
	dhcp: {file: string; conf: DhcpdConf} | null;
	hosts: {file: string; text: string} | null;
	ipvs: IpvsTable | null;
}

export interface NodeIdentity {
	name: string;
	mac: string;
	ip: string;
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase() || shortHostName(a).toLowerCase() === shortHostName(b).toLowerCase();

/** The DHCP host block that already reserves exactly this node, if any. */
export function dhcpAlreadyReserved(conf: DhcpdConf, node: NodeIdentity): boolean {
	return conf.hosts.some(h => sameName(h.name, node.name) && h.mac === normalizeMac(node.mac) && h.fixedAddresses.includes(node.ip));
}

/**
 * Every place the node's name, MAC or IP is taken by something else. `resuming` accepts the node's
 * own IPVS and config entries (a run that stopped after step 6 or 7 left them there).
 */
export function findNodeConflicts(facts: NodeFacts, node: NodeIdentity, resuming: boolean): AppError[] {
	const problems: AppError[] = [];
	const {config} = facts;
	const mac = normalizeMac(node.mac);
	const file = config.source ?? undefined;

	if (facts.dhcp) {
		const {file: dfile, conf} = facts.dhcp;
		for (const h of conf.hosts) {
			const nameHit = sameName(h.name, node.name);
			const exact = nameHit && h.mac === mac && h.fixedAddresses.includes(node.ip);
			if (exact) continue;
			const where = {file: dfile, line: h.line};
			if (nameHit) problems.push(appError('node.name-in-use', `${node.name} is already reserved in DHCP as ${h.mac ?? '?'} -> ${h.fixedAddresses.join(', ') || '?'}`, {where}));
			else if (h.mac === mac) problems.push(appError('node.mac-in-use', `MAC ${mac} is already reserved in DHCP for host '${h.name}'`, {where}));
			else if (h.fixedAddresses.includes(node.ip)) problems.push(appError('node.ip-in-use', `${node.ip} is already the fixed address of DHCP host '${h.name}'`, {where}));
		}
	}

	if (facts.hosts) {
		for (const e of parseHostsEntries(facts.hosts.text)) {
			const where = {file: facts.hosts.file, line: e.line};
			const named = e.names.some(n => sameName(n, node.name));
			if (named && e.address !== node.ip) problems.push(appError('node.name-in-use', `${node.name} is already in ${facts.hosts.file} as ${e.address}`, {where}));
			else if (!named && e.address === node.ip) problems.push(appError('node.ip-in-use', `${node.ip} is already in ${facts.hosts.file} as ${e.names.join(' ')}`, {where}));
		}
	}

	if (facts.ipvs && !resuming) {
		for (const s of facts.ipvs.services) {
			for (const r of s.realServers) {
				if (r.address.host === node.ip) problems.push(appError('node.ip-in-use', `${node.ip} is already a real server of ${s.key} in IPVS on ${config.director.name}`, {where: {host: config.director.name}}));
			}
		}
	}

	for (const rs of config.realServers) {
		const where = {file, line: rs.line};
		if (rs.name === node.name) {
			if (!resuming) problems.push(appError('node.name-in-use', `${node.name} is already a real server in the cluster config (remove it first: lvs-tui node remove ${node.name})`, {where}));
			continue;
		}
		if (rs.address === node.ip) problems.push(appError('node.ip-in-use', `${node.ip} is already the address of real server ${rs.name} in the cluster config`, {where}));
		if (rs.mac && normalizeMac(rs.mac) === mac) problems.push(appError('node.mac-in-use', `MAC ${mac} is already the MAC of real server ${rs.name} in the cluster config`, {where}));
	}
	if (config.director.name === node.name) problems.push(appError('node.name-in-use', `${node.name} is the director's name`, {where: {file, line: config.director.line}}));
	if (config.dip?.address === node.ip) problems.push(appError('node.ip-in-use', `${node.ip} is the director's DIP`, {where: {file}}));
	for (const v of config.vips) if (v.address === node.ip) problems.push(appError('node.ip-in-use', `${node.ip} is a VIP`, {where: {file, line: v.line}}));
	if (config.dip?.network && !inCidr(node.ip, config.dip.network)) {
		problems.push(appError('node.outside-network', `${node.ip} is outside the real servers' network ${config.dip.network} (dip.network)`, {where: {file}}));
	}
	return problems;
}
