// The bounded use list and endpoint tally behind every grouped finding (detectors/uses.ts): the
// earliest uses by time whatever the reading order, exact counts of what a bound leaves out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditEvent } from '../../src/detectors/detector.js';
import { UseList } from '../../src/detectors/uses.js';

const T0 = Date.parse('2025-02-21T14:00:00Z');
const event = (i: number, time: number | undefined, query?: string): AuditEvent => ({
  kind: 'request',
  ...(time !== undefined ? { time } : {}),
  location: { path: 'gateway.jsonl', line: i + 1 },
  method: 'GET',
  path: `/api/v1/items/${i}`,
  status: 200,
  ...(query !== undefined ? { text: `{"path":"/api/v1/items/${i}?${query}","bytes":${i}}` } : {}),
});

test('UseList keeps the N earliest by time, read in any order, and counts the rest', () => {
  for (const order of ['forward', 'reverse', 'shuffled'] as const) {
    const list = new UseList(10);
    const idx = Array.from({ length: 95 }, (_, i) => i);
    if (order === 'reverse') idx.reverse();
    if (order === 'shuffled') idx.sort((a, b) => ((a * 37) % 95) - ((b * 37) % 95));
    for (const i of idx) list.add(event(i, T0 + i * 1000));
    const { uses, omitted } = list.result();
    assert.deepEqual(uses.map((u) => u.location.line), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], order);
    assert.equal(omitted, 85, order);
  }
});

test('UseList: uses without a time come last and are dropped first', () => {
  const list = new UseList(3);
  list.add(event(0, undefined));
  list.add(event(1, T0 + 5000));
  list.add(event(2, undefined));
  list.add(event(3, T0));
  list.add(event(4, T0 + 1000));
  list.add(event(5, T0 + 2000));
  list.add(event(6, undefined));
  const { uses, omitted } = list.result();
  assert.deepEqual(uses.map((u) => [u.location.line, u.time]), [[4, T0], [5, T0 + 1000], [6, T0 + 2000]]);
  assert.equal(omitted, 4);
});

test('UseList reads the query and the size back from the line of a kept use', () => {
  const list = new UseList(5);
  list.add(event(7, T0, 'token=abc&scope=all'));
  assert.deepEqual(list.result().uses[0], { location: { path: 'gateway.jsonl', line: 8 }, kind: 'request', time: T0, method: 'GET', path: '/api/v1/items/7?token=abc&scope=all', status: 200, bytes: 7 });
});
