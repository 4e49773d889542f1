// What a finding may not carry from log text when the raw token is unknown: credential values and
// token-shaped strings become `[clawprint <fingerprint>]`; masks, digests and device ids stay.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { redactSecrets } from '../../src/detectors/redact-finding.js';
import { fingerprintOf } from '../../src/token.js';

// Built at run time so that the repository's own scan sees no token-shaped literal here.
const HEX48 = createHash('sha256').update('redact-finding test').digest('hex').slice(0, 48);
const B64URL = createHash('sha256').update('redact-finding test 2').digest('base64url');
const M = (v: string): string => `[clawprint ${fingerprintOf(v)}]`;

describe('redactSecrets', () => {
  it('replaces token-shaped strings and credential values of any shape', () => {
    assert.equal(redactSecrets(HEX48), M(HEX48));
    assert.equal(redactSecrets(`GET /hooks/${B64URL}/run`), `GET /hooks/${M(B64URL)}/run`);
    assert.equal(redactSecrets('curl (Bearer s3cr3t-short)'), `curl (Bearer ${M('s3cr3t-short')})`); // clawprint:allow
    assert.equal(redactSecrets('x-openclaw-token: hunter22'), `x-openclaw-token: ${M('hunter22')}`); // clawprint:allow
    // A percent-encoded value is fingerprinted decoded: the same marker as the value itself.
    assert.equal(redactSecrets('/a?x=1&token=ab%2Bcd%3Def'), `/a?x=1&token=${M('ab+cd=ef')}`); // clawprint:allow
    assert.equal(redactSecrets(`Basic ${Buffer.from('ops:pa55word').toString('base64')}`), `Basic ${M('pa55word')}`);
  });
  it('leaves what is not a secret', () => {
    for (const text of ['python-httpx/0.27', 'GET /api/v1/memory', 'Bearer e7ce77…0f0c', `Config overwrite: a.json (sha256 ${HEX48}0000000000000000 -> ${'1'.repeat(64)})`, `device=${HEX48}0000000000000000`, 'researcher']) {
      assert.equal(redactSecrets(text), text);
    }
  });
});
