// Fitting a table to the terminal. Each column gets its natural width (its widest line) when all
// fit; otherwise the widest columns give way first, down to what their heading needs, and a cell
// line longer than its column is wrapped (at a space where there is one) — never cut. Paths and
// ids are the exception: a wrapped path is hard to copy, so when the terminal forces it they get a
// middle ellipsis (`fixtures/demo/…/openclaw-2025-02-21.log:3`), and --verbose wraps them whole.

/** Width when stdout is not a terminal (a file, a pipe, a ticket): wide enough for most rows. */
export const DEFAULT_WIDTH = 160;
/** Narrower than this, no table is readable; the layout keeps its minimum widths. */
export const MIN_WIDTH = 40;

export interface ColumnOptions {
  /** Middle ellipsis instead of wrapping when the column is too narrow (paths, device ids). */
  ellipsis?: boolean;
  /** Never wider than this (message cells wrap at a reading width even on a wide terminal). */
  max?: number;
  /**
   * `always`: short values (times, counts) keep their width while other columns can give way;
   * `first`: paths keep theirs while prose can give way, then give way before `always` columns.
   */
  keep?: 'always' | 'first';
}

export interface FittedTable {
  /** cli-table3 `colWidths`: content plus one space of padding on each side. */
  colWidths: number[];
  rows: string[][];
  head: string[];
  /**
   * False when the width squeezes a column below what reads well (a time broken in pieces, text
   * a few letters wide): the caller prints the rows as records instead (renderRecords).
   */
  readable: boolean;
}

/** Below this many characters a text column reads as a ribbon of word fragments. */
const READABLE_TEXT = 16;

const PADDING = 2;

/** Display width in code points (the cells are escaped text: no controls, no combining tricks). */
const widthOf = (line: string): number => [...line].length;

const linesOf = (cell: string): string[] => cell.split('\n');

/** `abc…xyz` keeping both ends: the start names the place, the end the file and line. */
export function middleEllipsis(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  if (max <= 1) return '…';
  const tail = Math.ceil((max - 1) / 2);
  return chars.slice(0, max - 1 - tail).join('') + '…' + chars.slice(chars.length - tail).join('');
}

/** Where a line may break when it has no space: after `/ ? & , ;`, and before the `T` of a time. */
function softBreak(chars: readonly string[], max: number): number {
  for (let i = max; i > 0; i--) {
    const before = chars[i - 1]!;
    if ('/?&,;'.includes(before) || (chars[i] === 'T' && /\d/.test(before))) return i;
  }
  return -1;
}

/** Lines of at most `max` code points, broken at a space where there is one, else softly, else hard. */
export function wrapLine(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = [...text];
  while (rest.length > max) {
    const space = rest.lastIndexOf(' ', max);
    let cut = space > 0 ? space : softBreak(rest, max);
    if (cut <= 0) cut = max;
    out.push(rest.slice(0, cut).join('').trimEnd());
    rest = rest.slice(rest[cut] === ' ' ? cut + 1 : cut);
  }
  out.push(rest.join(''));
  return out;
}

/**
 * Column widths for `width` terminal columns (borders included), and the cells wrapped or
 * shortened to them. `verbose`: paths are wrapped too, never shortened.
 */
export function fitTable(head: readonly string[], rows: readonly string[][], width: number, columns: readonly ColumnOptions[], verbose: boolean): FittedTable {
  const n = head.length;
  const natural = head.map((h, i) => {
    let w = widthOf(h);
    for (const row of rows) for (const line of linesOf(row[i] ?? '')) w = Math.max(w, widthOf(line));
    const max = columns[i]?.max;
    return (max !== undefined ? Math.min(w, max) : w) + PADDING;
  });
  // A heading may wrap at its spaces (`user agents`), never inside a word. Columns marked `keep`
  // hold their natural width unless even that does not fit.
  const loose = head.map((h, i) => Math.min(natural[i]!, Math.max(READABLE_TEXT, ...h.split(' ').map(widthOf)) + PADDING));
  const budget = Math.max(width, MIN_WIDTH) - (n + 1);
  // Prose wraps well and gives way first; then paths (a middle ellipsis hides part of them; with
  // --verbose they wrap like prose); `keep` columns last.
  const keepPaths = loose.map((w, i) => (columns[i]?.keep === 'always' || (columns[i]?.keep === 'first' && !verbose) ? natural[i]! : w));
  const keepShort = loose.map((w, i) => (columns[i]?.keep === 'always' ? natural[i]! : w));
  const sum = (ws: readonly number[]): number => ws.reduce((a, b) => a + b, 0);
  const minimum = [keepPaths, keepShort].find((m) => sum(m) <= budget) ?? loose;
  const widths = natural.slice();
  if (natural.reduce((a, b) => a + b, 0) > budget) {
    // The largest cap c with sum(max(min, min(natural, c))) within budget: widest columns give way.
    const total = (c: number): number => natural.reduce((sum, w, i) => sum + Math.max(minimum[i]!, Math.min(w, c)), 0);
    let lo = 0;
    let hi = Math.max(...natural);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (total(mid) <= budget) lo = mid;
      else hi = mid - 1;
    }
    for (let i = 0; i < n; i++) widths[i] = Math.max(minimum[i]!, Math.min(natural[i]!, lo));
    // What the cap leaves over goes to the columns still short of their natural width.
    let spare = budget - widths.reduce((a, b) => a + b, 0);
    // Paths first: every character they get is one the ellipsis does not hide.
    const order = [...head.keys()].sort((a, b) => Number(columns[b]?.keep === 'first') - Number(columns[a]?.keep === 'first'));
    for (const i of order) {
      if (spare <= 0) break;
      const add = Math.min(spare, natural[i]! - widths[i]!);
      if (add > 0) {
        widths[i]! += add;
        spare -= add;
      }
    }
  }
  const fit = (cell: string, i: number): string => {
    const room = widths[i]! - PADDING;
    return linesOf(cell)
      .flatMap((line) => (widthOf(line) <= room ? [line] : columns[i]?.ellipsis === true && !verbose ? [middleEllipsis(line, room)] : wrapLine(line, room)))
      .join('\n');
  };
  const readable =
    widths.reduce((a, b) => a + b, 0) <= budget &&
    widths.every((w, i) => w >= Math.min(natural[i]!, columns[i]?.keep === 'always' ? natural[i]! : READABLE_TEXT + PADDING));
  return { colWidths: widths, head: head.map((h, i) => fit(h, i)), rows: rows.map((row) => row.map((c, i) => fit(c, i))), readable };
}

/**
 * A table too wide for the terminal as records, one block per row: `label  value`, each value
 * line wrapped (paths shortened in the middle unless `verbose`) to what the width leaves.
 */
export function renderRecords(head: readonly string[], rows: readonly string[][], width: number, columns: readonly ColumnOptions[], verbose: boolean): string {
  const w = Math.max(width, MIN_WIDTH);
  const label = Math.max(...head.map(widthOf)) + 2;
  const room = w - label;
  const out: string[] = [];
  for (const row of rows) {
    out.push('─'.repeat(w));
    row.forEach((cell, i) => {
      const lines = linesOf(cell).flatMap((line) =>
        widthOf(line) <= room ? [line] : columns[i]?.ellipsis === true && !verbose ? [middleEllipsis(line, room)] : wrapLine(line, room),
      );
      lines.forEach((line, j) => out.push(`${(j === 0 ? head[i]! : '').padEnd(label)}${line}`.trimEnd()));
    });
  }
  if (rows.length > 0) out.push('─'.repeat(w));
  return out.join('\n');
}
