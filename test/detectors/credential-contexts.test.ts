// The credential-context table (src/values/credential-contexts.ts) keeps itself honest: every
// entry's match examples give a literal through that entry alone and hold one of its needles (or
// the prefilter would skip the line), its noMatch examples give no gateway-token-literal, its
// needles are the scan's line gate, and the README names it. (A noMatch example may still hold a
// bare token shape, which token-shaped-string reports: the context, not the value, is tested.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { LINE_GATE_NEEDLES } from '../../src/values/candidates.js';
import { type ContextFound, CREDENTIAL_CONTEXTS } from '../../src/values/credential-contexts.js';
import { fileKindOf } from '../../src/values/literal-values.js';
import { TokenMatcher } from '../../src/token.js';
import { ROOT } from '../helpers.js';
import { scanText } from './scan-fixtures.js';

const split = (example: string): { file: string; text: string } => {
  const named = /^path:(\S+) /.exec(example);
  return named === null ? { file: 'example.txt', text: example } : { file: named[1]!, text: example.slice(named[0].length) };
};
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('credential contexts (the table)', () => {
  it('has unique ids', () => {
    const ids = CREDENTIAL_CONTEXTS.map((c) => c.id);
    assert.deepEqual([...new Set(ids)], ids);
  });

  for (const context of CREDENTIAL_CONTEXTS) {
    describe(context.id, () => {
      it('has match and noMatch examples, and a README line', () => {
        assert.ok(context.examples.match.length > 0 && context.examples.noMatch.length > 0);
        assert.ok(readme.includes(`\`${context.id}\``), `README does not name the context ${context.id}`);
      });

      it('gives its needles to the scan\'s line gate (the prefilter)', () => {
        for (const n of context.needles) assert.ok(LINE_GATE_NEEDLES.includes(n), `${n} is not a line-gate needle`);
      });

      for (const example of context.examples.match) {
        it(`finds a literal in ${JSON.stringify(example.slice(0, 70))}`, () => {
          const { file, text } = split(example);
          assert.ok(
            context.needles.some((n) => text.includes(n)),
            'the line holds none of the context\'s needles: the prefilter would skip it',
          );
          const found: ContextFound = { candidates: undefined, plistKeyOpen: undefined };
          context.find(text, fileKindOf(file), found);
          assert.ok((found.candidates?.length ?? 0) > 0, `${context.id} finds nothing`);
          const rules = scanText(text, file, new TokenMatcher([])).map((f) => f.rule);
          assert.ok(rules.includes('gateway-token-literal'), `the scan reports ${JSON.stringify(rules)}`);
        });
      }

      for (const example of context.examples.noMatch) {
        it(`finds nothing in ${JSON.stringify(example.slice(0, 70))}`, () => {
          const { file, text } = split(example);
          const rules = scanText(text, file, new TokenMatcher([])).map((f) => f.rule);
          assert.ok(!rules.includes('gateway-token-literal'), `the scan reports ${JSON.stringify(rules)}`);
        });
      }
    });
  }
});
