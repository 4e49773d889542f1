// The rules' examples are derived with a SHA-256 of their own (src/detectors/example-digest.ts,
// so that node:crypto is not loaded at start): it must give node:crypto's digest, at every
// padding boundary and for non-ASCII text.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { exampleDigest } from '../../src/detectors/example-digest.js';

describe('exampleDigest', () => {
  it('is SHA-256: the FIPS 180-4 vectors, every length to 200 bytes, UTF-8 text', () => {
    assert.equal(exampleDigest('abc').toString('hex'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(exampleDigest('').toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    for (let n = 0; n <= 200; n++) {
      const text = 'clawprint scan example: '.repeat(9).slice(0, n);
      assert.ok(exampleDigest(text).equals(createHash('sha256').update(text).digest()), `length ${n}`);
    }
    const unicode = 'clawprint config example: jouw-token \u00e9\u4e2d\ud83d\ude00';
    assert.ok(exampleDigest(unicode).equals(createHash('sha256').update(unicode).digest()));
  });
});
