// fixtures/detectors/masked-token/: ng.* scenarios with their exact findings, ok.* with none;
// plus how a mask is told to belong to the exposed token.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskedToken } from '../../src/detectors/masked-token.js';
import { TokenMatcher } from '../../src/token.js';
import { describeScanRule, EXAMPLE_TOKEN, exampleTokens, scanText } from './scan-fixtures.js';

describeScanRule('masked-token');

const masks = (text: string, tokens: TokenMatcher) =>
  scanText(text, 'gateway.log', tokens, [maskedToken]).map((f) => ({ column: f.location.column, exposed: f.matchesExposedToken, fp: f.secret?.fingerprint }));

describe('masked-token', () => {
  const head = EXAMPLE_TOKEN.slice(0, 6);
  const tail = EXAMPLE_TOKEN.slice(-4);
  const exposedFp = exampleTokens().tokens[0]!.fingerprint;

  it('matches the exposed token by its ends, with either ellipsis', () => {
    for (const ellipsis of ['…', '...']) {
      assert.deepEqual(masks(`token=${head}${ellipsis}${tail}`, exampleTokens()), [{ column: 7, exposed: true, fp: exposedFp }]);
    }
  });

  it('cannot match with a fingerprint only (no raw ends to compare)', () => {
    const found = masks(`token=${head}…${tail}`, new TokenMatcher([{ label: 'exposed', fingerprint: exposedFp }]));
    assert.equal(found.length, 1);
    assert.equal(found[0]!.exposed, false);
  });

  it('wants exactly 6 and 4 characters around the ellipsis', () => {
    for (const text of [`x${head}…${tail}`, `${head}…${tail}9`, `${head}.…${tail}`, `${head}....${tail}`]) {
      assert.deepEqual(masks(text, exampleTokens()), [], text);
    }
  });
});
