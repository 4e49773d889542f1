// Fixed-size stand-ins for a Map of counts and a Set of keys, for the per-source state of the audit
// rules once the exact tables are full. Sources are attacker-chosen (two million IPv6 addresses
// cost nothing to send from), so exact state per source cannot be the only kind (issue 7).

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

/**
 * A set that is exact up to `maxExact` keys, then a Bloom filter (2^26 bits, 8 MiB, 4 hashes) for
 * the keys after: `has` may then say yes for a key never added (about 1 in 6,000 at two million
 * keys), never no for one that was.
 */
export class BoundedSet {
  static readonly BLOOM_BITS = 26;
  private readonly exact = new Set<string>();
  private bloom: Uint32Array | undefined;
  /** Keys that went into the Bloom filter (counting repeats of a key it already held once). */
  approximated = 0;

  constructor(private readonly maxExact: number) {}

  private bits(key: string): number[] {
    const mask = (1 << BoundedSet.BLOOM_BITS) - 1;
    const h1 = hash(key, 0x51ed27);
    const h2 = hash(key, 0x2545f491) | 1;
    return [0, 1, 2, 3].map((i) => (h1 + Math.imul(i, h2)) & mask);
  }

  add(key: string): void {
    if (this.exact.has(key)) return;
    if (this.exact.size < this.maxExact) {
      this.exact.add(key);
      return;
    }
    const bloom = (this.bloom ??= new Uint32Array((1 << BoundedSet.BLOOM_BITS) / 32));
    if (this.bloomHas(key)) return;
    this.approximated++;
    for (const b of this.bits(key)) bloom[b >>> 5] = (bloom[b >>> 5] ?? 0) | (1 << (b & 31));
  }

  private bloomHas(key: string): boolean {
    const bloom = this.bloom;
    return bloom !== undefined && this.bits(key).every((b) => (bloom[b >>> 5]! & (1 << (b & 31))) !== 0);
  }

  has(key: string): boolean {
    return this.exact.has(key) || this.bloomHas(key);
  }
}
