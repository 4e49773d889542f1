// CI scans this repository with clawprint (.ci/run): a fake token that lands in src/, test/ or the
// docs outside the folders .clawprintignore lists fails CI. The same check runs with the tests, so
// a branch whose tests pass does not fail CI on it (a test line with `?token=<hex>` once did).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROOT, runCli } from './helpers.js';

describe('the repository scanned by clawprint', () => {
  it('has no finding above info outside the fixture folders .clawprintignore lists', async () => {
    const r = await runCli(['scan', '.', '--format', 'json', '--fail-on', 'low', '--no-progress'], { cwd: ROOT });
    const report = JSON.parse(r.stdout) as { findings: Array<{ rule: string; severity: string; location?: { path: string; line: number } }> };
    const above = report.findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule} ${f.severity} ${f.location?.path}:${f.location?.line}`);
    assert.deepEqual(above, []);
    assert.equal(r.code, 0, r.stderr);
  });
});
