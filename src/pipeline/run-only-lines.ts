// Lines the prefilter marked for a long token run alone (docs/performance.md "The scan"): a
// lockfile's `"integrity": "sha512-…"` holds a 43-character run of base64, and no rule can use it.
// The rules that read runs say which lines their runs cannot matter on (ScanTriggers.runMatters, on
// the raw bytes); such a line, with no mapping key (the marker tells), while every run rests, is
// left undecoded.
import type { QuietRun } from '../prefilter/line-marker.js';
import type { MergedTriggers } from '../prefilter/triggers.js';
import type { InputCoverage } from './coverage.js';
import type { RunsAtRest } from './runs-at-rest.js';

/**
 * A line marked for its run alone that no rule's run can use (ScanTriggers.runMatters), while every
 * run rests: it would give nothing and change nothing, and is counted as examined without going to
 * the rules. Such a line holds no mapping key either: the marker of unframed files searches the
 * keys' bare names (prefilter/needle-plan.ts NAMED), and a line holding one is not run-only.
 */
export function quietRunOf(triggers: MergedTriggers, rest: RunsAtRest, cov: InputCoverage): QuietRun | undefined {
  const { runMatters } = triggers;
  if (runMatters === undefined) return undefined;
  return (buf, start, end) => {
    if (!rest.resting() || runMatters(buf, start, end)) return false;
    cov.examined++;
    return true;
  };
}
