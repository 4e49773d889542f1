// The answers of a pure function of a string, for the few values a log repeats on most lines (its
// clients, paths, user agents): a decoded line's fields are new strings, and each went through
// trim, Set lookups and index searches, and then hashed again by every rule's Map (issue 8: the
// `leak-30` bench variant decodes 1.47 million lines whose token uses come from a handful of values).
// A hit returns the string the function gave before, whose hash V8 already keeps.

const SLOTS = 64;

/**
 * Direct-mapped: one slot per (length, last and middle character), replaced on a miss. Values that
 * are not strings (a field logged as a number, null) are computed each time.
 */
export class StringMemo<T> {
  /** '' for an empty slot (no value looked up is ''): an array of strings only, so that `===` below is a string comparison, not V8's generic StrictEqual call (issue 8). */
  private readonly keys: string[] = Array.from({ length: SLOTS }, () => '');
  private readonly answers: T[] = new Array<T>(SLOTS);

  constructor(private readonly compute: (value: unknown) => T) {}

  get(value: unknown): T {
    if (typeof value !== 'string') return this.compute(value);
    const n = value.length;
    if (n === 0) return this.compute(value);
    const slot = (n + value.charCodeAt(n - 1) * 7 + value.charCodeAt(n >> 1) * 3) & (SLOTS - 1);
    if (this.keys[slot] === value) return this.answers[slot]!;
    const answer = this.compute(value);
    this.keys[slot] = value;
    this.answers[slot] = answer;
    return answer;
  }
}
