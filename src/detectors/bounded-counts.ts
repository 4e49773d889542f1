// Fixed-size stand-ins for a Map of counts and a Set of keys, for the per-source state of the audit
// rules once the exact tables are full. Sources are attacker-chosen (two million IPv6 addresses
// cost nothing to send from), so exact state per source cannot be the only kind (issue 7).
import { sha256 } from '../sha256.js';

/**
 * What a state file holds instead of a key (`clawprint merge`): 64 bits of its SHA-256 in hex. One
 * shard's key meets another's by its digest, and no source, agent or path is written out.
 */
export const digestOf = (key: string): string => sha256(key).toString('hex').slice(0, 16);

/** FNV-1a over UTF-16 code units, with a seed: cheap, and enough to spread IP addresses. */
function hash(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // A final avalanche (murmur3's fmix32): FNV alone leaves nearby addresses in nearby cells.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A count-min sketch with conservative update: 4 rows of 2^20 32-bit counters (16 MiB). An estimate
 * is never below the true count; it is above it only by what colliding keys added, which
 * conservative update keeps small (two million distinct single events leave most estimates exact).
 */
export class CountMinSketch {
  static readonly DEPTH = 4;
  static readonly WIDTH_BITS = 20;
  private readonly cells = new Uint32Array(CountMinSketch.DEPTH << CountMinSketch.WIDTH_BITS);
  private readonly index = new Uint32Array(CountMinSketch.DEPTH);

  private locate(key: string): void {
    const mask = (1 << CountMinSketch.WIDTH_BITS) - 1;
    const h1 = hash(key, 0);
    const h2 = hash(key, 0x9e3779b9) | 1;
    for (let d = 0; d < CountMinSketch.DEPTH; d++) this.index[d] = (d << CountMinSketch.WIDTH_BITS) | ((h1 + Math.imul(d, h2)) & mask);
  }

  estimate(key: string): number {
    this.locate(key);
    let min = Infinity;
    for (let d = 0; d < CountMinSketch.DEPTH; d++) min = Math.min(min, this.cells[this.index[d]!]!);
    return min;
  }

  /** Adds `n` to `key`'s count and returns its new estimate. */
  add(key: string, n = 1): number {
    this.locate(key);
    let min = Infinity;
    for (let d = 0; d < CountMinSketch.DEPTH; d++) min = Math.min(min, this.cells[this.index[d]!]!);
    const next = Math.min(min + n, 0xffffffff);
    // Conservative update: a counter already above the new estimate holds other keys' counts.
    for (let d = 0; d < CountMinSketch.DEPTH; d++) if (this.cells[this.index[d]!]! < next) this.cells[this.index[d]!] = next;
    return next;
  }
}

/** A BoundedSet as a state file holds it: the digests of its exact keys, and the Bloom filter's bits. */
export interface DigestSetState {
  /** Sorted. */
  exact: string[];
  /** Base64 of the filter's bits, when keys went past the exact bound. */
  bloom?: string;
  approximated: number;
}

const BLOOM_BITS = 26;

function bloomBits(digest: string): number[] {
  const mask = (1 << BLOOM_BITS) - 1;
  const h1 = hash(digest, 0x51ed27);
  const h2 = hash(digest, 0x2545f491) | 1;
  return [0, 1, 2, 3].map((i) => (h1 + Math.imul(i, h2)) & mask);
}

const newBloom = (): Uint32Array => new Uint32Array((1 << BLOOM_BITS) / 32);

function bloomAdd(bloom: Uint32Array, digest: string): void {
  for (const b of bloomBits(digest)) bloom[b >>> 5] = (bloom[b >>> 5] ?? 0) | (1 << (b & 31));
}

const bloomHas = (bloom: Uint32Array | undefined, digest: string): boolean => bloom !== undefined && bloomBits(digest).every((b) => (bloom[b >>> 5]! & (1 << (b & 31))) !== 0);

const bloomOf = (text: string | undefined): Uint32Array | undefined => {
  if (text === undefined) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
};
const bloomText = (bloom: Uint32Array): string => Buffer.from(bloom.buffer, bloom.byteOffset, bloom.byteLength).toString('base64');

/**
 * A set that is exact up to `maxExact` keys, then a Bloom filter (2^26 bits, 8 MiB, 4 hashes) for
 * the keys after: `has` may then say yes for a key never added (about 1 in 6,000 at two million
 * keys), never no for one that was. The filter holds digests (digestOf), so that a state file's
 * filter answers for the digests the other shards hold.
 */
export class BoundedSet {
  static readonly BLOOM_BITS = BLOOM_BITS;
  private readonly exact = new Set<string>();
  private bloom: Uint32Array | undefined;
  /** Keys that went into the Bloom filter (counting repeats of a key it already held once). */
  approximated = 0;
  /**
   * The two keys added last: a key once added stays (exact or in the filter), and a log's few
   * sources come interleaved, each key the same string line after line (use-keys.ts), so `===`
   * answers before the Set hashes it.
   */
  private last0: string | undefined;
  private last1: string | undefined;

  constructor(private readonly maxExact: number) {}

  add(key: string): void {
    if (key === this.last0 || key === this.last1) return;
    this.last1 = this.last0;
    this.last0 = key;
    if (this.exact.has(key)) return;
    if (this.exact.size < this.maxExact) {
      this.exact.add(key);
      return;
    }
    const digest = digestOf(key);
    if (bloomHas(this.bloom, digest)) return;
    this.approximated++;
    bloomAdd((this.bloom ??= newBloom()), digest);
  }

  has(key: string): boolean {
    return this.exact.has(key) || bloomHas(this.bloom, digestOf(key));
  }

  state(): DigestSetState {
    const out: DigestSetState = { exact: [...this.exact].map(digestOf).sort(), approximated: this.approximated };
    if (this.bloom !== undefined) out.bloom = bloomText(this.bloom);
    return out;
  }
}

/** Membership by digest, read from a state. */
export class DigestSet {
  private readonly exact: Set<string>;
  private readonly bloom: Uint32Array | undefined;

  constructor(state: DigestSetState) {
    this.exact = new Set(state.exact);
    this.bloom = bloomOf(state.bloom);
  }

  has(digest: string): boolean {
    return this.exact.has(digest) || bloomHas(this.bloom, digest);
  }
}

/** Two sets as one: exact digests up to `maxExact` (the smallest, so any grouping keeps the same), the rest in the filter. */
export function mergeDigestSets(a: DigestSetState, b: DigestSetState, maxExact: number): DigestSetState {
  const all = [...new Set([...a.exact, ...b.exact])].sort();
  const over = all.splice(maxExact);
  let bloom: Uint32Array | undefined;
  for (const text of [a.bloom, b.bloom]) {
    const other = bloomOf(text);
    if (other === undefined) continue;
    bloom ??= newBloom();
    for (let i = 0; i < bloom.length; i++) bloom[i]! |= other[i]!;
  }
  let approximated = a.approximated + b.approximated;
  for (const digest of over) {
    bloom ??= newBloom();
    if (bloomHas(bloom, digest)) continue;
    approximated++;
    bloomAdd(bloom, digest);
  }
  const out: DigestSetState = { exact: all, approximated };
  if (bloom !== undefined) out.bloom = bloomText(bloom);
  return out;
}
