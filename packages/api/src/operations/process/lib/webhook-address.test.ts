import { describe, expect, it } from 'vitest';
import { WebhookError } from './webhook-error.ts';
import { internalRange, webhookAllowList, webhookTarget } from './webhook-address.ts';

const none = webhookAllowList(undefined);
const signal = () => AbortSignal.timeout(5_000);

async function refused(url: string, allow = none): Promise<string> {
  try {
    await webhookTarget(url, allow, signal());
  } catch (error) {
    if (error instanceof WebhookError && error.permanent) return error.message;
    throw error;
  }
  throw new Error(`${url} was not refused`);
}

describe('webhook addresses', () => {
  it('knows the internal ranges, IPv4-mapped IPv6 included, and lets public addresses through', () => {
    const internal = ['127.0.0.1', '127.255.0.9', '10.1.2.3', '172.16.0.1', '172.31.255.254', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd00:ec2::254', 'fc00::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:a9fe:a9fe'];
    expect(internal.filter((a) => internalRange(a) === null)).toEqual([]);
    expect(internalRange('169.254.169.254')).toContain('link-local');
    expect(internalRange('fd12:3456::1')).toBe('unique local (fc00::/7)');
    // IPv4 carried in IPv6: NAT64 checks the address it reaches; tunnels are refused outright
    expect(internalRange('64:ff9b::a9fe:a9fe')).toContain('link-local');
    expect(internalRange('64:ff9b::a9fe:a9fe')).toContain('through NAT64');
    expect(internalRange('64:ff9b::10.0.0.1')).toContain('private');
    expect(internalRange('64:ff9b::5db8:d822')).toBeNull(); // 93.184.216.34, public
    expect(internalRange('2002:a9fe:a9fe::1')).toContain('6to4');
    expect(internalRange('2001:0:4136:e378::1')).toContain('Teredo');
    const external = ['93.184.216.34', '8.8.8.8', '172.32.0.1', '192.169.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'];
    expect(external.filter((a) => internalRange(a) !== null)).toEqual([]);
  });

  it('refuses an internal address or a name resolving to one, before any connection; says which range', async () => {
    expect(await refused('http://127.0.0.1:8080/hook')).toBe('webhook.address-refused: http://127.0.0.1:8080/hook: 127.0.0.1 is loopback (127.0.0.0/8); webhooks are not sent to internal addresses unless the host is allowed (MAINLINE_WEBHOOK_ALLOW_HOSTS)');
    expect(await refused('http://169.254.169.254/latest/meta-data/')).toContain('169.254.169.254 is link-local (the cloud metadata service is 169.254.169.254)');
    expect(await refused('http://[::ffff:7f00:1]/')).toContain('loopback');
    expect(await refused('http://[fd00::1]/')).toContain('unique local');
    expect(await refused('http://0x7f.1/')).toContain('127.0.0.1 is loopback'); // URL parsing normalises such forms first
    expect(await refused('http://localhost:3000/')).toContain('localhost resolves to 127.0.0.1, loopback');
    expect(await refused('file:///etc/passwd')).toContain('only http and https URLs are called');
  });

  it('lets a public address through, connecting to exactly the address checked', async () => {
    const target = await webhookTarget('https://93.184.216.34/hook', none, signal());
    expect(target.url.hostname).toBe('93.184.216.34');
    expect(target.lookup).not.toBeNull();
  });

  it('allows what the allow-list names: a host name whatever it resolves to, an address, a subnet', async () => {
    const allow = webhookAllowList('localhost, 10.20.0.0/16 [::1]\n127.0.0.2');
    expect(await webhookTarget('http://LOCALHOST:3000/', allow, signal())).toMatchObject({ lookup: null });
    await expect(webhookTarget('http://10.20.3.4/', allow, signal())).resolves.toBeDefined();
    await expect(webhookTarget('http://[::1]:9/', allow, signal())).resolves.toBeDefined();
    await expect(webhookTarget('http://127.0.0.2/', allow, signal())).resolves.toBeDefined();
    expect(await refused('http://10.21.0.1/', allow)).toContain('private (10.0.0.0/8)');
    expect(await refused('http://127.0.0.1/', allow)).toContain('loopback');
    expect(() => webhookAllowList(['10.0.0.0/33'])).toThrow('MAINLINE_WEBHOOK_ALLOW_HOSTS: "10.0.0.0/33" is not an address or a subnet');
    expect(() => webhookAllowList(['http://erp.internal'])).toThrow('is not a host name, an address or a subnet');
    expect(webhookAllowList(['ERP.Internal.']).hosts).toEqual(new Set(['erp.internal']));
  });

  it('answers the connection with the checked addresses, by family when it asks for one', async () => {
    const { lookup } = await webhookTarget('http://localhost/', webhookAllowList(['127.0.0.0/8', '::1']), signal());
    const answer = await new Promise((resolve) => lookup!('localhost', { all: true }, (_error, addresses) => resolve(addresses)));
    expect(answer).toEqual(expect.arrayContaining([expect.objectContaining({ address: '127.0.0.1', family: 4 })]));
    const one = await new Promise((resolve) => lookup!('localhost', { family: 4 }, (_error, address, family) => resolve([address, family])));
    expect(one).toEqual(['127.0.0.1', 4]);
  });
});
