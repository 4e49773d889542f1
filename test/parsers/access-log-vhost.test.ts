// The host name before the client in `vhost_combined`-like lines (`%v %h`, `$host $remote_addr`) is
// known by a letter in its first label (src/parsers/access-log.ts, the lookahead in CLF): a first
// field of digits and dots is an address, never taken for a host, so the address after it is not
// read as the client.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessLog } from '../../src/parsers/access-log.js';

const ctx = { time: { zone: 'UTC' } };
const rest = '- - [09/Jun/2020:12:10:39 -0700] "GET /x HTTP/1.1" 206 10';
const sourceOf = (line: string): unknown => {
  const parsed = accessLog.parse(line, ctx);
  return parsed?.event?.kind === 'request' ? parsed.event.source : undefined;
};

describe('access-log: a host name before the client', () => {
  it('reads the address after a dotted name with a letter in its first label', () => {
    assert.equal(sourceOf(`lessons.example.com 192.168.0.1 ${rest}`), '192.168.0.1');
    assert.equal(sourceOf(`1host.example.com 192.168.0.1 ${rest}`), '192.168.0.1');
  });

  it('never takes an address (digits and dots only) for the host name', () => {
    assert.equal(sourceOf(`10.0.0.7 192.168.0.1 ${rest}`), undefined);
    assert.equal(sourceOf(`10.0.0.7 ${rest}`), '10.0.0.7');
  });
});
