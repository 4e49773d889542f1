import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/errors.js';
import type { GatewayEvent } from '../../src/parsers/parser.js';
import { isTrusted, parseTrustedProxies, resolveForwarded } from '../../src/pipeline/forwarded.js';

function resolved(source: string | undefined, forwardedFor: string, trusted = parseTrustedProxies(undefined)): [string | null, string | null] {
  const event: GatewayEvent = { kind: 'request', forwardedFor };
  if (source !== undefined) event.source = source;
  resolveForwarded(event, trusted);
  assert.equal(event.forwardedFor, undefined, 'the list is never reported');
  return [event.source ?? null, event.peer ?? null];
}

describe('X-Forwarded-For', () => {
  it('trusts loopback and the private ranges by default, nothing public', () => {
    const t = parseTrustedProxies(undefined);
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '::1', 'fd00::1']) assert.equal(isTrusted(t, a), true, a);
    for (const a of ['172.32.0.1', '203.0.113.7', '2001:db8::1', 'not-an-ip', '']) assert.equal(isTrusted(t, a), false, a);
  });

  it('takes the rightmost untrusted hop behind a trusted peer, and keeps the peer', () => {
    assert.deepEqual(resolved('10.0.0.2', '203.0.113.7, 10.0.0.9'), ['203.0.113.7', '10.0.0.2']);
    assert.deepEqual(resolved('10.0.0.2', '198.51.100.66, 203.0.113.7'), ['203.0.113.7', '10.0.0.2']);
    assert.deepEqual(resolved('10.0.0.2', '"[2001:db8::7]:443"'), ['2001:db8::7', '10.0.0.2']);
  });

  it('believes no list from an untrusted peer', () => {
    assert.deepEqual(resolved('198.51.100.1', '10.0.0.77'), ['198.51.100.1', null]);
  });

  it('takes the leftmost hop when every hop is a trusted proxy, and ignores what is no address', () => {
    assert.deepEqual(resolved('10.0.0.2', '10.0.0.8, 10.0.0.9'), ['10.0.0.8', '10.0.0.2']);
    assert.deepEqual(resolved('10.0.0.2', 'unknown, -'), ['10.0.0.2', null]);
  });

  it('reads a list with no peer (Envoy, the list in place of the address)', () => {
    assert.deepEqual(resolved(undefined, '192.0.2.60, 10.0.0.2'), ['192.0.2.60', null]);
  });

  it('takes --trusted-proxy ranges instead of the defaults, comma-separated or repeated', () => {
    const t = parseTrustedProxies(['172.31.0.0/16,192.0.2.1', '2001:db8::/32']);
    assert.deepEqual(resolved('172.31.5.6', '203.0.113.7', t), ['203.0.113.7', '172.31.5.6']);
    assert.deepEqual(resolved('10.0.0.2', '203.0.113.8', t), ['10.0.0.2', null]);
    assert.equal(isTrusted(t, '192.0.2.1'), true);
    assert.equal(isTrusted(t, '2001:db8::5'), true);
  });

  it('refuses what is no address or range in one usage error', () => {
    for (const bad of ['10.0.0.0/33', 'gw.internal', '10.0.0.0/x', '::1/129']) {
      assert.throws(() => parseTrustedProxies([bad]), UsageError, bad);
    }
  });
});
