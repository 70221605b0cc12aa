// A VIP checked before anything runs: an address that is IPv4 or IPv6, a device name the kernel
// accepts, a label of at most 15 characters that begins with its device (`eth0:50`). Everything
// that later reaches a shell comes from here.
import {appError, fail, ok, type Result} from '../result.js';
import {netmaskToPrefix} from '../config/address.js';
import type {VipConfig} from '../config/cluster-config.js';
import {addressFamily, canonicalAddress, type AddressFamily} from './ip-address.js';

/** IFNAMSIZ - 1: the kernel's limit for device names and IPv4 labels. */
export const MAX_IFNAME = 15;

export interface VipSpec {
	address: string;
	family: AddressFamily;
	device: string;
	/** IPv4 only; IPv6 addresses cannot carry a label. */
	label?: string;
	prefix: number;
}

const DEVICE = /^[A-Za-z0-9_.-]+$/;

export function validateDeviceName(device: string): string | null {
	if (device === '') return 'the device name is empty';
	if (device.length > MAX_IFNAME) return `device '${device}' is longer than ${MAX_IFNAME} characters`;
	if (device === '.' || device === '..' || !DEVICE.test(device)) return `'${device}' is not a device name (letters, digits, '_', '.', '-')`;
	return null;
}

export function validateLabel(label: string, device: string): string | null {
	if (label.length > MAX_IFNAME) return `label '${label}' is ${label.length} characters; the kernel allows at most ${MAX_IFNAME}`;
	if (label !== device && !label.startsWith(device + ':')) return `label '${label}' must be '${device}' or begin with '${device}:' (e.g. ${device}:50)`;
	if (!/^[A-Za-z0-9_.:-]+$/.test(label)) return `label '${label}' may only hold letters, digits, '_', '.', '-' and ':'`;
	return null;
}

export function validateVip(vip: Pick<VipConfig, 'address' | 'device' | 'label'> & {prefix?: number}): Result<VipSpec> {
	const family = addressFamily(vip.address);
	if (!family) return fail(appError('vip.bad-address', `VIP '${vip.address}' is not an IPv4 or IPv6 address`));
	const deviceProblem = validateDeviceName(vip.device);
	if (deviceProblem) return fail(appError('vip.bad-device', `VIP ${vip.address}: ${deviceProblem}`));
	const max = family === 'inet' ? 32 : 128;
	const prefix = vip.prefix ?? max;
	if (!Number.isInteger(prefix) || prefix < 1 || prefix > max) return fail(appError('vip.bad-prefix', `VIP ${vip.address}: prefix /${prefix} is not between 1 and ${max}`));
	const spec: VipSpec = {address: family === 'inet6' ? canonicalAddress(vip.address) : vip.address, family, device: vip.device, prefix};
	if (vip.label !== undefined && vip.label !== '') {
		const labelProblem = validateLabel(vip.label, vip.device);
		if (labelProblem) return fail(appError('vip.bad-label', `VIP ${vip.address}: ${labelProblem}`));
		// IPv6 has no labels in the kernel; keep the address, drop the label rather than fail at `ip`.
		if (family === 'inet') spec.label = vip.label;
	}
	return ok(spec);
}

/**
 * configure-lvs `VIP=eth0:50 192.168.155.50 255.255.255.255 192.168.155.255` (the value part): the
 * alias names device and label at once. Host names (`VIP=eth1:50 lvs …`) need a resolver: refused here.
 */
export function vipFromConfigureLvs(value: string): Result<VipSpec> {
	const words = value.trim().split(/\s+/);
	if (words.length < 2) return fail(appError('vip.configure-lvs', `VIP='${value}' needs at least 'device[:alias] address'`));
	const [alias, address, netmask] = words;
	const device = alias.split(':')[0];
	if (!addressFamily(address)) return fail(appError('vip.configure-lvs', `VIP='${value}': '${address}' is a name, not an address; resolve it first (e.g. from /etc/hosts)`));
	let prefix: number | undefined;
	if (netmask !== undefined) {
		const p = netmaskToPrefix(netmask);
		if (p === null) return fail(appError('vip.configure-lvs', `VIP='${value}': netmask '${netmask}' is not a valid netmask`));
		prefix = p;
	}
	return validateVip({address, device, label: alias.includes(':') ? alias : undefined, prefix});
}
