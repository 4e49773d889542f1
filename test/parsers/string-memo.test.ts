import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StringMemo } from '../../src/parsers/string-memo.js';
import { seeded } from '../random.js';

describe('StringMemo', () => {
  it('answers as the function does, whichever values share a slot, and computes a repeated value once', () => {
    let calls = 0;
    const memo = new StringMemo((value: unknown) => {
      calls++;
      return `<${String(value).trim()}>`;
    });
    const random = seeded(64);
    // Few distinct values of many lengths and endings: slots are shared and replaced.
    const values = Array.from({ length: 300 }, (_, i) => ` 10.0.${i % 7}.${i} `.slice(0, 4 + (i % 9)));
    for (let n = 0; n < 20_000; n++) {
      const value = values[Math.floor(random() * values.length)]!;
      // A new string of the same text each time, as each decoded line gives.
      assert.equal(memo.get(`${value}!`.slice(0, -1)), `<${value.trim()}>`);
    }
    assert.equal(memo.get(''), '<>');
    const before = calls;
    memo.get('203.0.113.7');
    memo.get('203.0.113.7');
    assert.equal(calls, before + 1);
    // Not a string: computed each time, never kept.
    assert.equal(memo.get(404), '<404>');
    assert.equal(memo.get(404), '<404>');
    assert.equal(calls, before + 3);
  });
});
