// lineFacts remembers lines that hold nothing (logs repeat them); what it remembers must never
// hide a candidate: the verdict depends on the text, the file kind and the tokens, and only
// lines without candidates are kept.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { lineFacts } from '../../src/values/candidates.js';
import { TokenMatcher } from '../../src/token.js';

// Fake secrets made here.
const hex48 = createHash('sha256').update('line-facts test').digest('hex').slice(0, 48);
const password = 'Pa55-w0rd-line-facts-9';
const none = new TokenMatcher([]);

/** What a caller sees, without the cache fields. */
const seen = (text: string, kind: 'code' | 'text', tokens = none) => {
  const f = lineFacts(text, kind, tokens);
  return { gated: f.gated, literals: f.single?.candidates?.map((c) => c.value) ?? [], shapes: f.shapes?.map((c) => c.value) ?? [], exposed: f.exposed?.length ?? 0 };
};

describe('lineFacts memo of quiet lines', () => {
  it('gives a repeated quiet line the same verdict, gated or not', () => {
    for (const text of ['  OPENCLAW_GATEWAY_TOKEN: ***', 'npm ci --omit=dev']) {
      const first = seen(text, 'text');
      seen('something else', 'text');
      assert.deepEqual(seen(text, 'text'), first, text);
    }
    assert.equal(seen('  OPENCLAW_GATEWAY_TOKEN: ***', 'text').gated, true);
    assert.equal(seen('npm ci --omit=dev', 'text').gated, false);
  });

  it('finds candidates on every repeat of a line that has them', () => {
    const text = `deploy key ${hex48} ready`;
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(seen(text, 'text').shapes, [hex48]);
      seen('between', 'text');
    }
  });

  it('does not carry a verdict to another file kind or another token set', () => {
    const label = `Token: ${password}`;
    assert.deepEqual(seen(label, 'code').literals, [], 'a type annotation in code');
    assert.deepEqual(seen(label, 'text').literals, [password], 'setup output in a log');
    assert.deepEqual(seen(label, 'code').literals, []);
    const mention = `the value is ${password} here`;
    assert.equal(seen(mention, 'text').exposed, 0);
    const exposed = new TokenMatcher([{ label: 'exposed', raw: password }]);
    assert.equal(seen(mention, 'text', exposed).exposed, 1);
    assert.equal(seen(mention, 'text').exposed, 0);
  });
});
