import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { WebhookError } from './webhook-error.ts';

/** The environment variable of the allow-list: hosts, addresses and subnets webhooks may reach although internal. */
export const WEBHOOK_ALLOW_HOSTS_VARIABLE = 'MAINLINE_WEBHOOK_ALLOW_HOSTS';

type Family = 'ipv4' | 'ipv6';

/** Addresses a webhook is not sent to: the server's own network, the cloud's metadata service and other non-public ranges. */
interface Range {
  network: string;
  prefix: number;
  family: Family;
  what: string;
}

const RANGES: Range[] = [
  { network: '0.0.0.0', prefix: 8, family: 'ipv4', what: '"this network"' },
  { network: '10.0.0.0', prefix: 8, family: 'ipv4', what: 'private' },
  { network: '100.64.0.0', prefix: 10, family: 'ipv4', what: 'shared (carrier-grade NAT)' },
  { network: '127.0.0.0', prefix: 8, family: 'ipv4', what: 'loopback' },
  { network: '169.254.0.0', prefix: 16, family: 'ipv4', what: 'link-local (the cloud metadata service is 169.254.169.254)' },
  { network: '172.16.0.0', prefix: 12, family: 'ipv4', what: 'private' },
  { network: '192.0.0.0', prefix: 24, family: 'ipv4', what: 'IETF protocol assignment' },
  { network: '192.168.0.0', prefix: 16, family: 'ipv4', what: 'private' },
  { network: '198.18.0.0', prefix: 15, family: 'ipv4', what: 'benchmarking' },
  { network: '224.0.0.0', prefix: 4, family: 'ipv4', what: 'multicast' },
  { network: '240.0.0.0', prefix: 4, family: 'ipv4', what: 'reserved' },
  { network: '::', prefix: 96, family: 'ipv6', what: 'unspecified, loopback or IPv4-compatible' },
  { network: 'fc00::', prefix: 7, family: 'ipv6', what: 'unique local' },
  { network: 'fe80::', prefix: 10, family: 'ipv6', what: 'link-local' },
  { network: 'fec0::', prefix: 10, family: 'ipv6', what: 'site-local' },
  { network: 'ff00::', prefix: 8, family: 'ipv6', what: 'multicast' },
  // tunnels and translators that carry an IPv4 address the check above would not see
  { network: '64:ff9b:1::', prefix: 48, family: 'ipv6', what: 'local-use IPv4/IPv6 translation' },
  { network: '2001::', prefix: 32, family: 'ipv6', what: 'Teredo tunnelling' },
  { network: '2002::', prefix: 16, family: 'ipv6', what: '6to4 tunnelling' },
];
/** NAT64's well-known prefix: the last 32 bits are the IPv4 address reached, checked as such. */
const NAT64 = subnet('64:ff9b::', 96, 'ipv6');
const INTERNAL = RANGES.map((range) => ({ ...range, list: subnet(range.network, range.prefix, range.family) }));

function subnet(network: string, prefix: number, family: Family): BlockList {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return list;
}

const familyOf = (address: string): Family => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** Which internal range `address` is in (IPv4-mapped IPv6 addresses count as their IPv4 address), or null for a public one. */
export function internalRange(address: string): string | null {
  const family = familyOf(address);
  if (family === 'ipv6' && NAT64.check(address, 'ipv6')) {
    const embedded = internalRange(lastIpv4(address));
    return embedded === null ? null : `${embedded}, through NAT64 (64:ff9b::/96)`;
  }
  const range = INTERNAL.find((r) => r.list.check(address, family));
  return range ? `${range.what} (${range.network}/${range.prefix})` : null;
}

/** The IPv4 address in the last 32 bits of an IPv6 address (`64:ff9b::a9fe:a9fe` or `64:ff9b::169.254.169.254`). */
function lastIpv4(address: string): string {
  const tail = address.slice(address.lastIndexOf(':') + 1);
  if (tail.includes('.')) return tail;
  const [high = '0', low = '0'] = address.split(':').slice(-2).map((group) => group || '0');
  const bytes = [parseInt(high, 16) >> 8, parseInt(high, 16) & 255, parseInt(low, 16) >> 8, parseInt(low, 16) & 255];
  return bytes.join('.');
}

