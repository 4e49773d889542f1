// What an error message may echo of a typed value, and what argv refuses outright.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looksLikeRawToken, shownValue } from '../src/shown-value.js';

// Generated for this test (openssl rand): never real tokens.
const HEX48 = 'a3f1c9e07b52d8146fe0a9c3b7d2e5f18c4a6b0d9e3f7a21'; // clawprint:allow
const BASE64 = 'q8Zr1mV4yTkP0cXw7LbN3sJ6hG9dF2eA5uI8oR1tY4w='; // clawprint:allow
const BASE64URL = 'Xh3_kQ9vZ2mL7pR4tW8yB1nC6dF0gJ5sA-eU3iO7rTq'; // clawprint:allow

describe('looksLikeRawToken', () => {
  it('is true for random hex, base64 and base64url of 32+ characters', () => {
    for (const v of [HEX48, HEX48.slice(0, 32), BASE64, BASE64URL, ` ${HEX48}\n`]) assert.equal(looksLikeRawToken(v), true, v);
  });
  it('is false for what flags legitimately take', () => {
    for (const v of [
      'America/Argentina/ComodRivadavia',
      'OPENCLAW_GATEWAY_TOKEN_FOR_THE_PRODUCTION_CLUSTER',
      'logs/gateway/2025/02/21/access-log-archive',
      'docker-json/openclaw-console',
      '0'.repeat(48),
      'abcdef0123456789'.repeat(3),
      HEX48.slice(0, 31),
      // Paths with random parts (mkdtemp) mix the two base64 alphabets: no token does. Three of
      // four such paths looked random enough before.
      '/tmp/clawprint-tests-Xq3Lm9/clawprint-output-t7KpR2',
      '/tmp/clawprint-tests-4242/clawprint-special-aZ81Qw',
    ]) {
      assert.equal(looksLikeRawToken(v), false, v);
    }
  });
});

describe('shownValue', () => {
  it('quotes a value that cannot be a token', () => {
    assert.equal(shownValue('Mars/Olympus_Mons'), '"Mars/Olympus_Mons"');
    assert.equal(shownValue('2025-02-30T14:00Z'), '"2025-02-30T14:00Z"');
    assert.equal(shownValue('NOPE', false), 'NOPE');
    assert.equal(shownValue('OPENCLAW_TOKEN_2', false), 'OPENCLAW_TOKEN_2');
  });
  it('a token inside a path that mixes the alphabets is still hidden, piece by piece', () => {
    assert.equal(shownValue(`/tmp/run-Xq3Lm9/${HEX48}.log`, false), '/tmp/run-Xq3Lm9/a3f1… (48 characters, not shown).log');
  });
  it('shows 4 characters and the length of anything that could be a token', () => {
    assert.equal(shownValue(HEX48), 'a3f1… (48 characters, not shown)');
    assert.equal(shownValue('hunter2hunter2hunter2', false), 'hunt… (21 characters, not shown)');
  });
});
