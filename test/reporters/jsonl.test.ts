import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { drawnWhole } from '../../src/commands/output.js';
import type { Report } from '../../src/reporters/reporter.js';
import { findingJson } from '../../src/reporters/finding-json.js';
import { renderJson, streamJson } from '../../src/reporters/json.js';
import { renderJsonl, streamJsonl } from '../../src/reporters/jsonl.js';
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

describe('jsonl and json are written piece by piece (issue 7: a 512 MB report was `Invalid string length`)', () => {
  it('jsonl: one piece per finding; json: pieces of 128 findings; never the whole report in one string; joined, the same text as before', () => {
    const finding = (i: number) => ({ id: `id${i}`, rule: 'token-use', severity: 'high' as const, message: `use ${i}`, location: { path: 'gw.jsonl', line: i + 1 }, time: Date.UTC(2025, 1, 21, 15, 0, i) });
    const report: Report = {
      tool: { name: 'clawprint' as const, version: '0' },
      command: 'audit' as const,
      window: { since: Date.UTC(2025, 1, 21, 14), until: Date.UTC(2025, 1, 21, 18, 30) },
      tokens: [],
      inputs: [],
      issues: [],
      findings: Array.from({ length: 1_000 }, (_, i) => finding(i)),
      rules: [],
    };
    const pieces = [...streamJsonl(report, {})];
    assert.equal(pieces.length, 1_000);
    assert.ok(pieces.every((p) => p.split('\n').length === 2));
    assert.equal(pieces.join(''), renderJsonl(report, {}));
    const jsonPieces = [...streamJson(report, {})];
    assert.equal(jsonPieces.length, 2 + Math.ceil(1_000 / 128));
    assert.ok(Math.max(...jsonPieces.map((p) => p.length)) < 128 * 300);
    // The layout of JSON.stringify(report, null, 2): each finding as laid out alone, re-indented.
    const laidOut = jsonPieces.join('');
    const findingsAt = laidOut.indexOf('\n  "findings": [') + '\n  "findings": ['.length;
    const one = (f: Report['findings'][number]): string => JSON.stringify(findingJson(f), null, 2).replace(/\n/g, '\n    ');
    assert.equal(laidOut.slice(findingsAt, laidOut.indexOf('\n  ],\n', findingsAt)), report.findings.map((f) => `\n    ${one(f)}`).join(','));
    const parsed = JSON.parse(renderJson(report, {})) as { findings: Array<{ id: string }>; summary: { findings: number } };
    assert.deepEqual(parsed.findings.map((f) => f.id), report.findings.map((f) => f.id));
    assert.equal(parsed.summary.findings, 1_000);
    const empty = JSON.parse(renderJson({ ...report, findings: [] }, {})) as { findings: unknown[] };
    assert.deepEqual(empty.findings, []);
  });
});

describe('formats drawn whole are bounded, and say so', () => {
  it('findings past the bound are cut, with a limit naming how many and the formats that list all', () => {
    const finding = (i: number) => ({ id: `id${i}`, rule: 'token-use', severity: 'high' as const, message: `use ${i}`, location: { path: 'gw.jsonl', line: i + 1 } });
    const report: Report = { tool: { name: 'clawprint', version: '0' }, command: 'audit', tokens: [], inputs: [], issues: [], findings: Array.from({ length: 12 }, (_, i) => finding(i)), rules: [] };
    assert.equal(drawnWhole(report, 'table', 12), report);
    const cut = drawnWhole(report, 'table', 10);
    assert.equal(cut.findings.length, 10);
    assert.deepEqual(cut.limits, [{ scope: 'report', kind: 'dropped', count: 2, message: '2 of 12 findings are not shown in --format table, which is drawn whole; --format jsonl or json lists every one' }]);
  });
});
