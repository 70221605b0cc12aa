// Where the live table meets the config: show "rs1" instead of 10.0.2.21, and know the weight a
// drained server should get back ("restore").
import type {ClusterConfig, ServiceConfig} from '../config/cluster-config.js';
import type {IpvsRealServer, IpvsService} from './ipvs-model.js';
import {canonicalAddress, isIpv6} from '../net/ip-address.js';

export type ConfigNames = Pick<ClusterConfig, 'realServers' | 'services'>;

function same(a: string, b: string): boolean {
	return isIpv6(a) && isIpv6(b) ? canonicalAddress(a) === canonicalAddress(b) : a === b;
}

/** Configured real-server name for an address, or undefined. */
export function nameForAddress(config: ConfigNames | undefined, address: string): string | undefined {
	return config?.realServers.find(r => same(r.address, address))?.name;
}

function addressOf(config: ConfigNames, server: string): string {
	return config.realServers.find(r => r.name === server)?.address ?? server;
}

export function configuredService(config: ConfigNames | undefined, service: IpvsService): ServiceConfig | undefined {
	return config?.services.find(s => {
		if (s.protocol !== service.protocol) return false;
		if (service.protocol === 'fwm') return s.fwmark === service.fwmark;
		return !!s.vip && !!service.address && same(s.vip, service.address.host) && s.port === service.address.port;
	});
}

/** The weight the config gives this real server in this service, or undefined when it doesn't list it. */
export function configuredWeight(config: ConfigNames | undefined, service: IpvsService, server: IpvsRealServer): number | undefined {
	if (!config) return undefined;
	const svc = configuredService(config, service);
	const entry = svc?.realServers.find(r => {
		if (!same(addressOf(config, r.server), server.address.host)) return false;
		const port = r.port ?? svc.port ?? 0;
		return port === server.address.port || (service.protocol === 'fwm' && r.port === undefined);
	});
	return entry?.weight;
}
