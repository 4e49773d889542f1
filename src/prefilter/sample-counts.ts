// Counts over a tuning sample, the data's first bytes: how often each byte and each needle trigram
// occurs there (needles.ts anchors each needle by its rarest trigram) and which of the sample's
// trigrams a bucket's nibble sets admit (teddy-buckets.ts places anchors where they admit fewest).
// They run in the SIMD kernel's module (teddy.wat) when there is one: as JavaScript these loops ran
// before V8 had optimised them, 25–50 ms of every audit's start (docs/performance.md, "The audit").
import { DATA, type Kernel, scratch } from './teddy-kernel.js';

export const keyByte = (key: number, j: number): number => (key >> (16 - 8 * j)) & 255;
/** The trigram at `at` as a key: b0 << 16 | b1 << 8 | b2. */
export const trigramAt = (b: Buffer, at: number): number => (b[at]! << 16) | (b[at + 1]! << 8) | b[at + 2]!;

const ANCHOR = 3;

/** Nibble sets of one bucket: bit n of lo[j] allows low nibble n at position j. */
export interface NibbleSets {
  lo: [number, number, number];
  hi: [number, number, number];
}

/** What tuning reads of its sample. */
export interface SampleCounts {
  /** How often each byte occurs, plus one (no byte is rarer than unseen). */
  bytes: Float64Array;
  /** How often each trigram of the needles occurs (every one of them a key, 0 when unseen). */
  trigrams: Map<number, number>;
}

/** Where a scratch area's parts go: 8-byte aligned. */
const align = (at: number): number => (at + 7) & ~7;

/** Slots for `n` keys in a trigram table of teddy.wat: a power of two at least twice as many. */
const tableBits = (n: number): number => Math.max(4, 32 - Math.clz32(2 * n - 1));

/** Byte and needle-trigram counts of `hay`: in the kernel when there is one (`kernel` false: JavaScript). */
export function sampleCounts(hay: Buffer, needles: readonly Buffer[], kernel = true): SampleCounts {
  const keys: number[] = [];
  const seen = new Map<number, number>();
  for (const needle of needles) {
    for (let k = 0; k + ANCHOR <= needle.length; k++) {
      const key = trigramAt(needle, k);
      if (!seen.has(key)) {
        seen.set(key, 0);
        keys.push(key);
      }
    }
  }
  const bits = tableBits(keys.length);
  const bytesAt = align(DATA + hay.length);
  const tableAt = bytesAt + 4 * 256;
  const keysAt = tableAt + (8 << bits);
  const k = kernel ? scratch(keysAt + 4 * keys.length - DATA) : null;
  if (k === null) return countInJs(hay, seen);
  new Uint8Array(k.memory.buffer).set(hay, DATA);
  const words = new Int32Array(k.memory.buffer);
  words.fill(0, bytesAt >> 2, keysAt >> 2);
  words.set(keys, keysAt >> 2);
  k.tuning.byteCounts(DATA, hay.length, bytesAt);
  k.tuning.seedTrigrams(tableAt, bits, keysAt, keys.length);
  k.tuning.countTrigrams(DATA, hay.length, tableAt, bits, 0, 0);
  const bytes = new Float64Array(256);
  for (let b = 0; b < 256; b++) bytes[b] = words[(bytesAt >> 2) + b]! + 1;
  // seedTrigrams left each key's slot address in its place; the count is the slot's second word.
  keys.forEach((key, j) => seen.set(key, words[(words[(keysAt >> 2) + j]! + 4) >> 2]!));
  return { bytes, trigrams: seen };
}

const bloomSlot = (key: number): number => Math.imul(key, 0x9e3779b1) >>> 16;

/** sampleCounts without the kernel: one pass, a bloom filter in front of the map. */
function countInJs(hay: Buffer, seen: Map<number, number>): SampleCounts {
  const bytes = new Float64Array(256).fill(1);
  for (let i = 0; i < hay.length; i++) bytes[hay[i]!]!++;
  const bloom = new Uint8Array(65536);
  for (const key of seen.keys()) bloom[bloomSlot(key)] = 1;
  let key = 0;
  for (let i = 0; i < hay.length; i++) {
    key = ((key << 8) | hay[i]!) & 0xffffff;
    if (i >= 2 && bloom[bloomSlot(key)] === 1) {
      const n = seen.get(key);
      if (n !== undefined) seen.set(key, n + 1);
    }
  }
  return { bytes, trigrams: seen };
}

/**
 * What a bucket costs (teddy-buckets.ts asks for the 8 bucket choices of an anchor at once): the
 * sample's positions its nibble sets admit, counted on the distinct trigrams of the sample that
 * `union` admits, plus its share of all positions estimated from the byte frequencies `freq`. The
 * 8 choices are priced in one pass over those trigrams (8 passes, one per choice, were ~15 ms of
 * the bench tree's scan: docs/performance.md). Kept in the kernel's copy instance: made and used
 * within one synchronous call, while nothing else uses it.
 */
export class BucketCosts {
  private readonly kernel: Kernel;
  private readonly words: Int32Array;
  private readonly costs: Float64Array;
  private readonly setsAt: number;
  private readonly freqAt: number;
  private readonly listAt: number;
  private readonly tablesAt: number;
  private readonly outAt: number;
  /** How many distinct trigrams the sample holds that `union` admits. */
  readonly trigrams: number;

  constructor(sample: Buffer, union: NibbleSets, freq: Float64Array) {
    const setsAt = align(DATA + sample.length);
    const freqAt = setsAt + 8 * 24;
    const tablesAt = freqAt + 8 * 256;
    const outAt = tablesAt + 96;
    const tableAt = outAt + 8 * 8;
    const bits = tableBits(Math.max(1, sample.length));
    const listAt = tableAt + (8 << bits);
    const k = scratch(listAt + 4 * sample.length - DATA);
    if (k === null) throw new Error('teddy kernel unavailable');
    this.kernel = k;
    new Uint8Array(k.memory.buffer).set(sample, DATA);
    new Float64Array(k.memory.buffer, freqAt, 256).set(freq);
    this.words = new Int32Array(k.memory.buffer);
    this.costs = new Float64Array(k.memory.buffer, outAt, 8);
    this.words.fill(0, tableAt >> 2, listAt >> 2);
    this.setsAt = setsAt;
    this.freqAt = freqAt;
    this.listAt = listAt;
    this.tablesAt = tablesAt;
    this.outAt = outAt;
    this.writeSets(0, union);
    this.trigrams = k.tuning.countTrigrams(DATA, sample.length, tableAt, bits, setsAt, listAt);
  }

  /** The costs of 8 buckets' nibble sets, in order (valid until the next call). */
  costsOf(sets: readonly NibbleSets[]): Float64Array {
    for (let i = 0; i < 8; i++) this.writeSets(i, sets[i]!);
    this.kernel.tuning.bucketCosts(this.setsAt, this.freqAt, this.listAt, this.trigrams, this.tablesAt, this.outAt);
    return this.costs;
  }

  private writeSets(i: number, s: NibbleSets): void {
    const at = (this.setsAt >> 2) + 6 * i;
    for (let j = 0; j < 3; j++) {
      this.words[at + 2 * j] = s.lo[j]!;
      this.words[at + 2 * j + 1] = s.hi[j]!;
    }
  }
}
