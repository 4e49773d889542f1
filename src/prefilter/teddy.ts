// The WebAssembly SIMD half of NeedleSet: one pass over a block finds every line that holds a needle
// (teddy.wat). Each needle is found by a 3-byte anchor; anchors share 8 buckets; a bucket accepts a
// byte at position j when both of its nibbles are allowed, so mixing anchors in a bucket admits
// false candidates, which the kernel itself removes by comparing the whole needle (teddy-buckets.ts
// keeps them few).
import { assignBuckets } from './teddy-buckets.js';
import { keyByte, trigramAt } from './sample-counts.js';
import {
  arenaHolding,
  BUCKETS_AT,
  copiedIn,
  copyInstance,
  COUNTED_AT,
  DATA,
  type Kernel,
  lastPass,
  MAX_RECORDS,
  NEEDLE_BYTES_AT,
  NEEDLE_BYTES_END,
  NEWLINES_AT,
  RECORDS_AT,
  TABLE_BYTES,
} from './teddy-kernel.js';

export function teddyAvailable(): boolean {
  return copyInstance() !== null;
}

/** A needle, the offset of its 3-byte anchor (the trigram the SIMD pass looks for), its group bits. */
export interface AnchoredNeedle {
  needle: Buffer;
  k: number;
  group: number;
}

/**
 * Called for each line a filter selects: its start offset in the block, 1-based line number, and
 * the group bits of the needles on it ORed (SELECTED for a line the filter's run or shape chose).
 */
export type OnLine = (start: number, line: number, groups: number) => void;

/** The group of a needle given without one, and of lines selected by a run or their shape. */
export const SELECTED = 1;
/** Group bits are 1..255 (the kernel keeps them above a 24-bit line number). */
export const MAX_GROUP = 255;
const LINE_BITS = 0xffffff;

/** Well-formed lines of a format start and end with these bytes (`{` and `}` for JSON lines). */
export interface LineShape {
  first: number;
  last: number;
}

/** What else makes a line worth decoding, besides holding a needle. */
export interface LineFilter {
  /** Non-empty lines of another shape. */
  shape?: LineShape;
  /** Lines holding a run of at least this many token characters (RUN_CLASS); above 16. */
  minRun?: number;
  /**
   * Runs go on through escapes (ESCAPE_CLASS): in framed logs a colour code or Docker's JSON
   * escape of one (`\u001b[0m`) may sit inside a token, and the payload the rules see has it removed.
   */
  escapes?: boolean;
  /**
   * Group bits whose lines are counted, not reported (NeedleSet.counted): a line holding only
   * such needles costs no call (a needle every Docker record holds, on 10,000 lines per block).
   */
  count?: number;
}

/** Token characters [A-Za-z0-9_-]: the runs token-shaped strings are made of (token-shapes.ts). */
export const RUN_CLASS = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-') RUN_CLASS[c.charCodeAt(0)] = 1;

/** RUN_CLASS plus ESC, `[`, `;` and `\\`: what CSI colour codes and JSON escapes are made of besides token characters. */
export const ESCAPE_CLASS = Uint8Array.from(RUN_CLASS);
for (const c of '\x1b[;\\') ESCAPE_CLASS[c.charCodeAt(0)] = 1;

// RUN_CLASS as a union of nibble rectangles, one bit each: `-`; digits; A-O a-o; P-Z p-z; `_`;
// ESCAPE_CLASS adds ESC `;` `[` (low nibble B, high 1, 3, 5) and `\\` (5C).
const classTables = (escapes: boolean): Uint8Array => {
  const t = new Uint8Array(32);
  const add = (bit: number, his: number[], los: number[]): void => {
    for (const h of his) t[16 + h]! |= 1 << bit;
    for (const l of los) t[l]! |= 1 << bit;
  };
  const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  add(0, [2], [0xd]);
  add(1, [3], range(0, 9));
  add(2, [4, 6], range(1, 15));
  add(3, [5, 7], range(0, 10));
  add(4, [5], [15]);
  if (escapes) {
    add(5, [1, 3, 5], [0xb]);
    add(6, [5], [0xc]);
  }
  return t;
};
const RUN_CLASS_TABLES = classTables(false);
const ESCAPE_CLASS_TABLES = classTables(true);

/** How many needles, and bytes of them, the kernel holds (more: NeedleSet searches with Buffer.indexOf). */
export const TEDDY_BUDGET = { needles: MAX_RECORDS, bytes: NEEDLE_BYTES_END - NEEDLE_BYTES_AT } as const;

export class TeddyTables {
  private readonly tables = new Uint8Array(NEEDLE_BYTES_END);
  /** Bytes of `tables` in use: what is copied into kernel memory. */
  private used = NEEDLE_BYTES_AT;
  /** Lines of the last forEachLine that held a needle of `filter.count`. */
  counted = 0;

  /** Whether these needles fit the kernel's needle area (every needle at least 3 bytes). */
  static fits(needles: readonly { needle: Buffer }[]): boolean {
    const bytes = needles.reduce((n, a) => n + a.needle.length, 0);
    return needles.length > 0 && needles.length <= TEDDY_BUDGET.needles && bytes <= TEDDY_BUDGET.bytes && needles.every((a) => a.needle.length >= 3);
  }

