// The client behind a reverse proxy. A proxy logs its peer (`$remote_addr`: often a load balancer
// or another proxy) and the X-Forwarded-For list the request arrived with. The list is written by
// whoever sent the request, so only entries added by proxies we trust can be believed: walking it
// from the right, the first address that is not a trusted proxy is the client.
import { BlockList, isIP } from 'node:net';
import { UsageError } from '../errors.js';
import type { GatewayEvent } from '../parsers/parser.js';
import { clientAddress } from '../parsers/http-fields.js';
import { shownValue } from '../shown-value.js';

/** Loopback and the private ranges: where proxies in front of a gateway usually sit. */
const DEFAULT_TRUSTED = ['127.0.0.0/8', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '::1/128', 'fc00::/7'];

// node:net loads at the first address judged (scripts/bundle.mjs, LAZY_BUILTINS): compiling it
// (its IPv6 pattern above all) cost ~5% of an audit of a gateway log that names no forwarded client.
export type TrustedProxies = BlockList;

let defaults: TrustedProxies | undefined;

/** The default trusted proxies, built once when first needed. */
export function defaultTrustedProxies(): TrustedProxies {
  return (defaults ??= parseTrustedProxies(undefined));
}

/** `--trusted-proxy CIDR…` (an address alone is a /32 or /128); the defaults without the flag. */
export function parseTrustedProxies(values: readonly string[] | undefined): TrustedProxies {
  const list = new BlockList();
  for (const value of values ?? DEFAULT_TRUSTED) {
    for (const part of value.split(',')) {
      const text = part.trim();
      if (text === '') continue;
      const [address = '', bits] = text.split('/');
      const family = isIP(address);
      const max = family === 4 ? 32 : 128;
      const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
      if (family === 0 || !(prefix >= 0 && prefix <= max)) {
        throw new UsageError(`--trusted-proxy takes addresses or CIDR ranges such as 10.0.0.0/8: ${shownValue(text)}`);
      }
      list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
    }
  }
  return list;
}

export function isTrusted(trusted: TrustedProxies, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && trusted.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Sets `source` to the forwarded client when the peer is a trusted proxy (or when the log names
 * no peer, as Envoy's default format), keeping the peer in `peer`. An untrusted peer stays the
 * source: it could have written any X-Forwarded-For it liked.
 */
export function resolveForwarded(event: GatewayEvent, trusted: TrustedProxies): void {
  const list = event.forwardedFor;
  delete event.forwardedFor;
  if (list === undefined) return;
  const peer = event.source;
  if (peer !== undefined && !isTrusted(trusted, peer)) return;
  const hops = list.split(',').map((h) => clientAddress(h.trim().replace(/^"|"$/g, ''))).filter((h): h is string => h !== undefined && isIP(h) !== 0);
  if (hops.length === 0) return;
  let client = hops[0]!;
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isTrusted(trusted, hops[i]!)) {
      client = hops[i]!;
      break;
    }
  }
  if (client === peer) return;
  if (peer !== undefined) event.peer = peer;
  event.source = client;
}