/** Hosts (by name), addresses and subnets webhooks may reach although they are internal. */
export interface WebhookAllowList {
  hosts: ReadonlySet<string>;
  addresses: BlockList;
}

/**
 * The allow-list from entries such as `erp.internal`, `127.0.0.1`, `::1`, `10.20.0.0/16`
 * (commas or spaces between them in the environment variable). A host name allows that name
 * whatever it resolves to; an address or a subnet allows what resolves into it. Throws on an
 * entry that is none of these.
 */
export function webhookAllowList(entries: readonly string[] | string | undefined): WebhookAllowList {
  const list = typeof entries === 'string' ? entries.split(/[\s,]+/) : (entries ?? []);
  const hosts = new Set<string>();
  const addresses = new BlockList();
  for (const raw of list) {
    const entry = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
    if (!entry) continue;
    const [address, prefix, extra] = entry.split('/');
    if (isIP(address!) !== 0 && extra === undefined) {
      const family = familyOf(address!);
      const bits = prefix === undefined ? (family === 'ipv4' ? 32 : 128) : Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (family === 'ipv4' ? 32 : 128) || (prefix !== undefined && !/^\d+$/.test(prefix))) throw new Error(`${WEBHOOK_ALLOW_HOSTS_VARIABLE}: "${raw}" is not an address or a subnet`);
      addresses.addSubnet(address!, bits, family);
    } else if (/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/.test(entry)) {
      hosts.add(entry.replace(/\.$/, ''));
    } else {
      throw new Error(`${WEBHOOK_ALLOW_HOSTS_VARIABLE}: "${raw}" is not a host name, an address or a subnet`);
    }
  }
  return { hosts, addresses };
}

/** Where a delivery may connect: the addresses checked (handed to the connection, so it connects to what was checked), or null to resolve as usual (an allowed host name). */
export interface WebhookTarget {
  url: URL;
  lookup: LookupFunction | null;
}

/**
 * Resolves the webhook's host and refuses it — a permanent `webhook.address-refused`, no attempt
 * sent — when any of its addresses is internal (loopback, private, link-local, unique local, …)
 * and neither the host nor that address is allowed. The connection then uses exactly the addresses
 * checked (no second look-up a rebinding DNS could answer differently). A failed look-up throws
 * the resolver's error (a network error, retried).
 */
export async function webhookTarget(url: string, allow: WebhookAllowList, signal: AbortSignal): Promise<WebhookTarget> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new WebhookError('webhook.address-refused', `${url}: only http and https URLs are called`, true);
  }
  const host = parsed.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (allow.hosts.has(host.replace(/\.$/, ''))) return { url: parsed, lookup: null };
  const found = isIP(host) !== 0 ? [{ address: host, family: isIP(host) }] : await abortable(lookup(host, { all: true, verbatim: true }), signal);
  for (const { address } of found) {
    const range = internalRange(address);
    if (range !== null && !allow.addresses.check(address, familyOf(address))) {
      const is = isIP(host) !== 0 ? `is ${range}` : `resolves to ${address}, ${range}`;
      throw new WebhookError('webhook.address-refused', `${url}: ${host} ${is}; webhooks are not sent to internal addresses unless the host is allowed (${WEBHOOK_ALLOW_HOSTS_VARIABLE})`, true);
    }
  }
  return { url: parsed, lookup: pinned(found) };
}

/** A lookup that answers the addresses already checked (by the connection's wanted family when it names one). */
function pinned(addresses: { address: string; family: number }[]): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
    const answer = wanted.length > 0 ? wanted : addresses;
    if (options.all) (callback as unknown as (error: null, addresses: { address: string; family: number }[]) => void)(null, answer);
    else callback(null, answer[0]!.address, answer[0]!.family);
  };
}

/** The promise, or the signal's reason once it aborts (a look-up that hangs ends with the attempt's timeout). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
