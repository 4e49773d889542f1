// Lines the prefilter marked for a long token run alone (docs/performance.md "The scan"): a
// lockfile's `"integrity": "sha512-…"` holds a 43-character run of base64, and no rule can use it.
// The rules that read runs say which lines their runs cannot matter on (ScanTriggers.runMatters, on
// the raw bytes); such a line, with no mapping key, while every run rests, is left undecoded.
import type { QuietRun } from '../prefilter/line-marker.js';
import type { MergedTriggers } from '../prefilter/triggers.js';
import type { InputCoverage } from './coverage.js';
import type { RunsAtRest } from './runs-at-rest.js';

/**
 * A line marked for its run alone that no rule's run can use (ScanTriggers.runMatters), holding no
 * mapping key, while every run rests: it would give nothing and change nothing, and is counted as
 * examined without going to the rules.
 */
export function quietRunOf(triggers: MergedTriggers, rest: RunsAtRest, cov: InputCoverage, keysMarked: boolean): QuietRun | undefined {
  const { runMatters } = triggers;
  if (runMatters === undefined) return undefined;
  // YAML and JSON: a line naming a mapping key is marked for it already (structure-lines.ts).
  const keys = keysMarked ? [] : keyBytes(triggers);
  // Where each key is next in the block (lines come in order): one search per key and block, not
  // per line. Made at the file's first such line: a scan of many small files has few.
  let block: Buffer | undefined;
  let next: number[] | undefined;
  return (buf, start, end) => {
    if (!rest.resting() || runMatters(buf, start, end)) return false; // the cached answer first
    if (buf !== block) {
      block = buf;
      next = keys.map(() => -2); // -2: not searched in this block; -1: none left
    }
    for (let k = 0; k < keys.length; k++) {
      if (next![k] === -2 || (next![k]! !== -1 && next![k]! < start)) next![k] = buf.indexOf(keys[k]!, start);
      if (next![k]! !== -1 && next![k]! < end) return false;
    }
    cov.examined++;
    return true;
  };
}

const keyBuffers = new WeakMap<MergedTriggers, Buffer[]>();

/** The mapping keys as bytes, once per scan run (not per file). */
function keyBytes(triggers: MergedTriggers): Buffer[] {
  let keys = keyBuffers.get(triggers);
  if (keys === undefined) keyBuffers.set(triggers, (keys = triggers.mappingKeys.map((k) => Buffer.from(k))));
  return keys;
}