  /** `sample` (the data's first bytes) and `freq` (its byte frequencies) guide the bucketing. */
  constructor(needles: readonly AnchoredNeedle[], sample: Buffer, freq: Float64Array) {
    const keys = [...new Set(needles.map((a) => trigramAt(a.needle, a.k)))];
    this.tables.set(RUN_CLASS_TABLES, TABLE_BYTES);
    const bucketOf = assignBuckets(keys, sample, freq);
    for (const [key, bucket] of bucketOf) {
      for (let j = 0; j < 3; j++) {
        const b = keyByte(key, j);
        this.tables[32 * j + (b & 15)]! |= 1 << bucket;
        this.tables[32 * j + 16 + (b >> 4)]! |= 1 << bucket;
      }
    }
    // Needle records grouped by bucket, and by anchor within one: the kernel compares a candidate's
    // three bytes with its buckets' anchors, in order, before it compares a whole needle (a false
    // candidate went through every needle of its bucket: the kernel ran twice as fast without them
    // on the YAML/JSON tree).
    const view = new DataView(this.tables.buffer);
    const anchorOf = (a: AnchoredNeedle): number => a.needle[a.k]! | (a.needle[a.k + 1]! << 8) | (a.needle[a.k + 2]! << 16);
    const sorted = [...needles].sort(
      (a, b) => bucketOf.get(trigramAt(a.needle, a.k))! - bucketOf.get(trigramAt(b.needle, b.k))! || anchorOf(a) - anchorOf(b),
    );
    let at = NEEDLE_BYTES_AT;
    sorted.forEach((a, r) => {
      const { needle, k, group } = a;
      const b = bucketOf.get(trigramAt(needle, k))!;
      if (view.getInt32(BUCKETS_AT + 8 * b + 4, true) === 0) view.setInt32(BUCKETS_AT + 8 * b, r, true);
      view.setInt32(BUCKETS_AT + 8 * b + 4, view.getInt32(BUCKETS_AT + 8 * b + 4, true) + 1, true);
      // Both under 2^16: the needle bytes are fewer (TEDDY_BUDGET).
      view.setInt32(RECORDS_AT + 16 * r, k | (needle.length << 16), true);
      view.setInt32(RECORDS_AT + 16 * r + 4, anchorOf(a), true);
      view.setInt32(RECORDS_AT + 16 * r + 8, at, true);
      view.setInt32(RECORDS_AT + 16 * r + 12, group, true);
      this.tables.set(needle, at);
      at += needle.length;
    });
    this.used = at;
  }

  /**
   * Calls `onLine(start, line, groups)` for every line of `buf` that holds a needle or that `filter`
   * selects; `line` is 1-based within the block, each line once, ascending. Returns the number of
   * lines in `buf` (a last line without \n counts).
   */
  forEachLine(buf: Buffer, filter: LineFilter, onLine: OnLine): number {
    const shape = filter.shape;
    const { kernel: k, ptr, out, inArena } = place(buf);
    // The tables stay in kernel memory until another set (or the other run class) replaces them:
    // a scan of thousands of small files calls the same set for each.
    const escapes = filter.escapes === true;
    const held = tablesIn.get(k);
    if (held?.set !== this || held.escapes !== escapes) {
      const memory = new Uint8Array(k.memory.buffer);
      memory.set(this.tables.subarray(0, this.used), 0);
      if (escapes) memory.set(ESCAPE_CLASS_TABLES, TABLE_BYTES);
      tablesIn.set(k, { set: this, escapes });
    }
    const n = k.lines(ptr, buf.length, out, shape?.first ?? 0, shape?.last ?? 0, filter.minRun ?? 0, filter.count ?? 0);
    lastPass.buf = inArena ? buf : undefined;
    lastPass.out = out;
    lastPass.n = n;
    lastPass.serial++;
    const words = wordsOf(k);
    const newlines = words[NEWLINES_AT >> 2]!;
    this.counted = words[COUNTED_AT >> 2]!;
    const first = out >> 2;
    const lastReported = n === 0 ? 0 : words[first + 2 * n - 1]! & LINE_BITS;
    for (let i = first; i < first + 2 * n; i += 2) onLine(words[i]!, words[i + 1]! & LINE_BITS, words[i + 1]! >>> 24);
    const unterminated = buf.length > 0 && buf[buf.length - 1] !== 10;
    const lines = unterminated ? newlines + 1 : newlines;
    // The kernel checks a line's end at its newline; a last line without one is checked here.
    if (shape !== undefined && unterminated && lastReported !== lines) {
      const start = buf.lastIndexOf(10) + 1;
      let e = buf.length;
      if (buf[e - 1] === 13) e--;
      if (e > start && (buf[start] !== shape.first || buf[e - 1] !== shape.last)) onLine(start, lines, SELECTED);
    }
    return lines;
  }
}

/** A kernel's memory as i32 words, made again only when the memory grew (a view per block was an allocation per file). */
const wordViews = new WeakMap<Kernel, Int32Array>();

function wordsOf(k: Kernel): Int32Array {
  let words = wordViews.get(k);
  if (words === undefined || words.buffer !== k.memory.buffer) wordViews.set(k, (words = new Int32Array(k.memory.buffer)));
  return words;
}

/** Whose tables each kernel instance holds (the kernel writes only its result words there). */
const tablesIn = new WeakMap<Kernel, { set: TeddyTables; escapes: boolean }>();

/** Where the kernel finds a block: its instance, the block's offset, and room for the results. */
interface Placed {
  kernel: Kernel;
  ptr: number;
  out: number;
  /** The block lies in the arena (read in place), not copied. */
  inArena: boolean;
}

/**
 * A block read into the arena (teddy-kernel.ts) is searched where it lies; any other is copied
 * into the copy instance's memory, after the needle tables and before room for the results.
 */
function place(buf: Buffer): Placed {
  const arena = arenaHolding(buf);
  if (arena !== undefined) return { kernel: arena.kernel, ptr: buf.byteOffset, out: arena.out, inArena: true };
  const copy = copiedIn(buf);
  if (copy === null) throw new Error('teddy kernel unavailable');
  return { kernel: copy.kernel, ptr: DATA, out: copy.out, inArena: false };
}
