// Which of Teddy's 8 buckets each 3-byte anchor goes in (teddy.ts). A bucket accepts a trigram when
// each byte's low and high nibbles are both allowed, so anchors sharing a bucket also admit the
// nibble mixes of their bytes: `nCl` next to an anchor with a lowercase second byte admits `ncl`,
// which every `openclaw` in a log contains. Each mix that occurs in the data is a false candidate
// the kernel must verify. Anchors are placed greedily where they add the fewest candidates,
// counted on the trigrams of the data itself (byte frequencies alone miss that `ncl` is common
// because `openclaw` is, not because n, c and l are).

import { BucketCosts, keyByte, type NibbleSets } from './sample-counts.js';

const BUCKETS = 8;
/** Trigrams counted from the start of the first block: enough to see what every line repeats. */
const SAMPLE_BYTES = 16 * 1024;

/**
 * The union of all keys' nibble sets: every bucket's sets lie inside it, so only the sample's
 * trigrams it admits can be admitted by any bucket (about 100 of a few thousand distinct ones).
 */
function unionOf(keys: readonly number[]): NibbleSets {
  const union: NibbleSets = { lo: [0, 0, 0], hi: [0, 0, 0] };
  for (const key of keys) {
    for (let j = 0; j < 3; j++) {
      union.lo[j]! |= 1 << (keyByte(key, j) & 15);
      union.hi[j]! |= 1 << (keyByte(key, j) >> 4);
    }
  }
  return union;
}

/** Whether `s` allows each byte's nibbles of `key` already. */
function covers(s: NibbleSets, key: number): boolean {
  for (let j = 0; j < 3; j++) {
    const b = keyByte(key, j);
    if (((s.lo[j]! >> (b & 15)) & (s.hi[j]! >> (b >> 4)) & 1) === 0) return false;
  }
  return true;
}

/** The nibble sets of `s` with `key` added. */
function withKey(s: NibbleSets, key: number): NibbleSets {
  const lo: [number, number, number] = [s.lo[0], s.lo[1], s.lo[2]];
  const hi: [number, number, number] = [s.hi[0], s.hi[1], s.hi[2]];
  for (let j = 0; j < 3; j++) {
    lo[j]! |= 1 << (keyByte(key, j) & 15);
    hi[j]! |= 1 << (keyByte(key, j) >> 4);
  }
  return { lo, hi };
}

/**
 * Assigns every key (b0 << 16 | b1 << 8 | b2) a bucket. `freq` (byte frequencies of the data) orders
 * the keys and breaks ties where the sample has no trigram a choice would admit.
 */
export function assignBuckets(keys: readonly number[], sample: Buffer, freq: Float64Array): Map<number, number> {
  const pricing = new BucketCosts(sample.subarray(0, SAMPLE_BYTES), unionOf(keys), freq);
  const buckets: NibbleSets[] = Array.from({ length: BUCKETS }, () => ({ lo: [0, 0, 0], hi: [0, 0, 0] }));
  const keyRate = (key: number): number => freq[keyByte(key, 0)]! * freq[keyByte(key, 1)]! * freq[keyByte(key, 2)]!;
  const bucketOf = new Map<number, number>();
  const costs = buckets.map(() => 0);
  // Commonest keys first, so the rare ones fill in around them.
  for (const key of [...keys].sort((a, b) => keyRate(b) - keyRate(a))) {
    // A bucket that allows every nibble of the key already admits nothing new: no placement costs
    // less. Most of the mask needles' anchors (`…` before each token character) land so, and
    // this placement runs before V8 optimises it (it was 50–130 ms of a scan's start).
    const covered = buckets.findIndex((b) => covers(b, key));
    if (covered !== -1) {
      bucketOf.set(key, covered);
      continue;
    }
    const choices = buckets.map((b) => withKey(b, key));
    const priced = pricing.costsOf(choices);
    let best = 0;
    let bestAdded = Number.POSITIVE_INFINITY;
    for (let i = 0; i < BUCKETS; i++) {
      const added = priced[i]! - costs[i]!;
      if (added < bestAdded) {
        bestAdded = added;
        best = i;
      }
    }
    buckets[best] = choices[best]!;
    costs[best] = costs[best]! + bestAdded;
    bucketOf.set(key, best);
  }
  return bucketOf;
}
