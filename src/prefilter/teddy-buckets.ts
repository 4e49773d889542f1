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
  /** Distinct first bytes, and where each one's trigrams start in `rest` and `counts`. */
  private readonly firsts: Uint8Array;
  private readonly groupStart: Uint32Array;
  /** Second and third byte of each trigram, grouped by first byte. */
  private readonly rest: Uint8Array;
  private readonly counts: Float64Array;

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
    // Grouped by first byte: a bucket admits few first bytes, and a group it does not is skipped
    // whole (this loop runs 8 times per key, before the code is optimised).
    const sorted = [...seen].sort((x, y) => x[0] - y[0]);
    const firsts: number[] = [];
    const groupStart: number[] = [];
    this.rest = new Uint8Array(2 * sorted.length);
    this.counts = new Float64Array(sorted.length);
    sorted.forEach(([key, count], t) => {
      const a = keyByte(key, 0);
      if (firsts.length === 0 || firsts[firsts.length - 1] !== a) {
        firsts.push(a);
        groupStart.push(t);
      }
      this.rest[2 * t] = keyByte(key, 1);
      this.rest[2 * t + 1] = keyByte(key, 2);
      this.counts[t] = count;
    });
    groupStart.push(sorted.length);
    this.firsts = Uint8Array.from(firsts);
    this.groupStart = Uint32Array.from(groupStart);
  }

  /** How many sample positions a bucket with these nibble sets accepts. */
  accepted(s: NibbleSets): number {
    const [lo0, lo1, lo2] = s.lo;
    const [hi0, hi1, hi2] = s.hi;
    const { firsts, groupStart, rest, counts } = this;
    let sum = 0;
    for (let g = 0; g < firsts.length; g++) {
      const a = firsts[g]!;
      if (((lo0 >> (a & 15)) & (hi0 >> (a >> 4)) & 1) === 0) continue;
      for (let t = groupStart[g]!, last = groupStart[g + 1]!; t < last; t++) {
        const b = rest[2 * t]!;
        const c = rest[2 * t + 1]!;
        if ((lo1 >> (b & 15)) & (hi1 >> (b >> 4)) & (lo2 >> (c & 15)) & (hi2 >> (c >> 4)) & 1) sum += counts[t]!;
      }
    }
    return sum;
  }
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
    // A bucket that allows every nibble of the key already admits nothing new: no placement costs
    // less. Most of the mask needles' anchors (`…` before each token character) land so, and
    // this placement runs before V8 optimises it (it was 50–130 ms of a scan's start).
    const covered = buckets.findIndex((b) => covers(b, key));
    if (covered !== -1) {
      bucketOf.set(key, covered);
      continue;
    }
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
