// The entropy thresholds (src/detectors/entropy.ts) against pseudo-random tokens — deterministic
// (SHA-256 in counter mode), so the test cannot flake — and against the look-alikes they exist for.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  BASE64URL_MIN_ENTROPY,
  HEX_MIN_ENTROPY,
  isLowEntropy,
  isRandomBase64Url,
  isRandomHex,
  LITERAL_MIN_ENTROPY,
  repeatsWithPeriod,
  shannonEntropy,
  wordiness,
} from '../../src/detectors/entropy.js';

function bytes(seed: string, n: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 32 < n; i++) out.push(createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(out).subarray(0, n);
}
const SAMPLES = 2000;

describe('entropy thresholds', () => {
  for (const n of [24, 32, 48, 64]) {
    it(`accepts every one of ${SAMPLES} random ${n * 2}-digit hex tokens`, () => {
      for (let i = 0; i < SAMPLES; i++) assert.ok(isRandomHex(bytes(`hex${n}-${i}`, n).toString('hex')));
    });
  }

  it(`accepts nearly every random 43-character base64url token (a few lack a digit)`, () => {
    let rejected = 0;
    for (let i = 0; i < SAMPLES; i++) if (!isRandomBase64Url(bytes(`b64-${i}`, 32).toString('base64url'))) rejected++;
    assert.ok(rejected <= SAMPLES / 200, `${rejected} of ${SAMPLES} rejected`);
  });

  it(`accepts every random 64-character base64url token`, () => {
    for (let i = 0; i < SAMPLES; i++) assert.ok(isRandomBase64Url(bytes(`b64x-${i}`, 48).toString('base64url')));
  });

  it('rejects hex look-alikes', () => {
    for (const s of ['0'.repeat(64), 'a'.repeat(64), 'ab'.repeat(32), 'deadbeef'.repeat(8), '0123456789abcdef'.repeat(4), '1a2b'.repeat(12)]) {
      assert.equal(isRandomHex(s), false, s);
    }
  });

  it('rejects identifiers shaped like base64url', () => {
    for (const s of [
      'ThisIsAVeryLongIdentifierNameForTestingPurposes',
      'getUserAccountSettingsV2ForOrganization1234Handler',
      'test_should_return_the_correct_value_when_empty',
      'very-long-kebab-case-file-name-for-a-component-v2',
      'visitEachChildOfJSDocParameterOrPropertyTag',
    ]) {
      assert.equal(isRandomBase64Url(s), false, s);
    }
  });

  it('measures what it says', () => {
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('abab'), 1);
    assert.equal(shannonEntropy('0123456789abcdef'), 4);
    assert.ok(repeatsWithPeriod('abcabcabc'));
    assert.ok(!repeatsWithPeriod('abcabcabd'));
    // get, user, name (11) and the three underscores that join them to a letter.
    assert.equal(wordiness('get_user_name_x'), 14 / 15);
    assert.equal(wordiness('Ab3_Xy9-Qz'), 0);
    assert.ok(isLowEntropy('xxxxxxxx') && isLowEntropy('abababab') && !isLowEntropy('hunter22'));
    assert.ok(Math.abs(shannonEntropy('aab') - (-(2 / 3) * Math.log2(2 / 3) - (1 / 3) * Math.log2(1 / 3))) < 1e-11);
  });

  it('never calls a random-looking candidate low-entropy (token-shapes.ts skips that test for them)', () => {
    assert.ok(HEX_MIN_ENTROPY >= LITERAL_MIN_ENTROPY && BASE64URL_MIN_ENTROPY >= LITERAL_MIN_ENTROPY);
  });

  it('scores an even spread of 2^b characters exactly b, the thresholds included', () => {
    for (const b of [1, 2, 3, 4, 5]) {
      for (let k = 1; k <= 40; k++) {
        const text = Array.from({ length: 2 ** b }, (_, j) => String.fromCharCode(65 + j).repeat(k)).join('');
        assert.equal(shannonEntropy(text), b, `${2 ** b} characters × ${k}`);
      }
    }
  });
});
