// Runs of a byte class (token characters) in a line, found without looking at every byte: a run of
// at least `minRun` bytes covers one of the positions start + k·minRun - 1, so only those are
// probed, and a probe that hits is widened to the whole run. The prefilter's fallback path asks
// whether a line holds a long run (needles.ts); values/token-shapes.ts mayHoldTokenShape probes the
// same way, written out (it judges each run, without a closure per line).

/** Whether buf[start, end) holds a run of at least `minRun` bytes whose `cls` entry is 1. */
export function someRun(buf: Uint8Array, start: number, end: number, minRun: number, cls: Uint8Array): boolean {
  for (let i = start + minRun - 1; i < end; ) {
    if (cls[buf[i]!] !== 1) {
      i += minRun;
      continue;
    }
    let s = i;
    while (s > start && cls[buf[s - 1]!] === 1) s--;
    let e = i + 1;
    while (e < end && cls[buf[e]!] === 1) e++;
    if (e - s >= minRun) return true;
    i = e + minRun;
  }
  return false;
}
