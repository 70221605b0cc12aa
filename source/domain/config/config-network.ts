// vips:, dip: and directorGateway: — the addresses lvs-tui brings up and down on the director.

import type {DipConfig, VipConfig} from './cluster-config.js';
import {isCidr, isDeviceName} from './address.js';
import {readInt, readList, readMap, readString, report, type Field, type ReadContext} from './yaml-reader.js';
import {isIpAddress, isIpv4} from '../net/ip-address.js';

const VIP_KEYS = ['address', 'device', 'label', 'prefix'] as const;
const DIP_KEYS = ['address', 'device', 'label', 'network'] as const;

export function readAddress(ctx: ReadContext, field: Field): string | undefined {
	const text = readString(ctx, field);
	if (text === undefined) return undefined;
	if (!isIpAddress(text)) {
		report(ctx, 'config.address', field.line, `${field.path}: '${text}' is not an IPv4 or IPv6 address`);
		return undefined;
	}
	return text;
}

function readDevice(ctx: ReadContext, field: Field): string | undefined {
	const text = readString(ctx, field);
	if (text !== undefined && !isDeviceName(text)) {
		report(ctx, 'config.value', field.line, `${field.path}: '${text}' is not an interface name (1-15 characters, no '/', ':' or spaces)`);
		return undefined;
	}
	return text;
}

/** Linux keeps labels in IFNAMSIZ (15 chars) and requires them to start with the device name. */
function readLabel(ctx: ReadContext, field: Field, device: string | undefined): string | undefined {
	const text = readString(ctx, field);
	if (text === undefined) return undefined;
	if (text.length > 15) {
		report(ctx, 'config.label', field.line, `${field.path}: label '${text}' is ${text.length} characters; Linux allows at most 15`);
		return undefined;
	}
	if (device !== undefined && !text.startsWith(device)) {
		report(ctx, 'config.label', field.line, `${field.path}: label '${text}' must start with its device name '${device}' (e.g. ${device}:1)`);
		return undefined;
	}
	return text;
}

/** device defaults to the part of the label before ':' so `label: eth0:110` alone is enough. */
function deviceOf(ctx: ReadContext, entries: Map<string, Field>, owner: Field): string | undefined {
	const deviceField = entries.get('device');
	if (deviceField) return readDevice(ctx, deviceField);
	const labelField = entries.get('label');
	const label = labelField?.node && 'value' in labelField.node ? labelField.node.value : undefined;
	if (typeof label === 'string' && label.includes(':')) return label.slice(0, label.indexOf(':'));
	report(ctx, 'config.missing', owner.line, `${owner.path}: 'device' is required (the director interface that carries it, e.g. eth0)`);
	return undefined;
}

export function readVips(ctx: ReadContext, field: Field | undefined): VipConfig[] {
	if (!field) return [];
	const vips: VipConfig[] = [];
	for (const item of readList(ctx, field) ?? []) {
		const entries = readMap(ctx, item, VIP_KEYS);
		if (!entries) continue;
		const addressField = entries.get('address');
		const address = addressField ? readAddress(ctx, addressField) : undefined;
		if (!addressField) report(ctx, 'config.missing', item.line, `${item.path}: 'address' is required (the VIP, e.g. 192.168.1.110)`);
		const device = deviceOf(ctx, entries, item);
		const labelField = entries.get('label');
		const label = labelField ? readLabel(ctx, labelField, device) : undefined;
		const v6 = address !== undefined && !isIpv4(address);
		const prefixField = entries.get('prefix');
		const prefix = prefixField ? readInt(ctx, prefixField, 0, v6 ? 128 : 32) : v6 ? 128 : 32;
		if (address === undefined || device === undefined || prefix === undefined) continue;
		const vip: VipConfig = {address, device, prefix, line: item.line};
		if (label !== undefined) vip.label = label;
		vips.push(vip);
	}
	return vips;
}

export function readDip(ctx: ReadContext, field: Field | undefined): DipConfig | undefined {
	if (!field) return undefined;
	const entries = readMap(ctx, field, DIP_KEYS);
	if (!entries) return undefined;
	const addressField = entries.get('address');
	const address = addressField ? readAddress(ctx, addressField) : undefined;
	if (!addressField) report(ctx, 'config.missing', field.line, `${field.path}: 'address' is required (the director's inside address, e.g. 172.16.0.1)`);
	const device = deviceOf(ctx, entries, field);
	const labelField = entries.get('label');
	const label = labelField ? readLabel(ctx, labelField, device) : undefined;
	const networkField = entries.get('network');
	let network: string | undefined;
	if (networkField) {
		network = readString(ctx, networkField);
		if (network !== undefined && !isCidr(network)) {
			report(ctx, 'config.address', networkField.line, `${networkField.path}: '${network}' is not a network in CIDR form like 172.16.0.0/16`);
			network = undefined;
		}
	}
	if (address === undefined || device === undefined) return undefined;
	const dip: DipConfig = {address, device};
	if (label !== undefined) dip.label = label;
	if (network !== undefined) dip.network = network;
	return dip;
}
