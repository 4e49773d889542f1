// The unmarked lines of a block that hold a mask (`abcdef…wxyz`: a head and a tail of token
// characters around an ellipsis): LineMarker gives them to the rules with its marked lines.
import { RUN_CLASS } from './teddy.js';

/** A block's lines with an ellipsis (LineMarker's BlockMarks): start offsets, 1-based numbers, whether each is marked already. */
export interface EllipsisLines {
  buf: Buffer;
  ellipsisStarts: number[];
  ellipsisNumbers: number[];
  ellipsisMarked: boolean[];
}

/** Start offsets and 1-based numbers of a block's mask lines, ascending. */
export interface MaskLines {
  maskStarts: number[];
  maskNumbers: number[];
}

/**
 * The unmarked lines of the block that hold a mask. Each reported line is searched for each
 * ellipsis from its start (Buffer.indexOf); a hit found past the next reported line, and any
 * before it in lines that were not reported, cannot be a mask (a mask's line is reported), so
 * each search pointer only moves forward: every ellipsis kind is scanned once per block.
 */
export function maskLines(marks: EllipsisLines, ellipsisBytes: readonly Buffer[], maskHead: number, maskTail: number): MaskLines {
  const { buf, ellipsisStarts: starts, ellipsisNumbers: numbers, ellipsisMarked: marked } = marks;
  // Most blocks (a small file each) hold no ellipsis at all.
  if (starts.length === 0) return NO_MASK_LINES;
  const maskStarts: number[] = [];
  const maskNumbers: number[] = [];
  const next = ellipsisBytes.map(() => -2); // -2: not searched yet; -1: none left
  for (let l = 0; l < starts.length; l++) {
    if (marked[l]) continue;
    const from = starts[l]!;
    const bound = l + 1 < starts.length ? starts[l + 1]! : buf.length;
    let masked = false;
    ellipsisBytes.forEach((e, k) => {
      if (next[k] !== -1 && next[k]! < from) next[k] = buf.indexOf(e, from);
      for (let at = next[k]!; !masked && at !== -1 && at < bound; at = next[k] = buf.indexOf(e, at + 1)) {
        masked = runBefore(buf, at, maskHead) >= maskHead && runAfter(buf, at + e.length, maskTail) >= maskTail;
      }
    });
    if (!masked) continue;
    maskStarts.push(from);
    maskNumbers.push(numbers[l]!);
  }
  return { maskStarts, maskNumbers };
}

/** Shared by every block without an ellipsis: only read. */
const NO_MASK_LINES: MaskLines = { maskStarts: [], maskNumbers: [] };

/** Token characters right before `at`, counted up to `head`. */
function runBefore(buf: Buffer, at: number, head: number): number {
  let i = at;
  while (i > 0 && at - i < head && RUN_CLASS[buf[i - 1]!] === 1) i--;
  return at - i;
}

/** Token characters from `at`, counted up to `tail`. */
function runAfter(buf: Buffer, at: number, tail: number): number {
  let i = at;
  while (i < buf.length && i - at < tail && RUN_CLASS[buf[i]!] === 1) i++;
  return i - at;
}
