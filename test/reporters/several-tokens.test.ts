// With several exposed tokens, every format says which token each finding is about; with one,
// nothing changes (the other reporter tests' golden files). The report is a real audit run with
// two fingerprints over one log (fixtures/reporters/audit-two-tokens-report.json).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderCsv } from '../../src/reporters/csv.js';
import { renderJson } from '../../src/reporters/json.js';
import { renderJsonl } from '../../src/reporters/jsonl.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { renderSarif } from '../../src/reporters/sarif.js';
import { renderTable } from '../../src/reporters/table.js';
import { assertGolden, loadReport } from './report-fixtures.js';

const A = 'sha256:ef24adb29ed8';
const B = 'sha256:57600c51e331';

/** [rule, source, token] of every finding, in report order: what each format must agree on. */
const EXPECTED = [
  ['token-use', '203.0.113.7', A],
  ['token-use', '10.0.0.5', B],
  ['token-use', '203.0.113.7', B],
  ['token-use', '198.51.100.9', B],
  ['unexpected-registration', '198.51.100.9', B],
  ['token-use', '10.0.0.5', A],
  ['auth-failures', '192.0.2.44', undefined],
  ['token-use-after-window', '198.51.100.9', B],
];

test('several tokens: every format matches its golden file', () => {
  const report = loadReport('audit-two-tokens');
  assertGolden(renderTable, 'table', 'txt', 'audit-two-tokens', report);
  assertGolden(renderMarkdown, 'markdown', 'md', 'audit-two-tokens', report);
  assertGolden(renderJson, 'json', 'json', 'audit-two-tokens', report);
  assertGolden(renderJsonl, 'jsonl', 'jsonl', 'audit-two-tokens', report);
  assertGolden(renderCsv, 'csv', 'csv', 'audit-two-tokens', report);
  assertGolden(renderSarif, 'sarif', 'sarif', 'audit-two-tokens', report);
});

test('several tokens: table and markdown get a token column, one token per row', () => {
  const report = loadReport('audit-two-tokens');
  const table = renderTable(report, { width: 260 });
  assert.ok(table.startsWith(`clawprint audit · window 2025-02-21T14:00:00.000Z to 2025-02-21T18:30:00.000Z · tokens ${A} (exposed), ${B} (exposed)\n`));
  const tokenUseRows = table.split('\n').filter((line) => /^│ (high|critical) +│ \d/.test(line));
  assert.deepEqual(
    tokenUseRows.map((line) => line.split('│').slice(1, 4).map((c) => c.trim())),
    [
      ['high', '203.0.113.7', A],
      ['high', '10.0.0.5', B],
      ['critical', '203.0.113.7', B],
      ['critical', '198.51.100.9', B],
      ['critical', '10.0.0.5', A],
      ['critical', '198.51.100.9', B],
    ],
  );
  const md = renderMarkdown(report, {});
  assert.ok(md.includes('| severity | source | token | first | last | count | endpoints | user agents | agent |\n| --- | --- | --- | --- | --- | ---: | --- | --- | --- |'));
  assert.ok(md.includes('| severity | rule | time | source / agent / device | token | where | message |'));
  assert.ok(md.includes(`\n| high | 203.0.113.7 | ${A} | 2025-02-21T14:05:00.000Z |`));
  assert.ok(md.includes(`\n| critical | 203.0.113.7 | ${B} | 2025-02-21T14:40:00.000Z |`));
});

test('several tokens: json, jsonl, csv and sarif carry each finding\'s own token', () => {
  const report = loadReport('audit-two-tokens');
  const json = JSON.parse(renderJson(report, {})) as { tokens: unknown; findings: Array<{ rule: string; source?: string; token?: string; message: string }> };
  assert.deepEqual(json.tokens, [{ fingerprint: A, label: 'exposed' }, { fingerprint: B, label: 'exposed' }]);
  assert.deepEqual(json.findings.map((f) => [f.rule, f.source, f.token]), EXPECTED);
  // The message names the token too: it is what SARIF viewers and tickets show.
  for (const f of json.findings) if (f.token !== undefined) assert.ok(f.message.includes(`the exposed token ${f.token}`), f.message);

  const jsonl = renderJsonl(report, {}).trimEnd().split('\n').map((line) => JSON.parse(line) as { rule: string; source?: string; token?: string });
  assert.deepEqual(jsonl.map((f) => [f.rule, f.source, f.token]), EXPECTED);

  const csv = renderCsv(report, {}).trimEnd().split('\r\n').map((line) => line.split(','));
  const head = csv[0]!;
  const col = (name: string): number => head.indexOf(name);
  assert.deepEqual(csv.slice(1).map((r) => [r[col('rule')], r[col('source')], r[col('token')] || undefined]), EXPECTED);

  const sarif = JSON.parse(renderSarif(report, {})) as { runs: Array<{ results: Array<{ ruleId: string; message: { text: string }; properties: { source?: string; token?: string } }> }> };
  const results = sarif.runs[0]!.results;
  assert.deepEqual(results.map((r) => [r.ruleId, r.properties.source, r.properties.token]), EXPECTED);
  assert.equal(results[0]!.message.text, `1 use of the exposed token ${A} from 203.0.113.7 inside the window`);
});

test('one token given: table and markdown keep their single-token shape', () => {
  const report = loadReport('audit-two-tokens');
  report.tokens = report.tokens.slice(0, 1);
  const table = renderTable(report, {});
  assert.match(table, /\n│ severity +│ source +│ first +│ last +│ count +│/);
  assert.doesNotMatch(table, /│ token +│/);
  const md = renderMarkdown(report, {});
  assert.ok(md.includes('| severity | source | first | last | count | endpoints | user agents | agent |\n| --- | --- | --- | --- | ---: |'));
  assert.ok(!md.includes('| token |'));
});
