// Tuning's counts run in the kernel's module (teddy.wat) and, without it, in JavaScript. Both must
// give exactly what the plain definitions give: the anchors and buckets they choose decide the
// SIMD pass's speed, and the same data must tune the same way on every Node.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NeedleSet } from '../../src/prefilter/needles.js';
import { BucketCosts, keyByte, type NibbleSets, sampleCounts, trigramAt } from '../../src/prefilter/sample-counts.js';
import { seeded } from '../random.js';

function randomSample(rnd: () => number, length: number, alphabet: string): Buffer {
  const b = Buffer.alloc(length);
  for (let i = 0; i < length; i++) b[i] = alphabet === '' ? Math.floor(rnd() * 256) : alphabet.charCodeAt(Math.floor(rnd() * alphabet.length));
  return b;
}

const ALPHABETS = ['', 'ab{}":,=\n0123456789tokenBearer', 'aaab', '\x00\xff\x10\x01'];

/** Every trigram of `hay` counted one position at a time. */
function naiveTrigrams(hay: Buffer): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i + 3 <= hay.length; i++) counts.set(trigramAt(hay, i), (counts.get(trigramAt(hay, i)) ?? 0) + 1);
  return counts;
}

const admits = (s: NibbleSets, key: number): boolean =>
  [0, 1, 2].every((j) => ((s.lo[j]! >> (keyByte(key, j) & 15)) & (s.hi[j]! >> (keyByte(key, j) >> 4)) & 1) === 1);

/** A bucket's cost as teddy-buckets.ts computed it in JavaScript before the kernel did. */
function naiveCost(s: NibbleSets, sample: Buffer, union: NibbleSets, freq: Float64Array): number {
  let accepted = 0;
  for (const [key, n] of naiveTrigrams(sample)) if (admits(union, key) && admits(s, key)) accepted += n;
  let r = 1;
  for (let j = 0; j < 3; j++) {
    let sum = 0;
    for (let his = s.hi[j]!; his !== 0; his &= his - 1) {
      const hi = 31 - Math.clz32(his & -his);
      for (let los = s.lo[j]!; los !== 0; los &= los - 1) sum += freq[(hi << 4) | (31 - Math.clz32(los & -los))]!;
    }
    r *= sum;
  }
  return accepted + r;
}

const randomSets = (rnd: () => number): NibbleSets => {
  const bits = (): number => Math.floor(rnd() * 65536) & Math.floor(rnd() * 65536);
  return { lo: [bits(), bits(), bits()], hi: [bits(), bits(), bits()] };
};

describe('tuning counts', () => {
  it('byte and needle-trigram counts: the kernel, the JavaScript fallback and a naive count agree', () => {
    const rnd = seeded(11);
    for (let round = 0; round < 60; round++) {
      const alphabet = ALPHABETS[round % ALPHABETS.length]!;
      const hay = randomSample(rnd, [0, 1, 2, 3, 5, 100, 4096, 65536][round % 8]!, alphabet);
      const needles = Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => randomSample(rnd, 1 + Math.floor(rnd() * 12), rnd() < 0.5 ? alphabet : ''));
      const expectedBytes = new Float64Array(256).fill(1);
      for (const b of hay) expectedBytes[b]!++;
      const all = naiveTrigrams(hay);
      const expected = new Map<number, number>();
      for (const n of needles) for (let k = 0; k + 3 <= n.length; k++) expected.set(trigramAt(n, k), all.get(trigramAt(n, k)) ?? 0);
      for (const kernel of [true, false]) {
        const counts = sampleCounts(hay, needles, kernel);
        assert.deepEqual([...counts.bytes], [...expectedBytes], `bytes, round ${round}, kernel ${kernel}`);
        assert.deepEqual(new Map([...counts.trigrams].sort((a, b) => a[0] - b[0])), new Map([...expected].sort((a, b) => a[0] - b[0])), `trigrams, round ${round}`);
      }
    }
  });

  it('8 buckets\' costs, priced at once, are each exactly the JavaScript formula they replaced, for random nibble sets', () => {
    const rnd = seeded(12);
    for (let round = 0; round < 40; round++) {
      const sample = randomSample(rnd, [0, 2, 3, 50, 16384][round % 5]!, ALPHABETS[round % ALPHABETS.length]!);
      const freq = Float64Array.from({ length: 256 }, () => rnd());
      const union = randomSets(rnd);
      const costs = new BucketCosts(sample, union, freq);
      for (let q = 0; q < 20; q++) {
        // Empty sets, the union itself and full sets among random ones.
        const full: NibbleSets = { lo: [0xffff, 0xffff, 0xffff], hi: [0xffff, 0xffff, 0xffff] };
        const empty: NibbleSets = { lo: [0, 0, 0], hi: [0, 0, 0] };
        const sets = Array.from({ length: 8 }, (_, i) => (q === 0 && i === 0 ? empty : q === 0 && i === 1 ? full : q === 0 && i === 2 ? union : randomSets(rnd)));
        const priced = [...costs.costsOf(sets)];
        assert.deepEqual(priced, sets.map((s) => naiveCost(s, sample, union, freq)), `round ${round}, query ${q}`);
      }
    }
  });

  it('tuning another needle set between two searches of a copied block leaves the second search right', () => {
    // Tuning counts in the memory a block not read into the kernel is copied to: the block is
    // copied again after it, not searched in what tuning left there.
    const block = Buffer.from('{"a":1}\n{"token=x"}\n{"b":2}\n'.repeat(700), 'latin1');
    const set = new NeedleSet(['token=']);
    set.tune(block);
    const lines = (): number[] => {
      const found: number[] = [];
      set.forEachLine(block, {}, (_, line) => found.push(line));
      return found;
    };
    const before = lines();
    assert.equal(before.length, 700);
    new NeedleSet(['zzzz', 'qqqq']).tune(Buffer.alloc(64 * 1024, 'q'));
    assert.deepEqual(lines(), before);
  });
});
