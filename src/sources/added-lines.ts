// Which lines of a staged file are new, computed from the two blobs themselves rather than from
// `git diff`: diff attributes (`-diff`, `binary` in .gitattributes) make git report no changed
// line at all, and a type change (a symlink replaced by a file) was left out of its output. A line
// is added when the committed version holds fewer copies of its exact bytes than the staged one
// has seen so far: a moved line is not new (the secret on it is already committed), a second copy
// of a committed line is. Memory: a 64-bit hash and a count per distinct committed line, in typed
// arrays (12 bytes a slot, at most 2^22 slots: 48 MB).

/** Past this many distinct lines in the committed version, every staged line counts as added. */
export const MAX_BASE_LINES = 2_000_000;

/** Every line of the input: for a file with no committed version. */
export const ALL_LINES: ReadonlyArray<[number, number]> = [[1, Number.MAX_SAFE_INTEGER]];

const SEED_A = 0x811c9dc5 | 0;
const SEED_B = 0x9747b28c | 0;

/**
 * Hashes a chunk's bytes into the running line hash `state` ([lane a, lane b, bytes pending, line
 * count]: an Int32Array, so the per-byte loop stores no boxed numbers) and calls `onLine` at each
 * \n. Two 32-bit lanes: FNV-1a and a multiply-xorshift.
 */
function hashChunk(chunk: Buffer, state: Int32Array, onLine: (a: number, b: number, line: number) => void): void {
  let a = state[0]!;
  let b = state[1]!;
  let pending = state[2]!;
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk[i]!;
    if (c === 10) {
      onLine(a, b, ++state[3]!);
      a = SEED_A;
      b = SEED_B;
      pending = 0;
      continue;
    }
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
    pending = 1;
  }
  state[0] = a;
  state[1] = b;
  state[2] = pending;
}

/**
 * Calls `onLine` for every line of a byte stream, split on \n as the scan splits (a line over
 * 1 MiB is still one line); the hash covers the line's bytes without the \n.
 */
async function eachLineHash(chunks: AsyncIterable<Buffer>, onLine: (a: number, b: number, line: number) => void): Promise<void> {
  const state = Int32Array.of(SEED_A, SEED_B, 0, 0);
  for await (const chunk of chunks) hashChunk(chunk, state, onLine);
  if (state[2] === 1) onLine(state[0]!, state[1]!, state[3]! + 1);
}

/** A multiset of line hashes: open addressing over typed arrays. A count of -1 marks a used-up slot. */
class LineCounts {
  private keyA = new Int32Array(1 << 12);
  private keyB = new Int32Array(1 << 12);
  private counts = new Int32Array(1 << 12);
  size = 0;

  private slot(a: number, b: number): number {
    const mask = this.counts.length - 1;
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
    while (this.counts[i] !== 0 && (this.keyA[i] !== a || this.keyB[i] !== b)) i = (i + 1) & mask;
    return i;
  }

  add(a: number, b: number): void {
    const i = this.slot(a, b);
    if (this.counts[i] !== 0) {
      this.counts[i]!++;
      return;
    }
    this.keyA[i] = a;
    this.keyB[i] = b;
    this.counts[i] = 1;
    // Grown at three quarters full: linear probing stays short, and memory stays a third lower than at half.
    if (++this.size * 4 > this.counts.length * 3) this.grow();
  }

  /** Takes one copy of the line: false when none is left (the line is added). */
  take(a: number, b: number): boolean {
    const i = this.slot(a, b);
    const n = this.counts[i]!;
    if (n <= 0) return false;
    this.counts[i] = n === 1 ? -1 : n - 1;
    return true;
  }

  private grow(): void {
    const { keyA, keyB, counts } = this;
    this.keyA = new Int32Array(counts.length * 2);
    this.keyB = new Int32Array(counts.length * 2);
    this.counts = new Int32Array(counts.length * 2);
    for (let j = 0; j < counts.length; j++) {
      if (counts[j] === 0) continue;
      const i = this.slot(keyA[j]!, keyB[j]!);
      this.keyA[i] = keyA[j]!;
      this.keyB[i] = keyB[j]!;
      this.counts[i] = counts[j]!;
    }
  }
}

/**
 * The 1-based line ranges of `staged` that `base` (the committed version, or the source of a
 * rename or copy) does not account for. Ascending, adjacent lines merged.
 */
export async function addedLines(base: AsyncIterable<Buffer>, staged: AsyncIterable<Buffer>, maxBaseLines = MAX_BASE_LINES): Promise<Array<[number, number]>> {
  let counts: LineCounts | undefined = new LineCounts();
  await eachLineHash(base, (a, b) => {
    if (counts === undefined) return;
    counts.add(a, b);
    if (counts.size > maxBaseLines) counts = undefined;
  });
  if (counts === undefined) {
    // The staged stream must still be drained: its reader (git cat-file) waits on the pipe.
    for await (const chunk of staged) void chunk;
    return [...ALL_LINES];
  }
  const left = counts;
  const ranges: Array<[number, number]> = [];
  await eachLineHash(staged, (a, b, line) => {
    if (left.take(a, b)) return;
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last[1] === line - 1) last[1] = line;
    else ranges.push([line, line]);
  });
  return ranges;
}
