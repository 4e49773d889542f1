// The scan prefilter must never change what the scan finds: over every fixture in the repository
// (source, configs, CI and container logs, tokens in every form), findings are identical with and
// without it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { SCAN_DETECTORS } from '../../src/detectors/index.js';
import { runScan } from '../../src/pipeline/scan-run.js';
import { expandInputs } from '../../src/sources/glob.js';
import { TokenMatcher } from '../../src/token.js';
import { fixture } from '../helpers.js';

describe('scan prefilter (LineMarker)', () => {
  for (const withToken of [false, true]) {
    it(`finds exactly what a full scan finds over fixtures/ (${withToken ? 'with' : 'without'} an exposed token)`, async () => {
      const { inputs } = await expandInputs([fixture()]);
      assert.ok(inputs.length > 300, `only ${inputs.length} fixture files`);
      const tokens = new TokenMatcher(withToken ? [{ label: 'exposed', raw: readFileSync(fixture('demo', 'leaked-token.txt'), 'utf8').trim() }] : []);
      const run = (prefilter: boolean) =>
        runScan(inputs.map((input) => ({ input })), { detectors: Object.values(SCAN_DETECTORS), tokens, forced: {}, prefilter });
      const [full, filtered] = [await run(false), await run(true)];
      assert.ok(full.findings.length > 100, `only ${full.findings.length} findings`);
      assert.deepEqual(filtered.findings, full.findings);
      assert.deepEqual(filtered.coverage.map((c) => c.lines), full.coverage.map((c) => c.lines));
    });
  }
});
