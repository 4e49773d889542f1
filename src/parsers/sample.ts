// Format detection reads a file's first non-empty payload lines (docs/product.md §3): a parser claims the
// file when most of them are in its format, so a stray banner or stack trace does not decide it.

/** True when more than half of `sample` (and at least one line) passes `test`. */
export function mostLines(sample: readonly string[], test: (line: string) => boolean): boolean {
  let hits = 0;
  for (const line of sample) if (test(line)) hits++;
  return hits > 0 && hits * 2 > sample.length;
}
