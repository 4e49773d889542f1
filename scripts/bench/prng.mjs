// A small seeded PRNG (mulberry32) so every bench corpus is the same bytes on every machine.
// Math.random would make cached corpora and published figures incomparable.

export const SEED = 20250221;

export class Rng {
  constructor(seed) {
    this.state = seed >>> 0;
  }

  /** Uniform float in [0, 1). */
  next() {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n) {
    return Math.floor(this.next() * n);
  }

  /** Integer in [lo, hi]. */
  range(lo, hi) {
    return lo + this.int(hi - lo + 1);
  }

  chance(p) {
    return this.next() < p;
  }

  pick(items) {
    return items[this.int(items.length)];
  }

  hex(digits) {
    let out = '';
    while (out.length < digits) out += ((this.next() * 4294967296) >>> 0).toString(16).padStart(8, '0');
    return out.slice(0, digits);
  }

  base64url(chars) {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let out = '';
    for (let i = 0; i < chars; i++) out += alphabet[this.int(64)];
    return out;
  }
}

/** An independent stream per purpose, so adding lines to one corpus does not shift another. */
export function rngFor(purpose) {
  let h = SEED >>> 0;
  for (const ch of purpose) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return new Rng(h);
}
