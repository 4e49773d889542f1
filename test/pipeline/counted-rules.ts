// The scan rules, wrapped to count the lines a scan gives them: tests of the lines a scan leaves
// undecoded (repeated lines, run-only lines) check how many reached the rules.
import type { ScanDetector } from '../../src/detectors/detector.js';
import { SCAN_DETECTORS } from '../../src/detectors/index.js';

/** Every scan rule; `lines()` is how many lines they were given (counted once per line, on masked-token's run). */
export function countedRules(): { detectors: ScanDetector[]; lines: () => number } {
  let n = 0;
  const detectors = Object.values(SCAN_DETECTORS).map(
    (d): ScanDetector => ({
      ...d,
      create(ctx) {
        const run = d.create(ctx);
        const onLine = run.onLine.bind(run);
        run.onLine = (line) => {
          if (d === SCAN_DETECTORS['masked-token']) n++;
          return onLine(line);
        };
        return run;
      },
    }),
  );
  return { detectors, lines: () => n };
}
