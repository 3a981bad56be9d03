import { describe, expect, it } from 'vitest';
import { createAddressPolicy } from './webhook-address.ts';

describe('webhook address policy (SSRF)', () => {
  const strict = createAddressPolicy();
  it.each([
    ['127.0.0.1', false],
    ['127.1.2.3', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['192.168.1.1', false],
    ['100.64.0.1', false], // CGNAT
    ['169.254.169.254', false], // cloud metadata
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::1', false],
    ['::', false],
    ['::ffff:127.0.0.1', false], // IPv4-mapped
    ['::ffff:7f00:1', false],
    ['64:ff9b::7f00:1', false], // NAT64 of 127.0.0.1
    ['2002:7f00:1::', false], // 6to4 of 127.0.0.1
    ['fe80::1', false],
    ['fd00:ec2::254', false], // AWS IPv6 metadata
    ['8.8.8.8', true],
    ['93.184.216.34', true],
    ['172.32.0.1', true], // just past 172.16/12
    ['2606:4700::1111', true],
  ])('%s → %s', (ip, allowed) => {
    expect(strict.allows(ip)).toBe(allowed);
  });

  it('an allowlist opens exactly what it names', () => {
    const p = createAddressPolicy(['127.0.0.1/32', '10.20.0.0/16']);
    expect(p.allows('127.0.0.1')).toBe(true);
    expect(p.allows('127.0.0.2')).toBe(false);
    expect(p.allows('10.20.5.5')).toBe(true);
    expect(p.allows('10.21.0.1')).toBe(false);
    expect(p.allows('169.254.169.254')).toBe(false);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'private_address'],
    ['http://localhost:54420/', 'private_address'],
    ['http://0x7f.1/', 'private_address'], // the URL parser reads it as 127.0.0.1
    ['http://2130706433/', 'private_address'],
    ['http://0177.0.0.1/', 'private_address'],
    ['http://[::ffff:127.0.0.1]/', 'private_address'],
    ['http://[::1]:8080/', 'private_address'],
    ['http://10.0.0.1/', 'private_address'],
    ['http://100.64.1.1/', 'private_address'],
    ['http://no-such-host.invalid/', 'unresolvable'],
    ['not a url', 'bad_url'],
  ])('checkUrl(%s) → %s', async (url, reason) => {
    expect(await strict.checkUrl(url)).toEqual({ ok: false, reason });
  });

  it('a public IP literal passes without resolving', async () => {
    expect(await strict.checkUrl('https://93.184.216.34/hook')).toEqual({
      ok: true,
      addresses: ['93.184.216.34'],
    });
  });
});
