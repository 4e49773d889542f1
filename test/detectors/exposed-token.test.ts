// fixtures/detectors/exposed-token/: ng.* scenarios with their exact findings, ok.* with none;
// plus the ownership rule of candidates.ts: one secret, one finding, whichever rule sees it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exposedToken } from '../../src/detectors/exposed-token.js';
import { TokenMatcher } from '../../src/token.js';
import { describeScanRule, EXAMPLE_TOKEN, exampleTokens, scanText } from './scan-fixtures.js';

describeScanRule('exposed-token');

describe('exposed-token ownership', () => {
  const lines = [
    `OPENCLAW_GATEWAY_TOKEN=${EXAMPLE_TOKEN}`,
    `curl -H "Authorization: Bearer ${EXAMPLE_TOKEN}" https://gw.internal/`,
    `bare ${EXAMPLE_TOKEN} in a note`,
  ];

  for (const [label, tokens] of [
    ['raw token', exampleTokens()],
    ['fingerprint only', new TokenMatcher([{ label: 'exposed', fingerprint: exampleTokens().tokens[0]!.fingerprint }])],
  ] as const) {
    it(`reports each line once, as exposed-token (${label})`, () => {
      for (const line of lines) {
        const found = scanText(line, 'notes.txt', tokens);
        assert.deepEqual(
          found.map((f) => [f.rule, f.severity, f.matchesExposedToken]),
          [['exposed-token', 'critical', true]],
          line,
        );
      }
    });
  }

  it('reports nothing and keeps no state when no token is given', () => {
    const run = exposedToken.create({ tokens: new TokenMatcher([]), path: 'notes.txt' });
    assert.deepEqual(run.onLine({ text: `OPENCLAW_GATEWAY_TOKEN=${EXAMPLE_TOKEN}`, path: 'notes.txt', line: 1, column: 0, context: 'none' }), []);
  });

  it('leaves masks of the exposed token to masked-token', () => {
    const mask = `${EXAMPLE_TOKEN.slice(0, 6)}…${EXAMPLE_TOKEN.slice(-4)}`;
    assert.deepEqual(
      scanText(`auth=token token=${mask}`, 'gateway.log', exampleTokens()).map((f) => [f.rule, f.matchesExposedToken]),
      [['masked-token', true]],
    );
  });
});
