// A line that repeats a credential context with no separator (`OPENCLAW_GATEWAY_TOKEN=` × 14,000 on
// one 320 KB line) made every match read its value to the end of the line: quadratic, 21 s in scan
// and in mask (issue 7). The work is counted here, not timed: reading values stays linear in the
// line's length, and a real value beside the flood is still found.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { findContextLiterals } from '../../src/values/credential-contexts.js';
import { MAX_VALUE_LENGTH, readValueWork } from '../../src/values/literal-values.js';

function work(line: string): number {
  readValueWork.chars = 0;
  findContextLiterals(line, 'text');
  return readValueWork.chars;
}

describe('a line repeating a credential context', () => {
  for (const context of ['OPENCLAW_GATEWAY_TOKEN=', 'OPENCLAW_AUTH_TOKEN=', 'gatewayToken: "x', 'config set gateway.auth.token ', '--channel x --token ', '--token ', 'Gateway token: ', '${OPENCLAW_GATEWAY_TOKEN:-', 'OPENCLAW_GATEWAY_TOKEN="x', 'OPENCLAW_GATEWAY_TOKEN=`']) {
    it(`${JSON.stringify(context)} × n: the characters read grow linearly with n, bounded per match`, () => {
      const small = context.repeat(Math.floor(80_000 / context.length));
      const large = context.repeat(Math.floor(320_000 / context.length));
      const w1 = work(small);
      const w4 = work(large);
      // Quadratic work reads ~16× as much for 4× the line; linear reads ~4×.
      assert.ok(w4 <= 4.5 * Math.max(w1, 1), `80 KB: ${w1} characters read; 320 KB: ${w4}`);
      assert.ok(w4 <= (large.length / context.length) * (MAX_VALUE_LENGTH + 2) + large.length, `320 KB: ${w4} characters read`);
    });
  }

  it('a real literal after the flood is still found', () => {
    // Generated, so that no token-shaped literal sits in the repository.
    const token = createHash('sha256').update('repeated-context').digest('hex').slice(0, 48);
    const line = `${'OPENCLAW_GATEWAY_TOKEN='.repeat(10_000)} OPENCLAW_GATEWAY_TOKEN=${token} done`;
    const found = findContextLiterals(line, 'text')?.candidates?.map((c) => c.value) ?? [];
    assert.ok(found.includes(token), JSON.stringify(found.map((v) => v.slice(0, 40))));
  });

  it(`a value longer than ${MAX_VALUE_LENGTH} characters is no literal; one of exactly ${MAX_VALUE_LENGTH} still is`, () => {
    // Random-looking hex (sha256 chained), so no other exclusion (low entropy, repeats) applies.
    let long = '';
    for (let h = 'seed'; long.length < MAX_VALUE_LENGTH; ) long += h = createHash('sha256').update(h).digest('hex');
    long = long.slice(0, MAX_VALUE_LENGTH);
    assert.deepEqual(findContextLiterals(`OPENCLAW_GATEWAY_TOKEN=${long} x`, 'text')?.candidates?.map((c) => c.value.length), [MAX_VALUE_LENGTH]);
    assert.equal(findContextLiterals(`OPENCLAW_GATEWAY_TOKEN=${long}b x`, 'text')?.candidates, undefined);
  });
});
