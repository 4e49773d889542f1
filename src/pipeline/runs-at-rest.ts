// Whether every rule run of a file rests (ScanRun.resting): asked for each marked line a framed
// log's repeats or a run-only line might leave out (repeated-lines.ts, run-only-lines.ts), 164,000
// times on the bench tree's CI logs. A run's state changes only when it is given a line, so the
// answer is kept until the file's next line reaches the rules.
import type { ScanRun } from '../detectors/detector.js';

export class RunsAtRest {
  private known = false;
  private value = true;

  /** `runs`: the file's runs, filled in place when they are created (none yet: at rest). */
  constructor(private readonly runs: readonly ScanRun[]) {}

  resting(): boolean {
    if (!this.known) {
      let all = true;
      for (const r of this.runs) if (r.resting !== undefined && !r.resting()) all = false;
      this.value = all;
      this.known = true;
    }
    return this.value;
  }

  /** A line went to the runs: ask them again. */
  changed(): void {
    this.known = false;
  }
}
