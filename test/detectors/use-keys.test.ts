// The keys token-use rows are counted under (detectors/use-keys.ts): the cached key is always the
// string useKey builds, for every mix of token, source, agent and input, and past its bound too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditEvent } from '../../src/detectors/detector.js';
import { MAX_CACHED_KEYS, UseKeys, useKey } from '../../src/detectors/use-keys.js';

const exposed = { fingerprint: 'sha256:9c1185a5c5e9', label: 'exposed' };
const other = { fingerprint: 'sha256:0123456789ab', label: 'old' };

function event(i: number, fields: Partial<AuditEvent>): AuditEvent {
  return { kind: 'request', location: { path: `logs/${i % 2}.jsonl`, line: i + 1 }, ...fields };
}

test('UseKeys gives the key useKey builds, per token and source', () => {
  const keys = new UseKeys();
  const events = [
    event(0, { source: '203.0.113.7', token: exposed }),
    event(1, { source: '203.0.113.7', token: other }),
    event(2, { source: '203.0.113.7' }),
    event(3, { source: '203.0.113.7', token: exposed }),
    event(4, { agent: 'researcher', token: exposed }),
    event(5, { token: exposed }),
    event(6, { token: exposed }),
    // A source spelled like a fingerprint is its own row; one spelled like an agent's key shares that
    // agent's row, as useKey has it.
    event(7, { source: 'sha256:0123456789ab', token: exposed }),
    event(8, { source: 'agent:researcher', token: exposed }),
    event(9, { source: '' }),
  ];
  for (let round = 0; round < 2; round++) {
    for (const e of events) assert.equal(keys.of(e), useKey(e));
  }
  assert.equal(new Set(events.map((e) => keys.of(e))).size, 8);
});

test('UseKeys answers interleaved clients from its last two pairs with the key useKey builds', () => {
  const keys = new UseKeys();
  const a = (i: number): AuditEvent => event(i, { source: '10.20.0.9', token: exposed });
  const b = (i: number): AuditEvent => event(i, { source: '10.20.0.5', token: exposed });
  const c = (i: number): AuditEvent => event(i, { source: '10.20.0.9', token: other });
  const d = (i: number): AuditEvent => event(i, { source: '10.20.0.9' });
  // Same source, other token (and none): never the cached key of the same source.
  const order = [a, b, a, a, b, c, a, c, d, c, d, b, d, a];
  order.forEach((make, i) => {
    const e = make(i);
    assert.equal(keys.of(e), useKey(e), `event ${i}`);
  });
});

test('UseKeys starts over past its bound and still gives every key', () => {
  const keys = new UseKeys();
  const n = MAX_CACHED_KEYS + 10;
  for (let i = 0; i < n; i++) {
    const e = event(i, { source: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, token: exposed });
    assert.equal(keys.of(e), useKey(e));
  }
  const first = event(0, { source: '10.0.0.0', token: exposed });
  assert.equal(keys.of(first), useKey(first));
});
