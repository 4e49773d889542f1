import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderJson } from '../../src/reporters/json.js';
import { assertGolden, emptyAudit, loadReport } from './report-fixtures.js';

const parse = (text: string): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;

test('json: audit and scan match their golden files', () => {
  assertGolden(renderJson, 'json', 'json', 'audit', loadReport('audit'));
  assertGolden(renderJson, 'json', 'json', 'scan', loadReport('scan'));
});

test('json: top-level keys in docs/product.md §9 order; window only for audit', () => {
  assert.deepEqual(Object.keys(parse(renderJson(loadReport('audit'), {}))), ['tool', 'command', 'window', 'tokens', 'inputs', 'issues', 'findings', 'summary']);
  assert.deepEqual(Object.keys(parse(renderJson(loadReport('scan'), {}))), ['tool', 'command', 'tokens', 'inputs', 'issues', 'findings', 'summary']);
});

test('json: pretty-printed with two spaces and a trailing newline', () => {
  const text = renderJson(loadReport('audit'), {});
  assert.ok(text.startsWith('{\n  "tool": {\n    "name": "clawprint"'));
  assert.ok(text.endsWith('}\n'));
});

test('json: summary counts the findings by severity and rule', () => {
  const out = parse(renderJson(loadReport('audit'), {}));
  assert.deepEqual(out['summary'], {
    findings: 8,
    bySeverity: { critical: 3, high: 1, medium: 4, low: 0, info: 0 },
    byRule: {
      'token-use': 2,
      'unexpected-registration': 1,
      'log-coverage-gap': 1,
      'auth-failures': 1,
      'gateway-config-change': 1,
      'unattributed-shared-token-use': 1,
      'token-use-after-window': 1,
    },
  });
});

test('json: findings keep the given order, times become ISO strings, absent fields are omitted', () => {
  const report = loadReport('audit');
  const findings = parse(renderJson(report, {}))['findings'] as Array<Record<string, unknown>>;
  assert.deepEqual(findings.map((f) => f['id']), report.findings.map((f) => f.id));
  const gap = findings.find((f) => f['rule'] === 'log-coverage-gap')!;
  assert.deepEqual(Object.keys(gap), ['id', 'rule', 'severity', 'time', 'message', 'location', 'from', 'to']);
  assert.equal(gap['from'], '2025-02-21T15:00:00.000Z');
  assert.equal(gap['to'], '2025-02-21T16:00:00.000Z');
  assert.ok(!renderJson(report, {}).includes('null'));
});

test('json: tokens carry fingerprint and label only; inputs keep their issues', () => {
  const report = loadReport('audit');
  const withExtra = { ...report, tokens: [{ ...report.tokens[0]!, raw: 'must-not-appear' }] };
  const out = parse(renderJson(withExtra, {}));
  assert.deepEqual(out['tokens'], [{ fingerprint: 'sha256:9c1185a5c5e9', label: 'exposed' }]);
  const inputs = out['inputs'] as Array<{ path: string; issues: Array<{ kind: string }> }>;
  assert.deepEqual(inputs.find((i) => i.path === 'logs/proxy/access.log.gz')?.issues.map((i) => i.kind), ['truncated-gzip']);
});

test('json: --display-tz Asia/Kolkata prints +05:30 times', () => {
  const out = parse(renderJson(loadReport('audit'), { displayTz: 'Asia/Kolkata' }));
  assert.deepEqual(out['window'], { since: '2025-02-21T19:30:00.000+05:30', until: '2025-02-22T00:00:00.000+05:30' });
  const first = (out['findings'] as Array<Record<string, unknown>>)[0]!;
  assert.equal(first['time'], '2025-02-21T19:33:11.201+05:30');
});

test('json: no findings still reports inputs, issues and a zero summary', () => {
  const out = parse(renderJson(emptyAudit(), {}));
  assert.deepEqual(out['findings'], []);
  assert.equal((out['summary'] as { findings: number }).findings, 0);
  assert.equal((out['inputs'] as unknown[]).length, 6);
  assert.equal((out['issues'] as unknown[]).length, 2);
});

test('json: a report of thousands of inputs is written in pieces of whole rows, laid out as one JSON.stringify of it', async () => {
  const { streamJson } = await import('../../src/reporters/json.js');
  const base = loadReport('scan');
  const row = base.inputs[0]!;
  // 3,000 rows (a few hundred KB): several pieces; every 7th with an issue, one path with a newline and a quote.
  const inputs = Array.from({ length: 3000 }, (_, i) => ({
    ...row,
    path: i === 5 ? 'odd\n"name".log' : `deploy/demo-${i}/agents/config.yaml`,
    lines: i,
    issues: i % 7 === 0 ? [{ path: `deploy/demo-${i}/x.bin`, kind: 'binary' as const, message: 'binary file (NUL bytes in the first 8 KiB); skipped' }] : [],
  }));
  for (const report of [{ ...base, inputs }, { ...base, inputs, findings: [] }, { ...base, inputs: [] }]) {
    const pieces = [...streamJson(report, {})];
    const text = pieces.join('');
    const rendered = JSON.parse(text) as Record<string, unknown>;
    // The same text as the whole report laid out by JSON.stringify at once.
    assert.equal(text, `${JSON.stringify(rendered, null, 2)}\n`);
    assert.equal((rendered['inputs'] as unknown[]).length, report.inputs.length);
    if (report.inputs.length === 0) continue;
    assert.ok(pieces.length > 5, `${pieces.length} pieces`);
    // Each piece but the first (the head) starts an item, closes an array or opens the next key: no row is cut.
    for (const piece of pieces.slice(1)) assert.match(piece, /^(,?\n {4}\{|\n {2}\]| {2}")/);
  }
});
