// The user agents and agents a finding lists (detectors/first-seen.ts): the `cap` values first used,
// whatever the reading order, and the same when the value of the last add comes again (it is
// answered without the Map, issue 8) or was evicted since.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FirstSeen, mergeSeen, type SeenValue } from '../../src/detectors/first-seen.js';
import { seededInts } from '../random.js';

test('FirstSeen keeps the cap values used first, each at its earliest time, whatever repeats and evictions came between', () => {
  const rnd = seededInts(7);
  for (let run = 0; run < 300; run++) {
    const cap = 1 + rnd(6);
    const seen = new FirstSeen(cap);
    // Every value with its earliest time (undefined: none with a time), cut to the cap at the end.
    const all = new Map<string, number | undefined>();
    let value = 'ua/0';
    for (let i = 0; i < 200; i++) {
      // Half the adds repeat the last value (a row's uses, line after line).
      if (rnd(2) === 0) value = `ua/${rnd(3 + rnd(12))}`;
      const time = rnd(8) === 0 ? undefined : 1_000 * rnd(100);
      seen.add(value, time);
      if (rnd(20) === 0) seen.add(undefined, time);
      const known = all.get(value);
      if (!all.has(value) || (time !== undefined && (known === undefined || time < known))) all.set(value, time);
    }
    const expected: SeenValue[] = [...all].map(([v, t]) => (t === undefined ? { value: v } : { value: v, time: t }));
    assert.deepEqual(seen.state(), mergeSeen(expected, [], cap), `run ${run}`);
  }
});

test('FirstSeen: a value evicted by an earlier one is not answered from the last add', () => {
  const seen = new FirstSeen(1);
  seen.add('late', 5_000);
  seen.add('early', 1_000);
  // `early` evicted `late`; `late` again, earlier than before but not than `early`: still out.
  seen.add('late', 2_000);
  seen.add('late', 3_000);
  assert.deepEqual(seen.state(), [{ value: 'early', time: 1_000 }]);
  seen.add('early', 500);
  assert.deepEqual(seen.state(), [{ value: 'early', time: 500 }]);
  seen.add('late', 100);
  seen.add('late', 50);
  assert.deepEqual(seen.state(), [{ value: 'late', time: 50 }]);
});
