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
