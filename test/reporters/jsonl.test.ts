import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderJson } from '../../src/reporters/json.js';
import { renderJsonl } from '../../src/reporters/jsonl.js';
import { assertGolden, emptyAudit, loadReport } from './report-fixtures.js';

test('jsonl: audit and scan match their golden files', () => {
  assertGolden(renderJsonl, 'jsonl', 'jsonl', 'audit', loadReport('audit'));
  assertGolden(renderJsonl, 'jsonl', 'jsonl', 'scan', loadReport('scan'));
});

test('jsonl: one line per finding, each the same object as in the json report', () => {
  for (const name of ['audit', 'scan'] as const) {
    const report = loadReport(name);
    const lines = renderJsonl(report, {}).split('\n');
    assert.equal(lines.pop(), '', 'ends with a newline');
    assert.equal(lines.length, report.findings.length);
    const json = JSON.parse(renderJson(report, {})) as { findings: unknown[] };
    assert.deepEqual(lines.map((l) => JSON.parse(l) as unknown), json.findings);
  }
});

test('jsonl: no findings prints nothing at all', () => {
  assert.equal(renderJsonl(emptyAudit(), {}), '');
});

test('jsonl: a user agent with U+2028 or NEL cannot split a finding across lines', () => {
  const report = loadReport('audit');
  report.findings[0]!.userAgent = 'a\u2028b\u0085c\nd';
  const text = renderJsonl(report, {});
  assert.equal(text.split(/\r\n|[\n\r\u0085\u2028\u2029]/).length, report.findings.length + 1);
  assert.equal((JSON.parse(text.split('\n')[0]!) as { userAgent: string }).userAgent, 'a\u2028b\u0085c\nd');
});
