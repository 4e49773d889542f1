// Bounds and an unplaceable window are never silent (issue 7): each reaches the JSON report
// (`limits`), a line in the table and Markdown reports, and stderr.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers.js';

const FP = ['--fingerprint', 'sha256:492af9017f91'];
const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'clawprint-limits-'));

describe('audit: a bound that dropped findings is said in every format', () => {
  const dir = tmp();
  const log = path.join(dir, 'openclaw.log');
  // 1,003 config changes: the rule lists 1,000 and counted the rest silently before.
  writeFileSync(log, Array.from({ length: 1_003 }, (_, i) => `2025-02-21T16:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z [reload] config change detected; evaluating reload (agents.list)\n`).join(''));
  const args = ['audit', log, ...FP, '--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--no-progress', '--fail-on', 'none'];
  const message = '3 more configuration changes inside the window were counted, not listed (the first 1,000 are)';

  it('json: a limits field', async () => {
    const r = await runCli([...args, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { limits?: unknown[]; findings: unknown[] };
    assert.equal(report.findings.filter((f) => (f as { rule: string }).rule === 'gateway-config-change').length, 1_000);
    assert.deepEqual(report.limits, [{ scope: 'gateway-config-change', kind: 'dropped', count: 3, message }]);
    assert.ok(r.stderr.includes(`clawprint: gateway-config-change: ${message}\n`), r.stderr);
  });
  it('table and markdown: a line', async () => {
    const table = await runCli([...args, '--format', 'table']);
    assert.ok(table.stdout.includes(`  - gateway-config-change: dropped: ${message}\n`), table.stdout.slice(-800));
    const md = await runCli([...args, '--format', 'markdown']);
    assert.ok(md.stdout.includes('- gateway-config-change: dropped: 3 more configuration changes inside the window were counted, not listed (the first 1,000 are)'), md.stdout.slice(-800));
  });
});

describe('audit: an input with no readable time and no --since', () => {
  it('its token uses are reported, and the window says it could not be placed (it was "No findings")', async () => {
    const dir = tmp();
    const log = path.join(dir, 'gateway.jsonl');
    writeFileSync(
      log,
      [
        '{"event":"http.request","method":"GET","path":"/api/v1/agents","status":200,"remote_addr":"198.51.100.9","token_fp":"sha256:492af9017f91"}',
        '{"event":"http.request","method":"POST","path":"/api/v1/agents/researcher/messages","status":200,"remote_addr":"198.51.100.10","token_fp":"sha256:492af9017f91"}',
        '{"event":"http.request","method":"GET","path":"/api/v1/health","status":200,"remote_addr":"10.0.0.5","token_fp":"sha256:0123456789ab"}',
      ].join('\n') + '\n',
    );
    const r = await runCli(['audit', log, ...FP, '--format', 'json', '--no-progress', '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: Array<{ rule: string; source: string; reason: string; location: { line: number } }>; limits: Array<{ scope: string; kind: string }> };
    assert.deepEqual(
      report.findings.map((f) => [f.rule, f.source, f.location.line, f.reason]),
      [
        ['token-use', '198.51.100.9', 1, 'no timestamp: cannot be placed outside the window'],
        ['token-use', '198.51.100.10', 2, 'no timestamp: cannot be placed outside the window'],
      ],
    );
    assert.deepEqual(report.limits.map((l) => [l.scope, l.kind]), [['window', 'unplaced']]);
    assert.match(r.stderr, /clawprint: window: no input has a readable time and no --since was given/);
    const table = await runCli(['audit', log, ...FP, '--no-progress', '--fail-on', 'none']);
    assert.match(table.stdout, /^clawprint audit · window unplaced \(no time read\) to /);
  });
});
