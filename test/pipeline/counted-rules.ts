// The scan rules, wrapped to count the lines a scan gives them: tests of the lines a scan leaves
// undecoded (repeated lines, run-only lines, text blocks read as if whole) check how many reached
// the rules, and that the findings are those of reading every line.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ScanDetector } from '../../src/detectors/detector.js';
import { SCAN_DETECTORS } from '../../src/detectors/index.js';
import { runScan } from '../../src/pipeline/scan-run.js';
import { expandInputs } from '../../src/sources/glob.js';
import { TokenMatcher } from '../../src/token.js';

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

type ScanResult = Awaited<ReturnType<typeof runScan>>;

/**
 * Scans `files` (name → content, written to a fresh directory) twice: reading every line (no
 * prefilter) and through the prefilter with counted rules; asserts the findings agree. `given` is
 * how many lines the second scan gave the rules.
 */
export async function scanBothWays(files: Record<string, string>): Promise<{ full: ScanResult; filtered: ScanResult; given: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-both-ways-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  const { inputs } = await expandInputs([dir]);
  const tokens = new TokenMatcher([]);
  const full = await runScan(inputs.map((input) => ({ input })), { detectors: Object.values(SCAN_DETECTORS), tokens, forced: {}, prefilter: false });
  const { detectors, lines } = countedRules();
  const filtered = await runScan(inputs.map((input) => ({ input })), { detectors, tokens, forced: {} });
  assert.deepEqual(filtered.findings, full.findings);
  return { full, filtered, given: lines() };
}
