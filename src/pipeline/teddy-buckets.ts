// Which of Teddy's 8 buckets each 3-byte anchor goes in (teddy.ts). A bucket accepts a trigram when
// each byte's low and high nibbles are both allowed, so anchors sharing a bucket also admit the
// nibble mixes of their bytes: `nCl` next to an anchor with a lowercase second byte admits `ncl`,
// which every `openclaw` in a log contains. Each mix that occurs in the data is a false candidate
// the kernel must verify. Anchors are placed greedily where they add the fewest candidates,
// counted on the trigrams of the data itself (byte frequencies alone miss that `ncl` is common
// because `openclaw` is, not because n, c and l are).

const BUCKETS = 8;
/** Trigrams counted from the start of the first block: enough to see what every line repeats. */
const SAMPLE_BYTES = 16 * 1024;

export const keyByte = (key: number, j: number): number => (key >> (16 - 8 * j)) & 255;
/** The trigram at `at` as a key: b0 << 16 | b1 << 8 | b2. */
export const trigramAt = (b: Buffer, at: number): number => (b[at]! << 16) | (b[at + 1]! << 8) | b[at + 2]!;

/** Nibble sets of one bucket: bit n of lo[j] allows low nibble n at position j. */
interface NibbleSets {
  lo: [number, number, number];
  hi: [number, number, number];
}

/**
 * Distinct trigrams of a sample as six nibble columns, with their counts — only those that the
 * union of all keys' nibbles accepts: every bucket's sets lie inside that union, so no bucket can
 * accept the others (about 100 trigrams are left of a few thousand, and placing 50 keys in 8
 * buckets looks at each of them 400 times).
 */
class TrigramTable {
  readonly nibbles: Uint8Array;
  readonly counts: Float64Array;

  constructor(sample: Buffer, keys: readonly number[]) {
    const union: NibbleSets = { lo: [0, 0, 0], hi: [0, 0, 0] };
    for (const key of keys) {
      for (let j = 0; j < 3; j++) {
        union.lo[j]! |= 1 << (keyByte(key, j) & 15);
        union.hi[j]! |= 1 << (keyByte(key, j) >> 4);
      }
    }
    const [lo0, lo1, lo2] = union.lo;
    const [hi0, hi1, hi2] = union.hi;
    const seen = new Map<number, number>();
    const end = Math.min(sample.length, SAMPLE_BYTES) - 2;
    for (let i = 0; i < end; i++) {
      const a = sample[i]!;
      const b = sample[i + 1]!;
      const c = sample[i + 2]!;
      if (((lo0 >> (a & 15)) & (hi0 >> (a >> 4)) & (lo1 >> (b & 15)) & (hi1 >> (b >> 4)) & (lo2 >> (c & 15)) & (hi2 >> (c >> 4)) & 1) === 0) continue;
      const key = (a << 16) | (b << 8) | c;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    this.nibbles = new Uint8Array(6 * seen.size);
    this.counts = new Float64Array(seen.size);
    let t = 0;
    for (const [key, count] of seen) {
      for (let j = 0; j < 3; j++) {
        const b = keyByte(key, j);
        this.nibbles[6 * t + 2 * j] = b & 15;
        this.nibbles[6 * t + 2 * j + 1] = b >> 4;
      }
      this.counts[t++] = count;
    }
  }

  /** How many sample positions a bucket with these nibble sets accepts. */
  accepted(s: NibbleSets): number {
    const n = this.nibbles;
    const [lo0, lo1, lo2] = s.lo;
    const [hi0, hi1, hi2] = s.hi;
    let sum = 0;
    for (let t = 0, o = 0; t < this.counts.length; t++, o += 6) {
      if ((lo0 >> n[o]!) & (hi0 >> n[o + 1]!) & (lo1 >> n[o + 2]!) & (hi1 >> n[o + 3]!) & (lo2 >> n[o + 4]!) & (hi2 >> n[o + 5]!) & 1) {
        sum += this.counts[t]!;
      }
    }
    return sum;
  }
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
  const trigrams = new TrigramTable(sample, keys);
  const buckets: NibbleSets[] = Array.from({ length: BUCKETS }, () => ({ lo: [0, 0, 0], hi: [0, 0, 0] }));
  /** The data's share of positions each byte of a trigram accepts, multiplied; only set nibbles are visited. */
  const estimate = (s: NibbleSets): number => {
    let r = 1;
    for (let j = 0; j < 3; j++) {
      let sum = 0;
      for (let his = s.hi[j]!; his !== 0; his &= his - 1) {
        const hi = 31 - Math.clz32(his & -his);
        for (let los = s.lo[j]!; los !== 0; los &= los - 1) sum += freq[(hi << 4) | (31 - Math.clz32(los & -los))]!;
      }
      r *= sum;
    }
    return r;
  };
  const cost = (s: NibbleSets): number => trigrams.accepted(s) + estimate(s);
  const keyRate = (key: number): number => freq[keyByte(key, 0)]! * freq[keyByte(key, 1)]! * freq[keyByte(key, 2)]!;
  const bucketOf = new Map<number, number>();
  const costs = buckets.map(() => 0);
  // Commonest keys first, so the rare ones fill in around them.
  for (const key of [...keys].sort((a, b) => keyRate(b) - keyRate(a))) {
    let best = 0;
    let bestAdded = Number.POSITIVE_INFINITY;
    let bestSets: NibbleSets | undefined;
    for (let i = 0; i < BUCKETS; i++) {
      const sets = withKey(buckets[i]!, key);
      const added = cost(sets) - costs[i]!;
      if (added < bestAdded) {
        bestAdded = added;
        best = i;
        bestSets = sets;
      }
    }
    buckets[best] = bestSets!;
    costs[best] = costs[best]! + bestAdded;
    bucketOf.set(key, best);
  }
  return bucketOf;
}
