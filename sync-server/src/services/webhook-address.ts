/**
 * Where a webhook may be sent (issue 11, SSRF): an admin could register
 * `http://169.254.169.254/` (cloud metadata), `http://localhost:54420/` (the embedded
 * Postgres), `http://0x7f.1/` or `http://[::ffff:127.0.0.1]/`, and the delivery log then
 * told open ports from closed ones. Now every address a webhook host resolves to must be a
 * public unicast address — not loopback, private, shared (CGNAT), link-local (metadata),
 * multicast, reserved, documentation, or an IPv4 address hidden in IPv6 (mapped, NAT64,
 * 6to4, Teredo) — unless the configured allowlist (`WEBHOOK_ALLOWED_NETWORKS`) names it.
 *
 * Checked at registration and again at every delivery, where the connection is made to
 * the address that was checked (a guarded `lookup`), so a DNS answer that changes between
 * check and connect (rebinding) gains nothing. Odd IPv4 notations need no special case:
 * the WHATWG URL parser already turns `0x7f.1`, `2130706433` or `0177.0.0.1` into
 * `127.0.0.1`, and `[::ffff:127.0.0.1]` into `[::ffff:7f00:1]`.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { parseNetwork } from '../config.ts';

/** Ranges never called unless allowlisted (IANA special-purpose registries, RFC 6890). */
const DENIED_V4: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (CGNAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const DENIED_V6: readonly [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::ffff:0:0', 96], // IPv4-mapped
  ['::', 96], // IPv4-compatible (deprecated)
  ['64:ff9b::', 96], // NAT64
  ['64:ff9b:1::', 48], // local NAT64
  ['100::', 64], // discard
  ['2001::', 32], // Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['fc00::', 7], // unique local (incl. fd00:ec2::254, a metadata address)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

export type AddressPolicy = {
  /** True when a connection to `ip` is allowed. */
  allows(ip: string): boolean;
  /**
   * Resolves the URL's host and checks every address. `private_address` when any is not
   * allowed, `unresolvable` when the name has no address (or resolving takes too long).
   */
  checkUrl(url: string): Promise<{ ok: true; addresses: string[] } | { ok: false; reason: UrlRefusal }>;
  /** A `lookup` for node:http that refuses a disallowed answer instead of connecting to it. */
  lookup: LookupFunction;
};

export type UrlRefusal = 'private_address' | 'unresolvable' | 'bad_url';

const RESOLVE_TIMEOUT_MS = 3000;

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('lookup timed out')), RESOLVE_TIMEOUT_MS);
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => {
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(addresses);
    });
  });
}

/** Builds the policy: the denied ranges above, minus whatever `allowed` (IPs/CIDRs) names. */
export function createAddressPolicy(allowed: readonly string[] = []): AddressPolicy {
  // One list per family: node's BlockList also matches an IPv4 address against IPv6 rules
  // through its mapped form, and `::ffff:0:0/96` is denied — which would deny every IPv4.
  const list = (entries: readonly (readonly [string, number])[], family: 'ipv4' | 'ipv6') => {
    const b = new BlockList();
    for (const [a, p] of entries) b.addSubnet(a, p, family);
    return b;
  };
  const denied = { ipv4: list(DENIED_V4, 'ipv4'), ipv6: list(DENIED_V6, 'ipv6') };
  const networks = allowed.map(parseNetwork);
  const allow = {
    ipv4: list(
      networks.filter((n) => n.family === 'ipv4').map((n) => [n.address, n.prefix] as const),
      'ipv4',
    ),
    ipv6: list(
      networks.filter((n) => n.family === 'ipv6').map((n) => [n.address, n.prefix] as const),
      'ipv6',
    ),
  };

  const allows = (ip: string): boolean => {
    const v = isIP(ip);
    if (v === 0) return false;
    const family = v === 4 ? 'ipv4' : 'ipv6';
    if (allow[family].check(ip, family)) return true;
    return !denied[family].check(ip, family);
  };

  const lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, verbatim: true, family: options.family ?? 0 }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const usable = addresses.filter((a) => allows(a.address));
      if (usable.length === 0 || usable.length !== addresses.length) {
        const refused = Object.assign(new Error('webhook address not allowed'), { code: 'EADDRNOTALLOWED' });
        return callback(refused, '', 0);
      }
      // Node ≥ 20 asks for every address (autoSelectFamily); older callers for one.
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, usable);
      const first = usable[0]!;
      return callback(null, first.address, first.family);
    });
  };

  return {
    allows,
    lookup,
    async checkUrl(url) {
      let host: string;
      try {
        host = new URL(url).hostname;
      } catch {
        return { ok: false, reason: 'bad_url' };
      }
      const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
      if (bare === '') return { ok: false, reason: 'bad_url' };
      let addresses: string[];
      if (isIP(bare)) addresses = [bare];
      else {
        try {
          addresses = (await resolveAll(bare)).map((a) => a.address);
        } catch {
          return { ok: false, reason: 'unresolvable' };
        }
      }
      if (addresses.length === 0) return { ok: false, reason: 'unresolvable' };
      return addresses.every(allows) ? { ok: true, addresses } : { ok: false, reason: 'private_address' };
    },
  };
}
