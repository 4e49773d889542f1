// A seeded xorshift32 generator for tests that draw many random cases: the same seed gives the same
// cases on every run, so a failure can be replayed.

/** Numbers in [0, 1), the same sequence for the same seed. */
export function seeded(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** Integers in [0, n), the same sequence for the same seed. */
export function seededInts(seed: number): (n: number) => number {
  const next = seeded(seed);
  return (n) => Math.floor(next() * n);
}
