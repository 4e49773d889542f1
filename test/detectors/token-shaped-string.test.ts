// fixtures/detectors/token-shaped-string/: ng.* scenarios with their exact findings, ok.* with
// none; plus the shape rules line by line.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { tokenShapedString } from '../../src/detectors/token-shaped-string.js';
import { TokenMatcher } from '../../src/token.js';
import { describeScanRule, scanText } from './scan-fixtures.js';

describeScanRule('token-shaped-string');

const hexOf = (seed: string, digits: number): string =>
  Buffer.concat([0, 1, 2, 3].map((i) => createHash('sha256').update(`${seed}${i}`).digest())).toString('hex').slice(0, digits);
const shaped = (text: string, file = 'notes.txt') => scanText(text, file, new TokenMatcher([]), [tokenShapedString]).map((f) => f.location.column);

describe('token-shaped-string shapes', () => {
  it('reports 48, 64, 96 and 128 hex digits, in either case, and no other length', () => {
    for (const n of [48, 64, 96, 128]) {
      assert.deepEqual(shaped(`x ${hexOf('a', n)}`), [3], `${n} digits`);
      assert.deepEqual(shaped(`x ${hexOf('a', n).toUpperCase()}`), [3], `${n} digits, uppercase`);
    }
    for (const n of [40, 47, 56, 63, 65]) assert.deepEqual(shaped(`x ${hexOf('b', n)}`), [], `${n} digits`);
    const mixed = hexOf('c', 48).replace(/[a-f]/, (c) => c.toUpperCase());
    assert.deepEqual(shaped(`x ${mixed}`), [], 'mixed case');
  });

  it('reports hex behind a name prefix, not inside a longer word', () => {
    assert.deepEqual(shaped(`gw_${hexOf('d', 48)}`), [4]);
    assert.deepEqual(shaped(`0x${hexOf('d', 48)}`), []);
  });

  it('skips base64 lines inside a PEM block, not outside one', () => {
    const body = 'BcdAKIlp9ZNqC9uuiibxCBvFjE76gbrHmHUrFAoCy2BY6ajR3BTQGDMcbuW84uNd'; // clawprint:allow
    assert.deepEqual(shaped(['-----BEGIN CERTIFICATE-----', body, '-----END CERTIFICATE-----'].join('\n')), []);
    assert.deepEqual(shaped(['-----END CERTIFICATE-----', `key: ${body}`].join('\n')), [6]);
    // Alone on its line, as long as a wrap width, in the standard alphabet: a line of a blob.
    assert.deepEqual(shaped(['-----END CERTIFICATE-----', body].join('\n')), []);
  });

  it('skips slices of standard base64, also percent-encoded', () => {
    const run = 'u2dS9sG8nMNURyZwqASV4yROM28Er0luVTx5X1CsMrU'; // clawprint:allow
    assert.deepEqual(shaped(`k=${run}`), [3]);
    for (const text of [`k=${run}=`, `k=${run}+a`, `k=a/${run}`, `smp%3A%2F%2F${run}%3D`]) assert.deepEqual(shaped(text), [], text);
  });
});

describe('token-shaped-string exclusions are contexts, not shapes', () => {
  const id = hexOf('container', 64);
  it('skips container ids, git object ids and Terraform provider hashes by what stands before them', () => {
    const contexts = ['containerID: containerd://', 'docker://', 'cri-o://', '/var/lib/docker/containers/', '0::/docker/', '/moby/', 'commit ', 'tree ', 'parent ', '"zh:'];
    for (const before of contexts) assert.deepEqual(shaped(`${before}${id}`), [], before);
    assert.deepEqual(shaped(`${id} refs/heads/main`), [], 'packed-refs, SHA-256 repository');
    assert.deepEqual(shaped(`${id}   ghcr.io/openclaw/openclaw:latest   "node dist/index.js"`), [], 'docker ps --no-trunc');
  });

  it('reports the same value in any other context', () => {
    for (const before of ['url: https://', 'notes/', 'committed ', '"zhx:', 'id ']) assert.deepEqual(shaped(`${before}${id}`), [before.length + 1], before);
    assert.deepEqual(shaped(`${id} nginx`), [1], 'one space is no column layout');
  });
});
