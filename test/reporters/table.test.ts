import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InputCoverage } from '../../src/pipeline/coverage.js';
import { findingRow, tokenUseRow } from '../../src/reporters/finding-rows.js';
import { usesHeading } from '../../src/reporters/uses-rows.js';
import { LINEAR_FROM_ROWS, renderRows, renderTable } from '../../src/reporters/table.js';
import { assertGolden, emptyAudit, loadReport } from './report-fixtures.js';

test('table: audit, scan and a clean audit match their golden files', () => {
  assertGolden(renderTable, 'table', 'txt', 'audit', loadReport('audit'));
  assertGolden(renderTable, 'table', 'txt', 'scan', loadReport('scan'));
  assertGolden(renderTable, 'table', 'txt', 'audit-empty', emptyAudit());
  assertGolden(renderTable, 'table', 'txt', 'scan-verbose', loadReport('scan'), { verbose: true });
});

test('table: header names the command, window and token fingerprints; summary line last', () => {
  const lines = renderTable(loadReport('audit'), {}).trimEnd().split('\n');
  assert.equal(lines[0], 'clawprint audit · window 2025-02-21T14:00:00.000Z to 2025-02-21T18:30:00.000Z · token sha256:9c1185a5c5e9 (exposed)');
  assert.equal(lines.at(-1), '8 findings: 3 critical, 1 high, 4 medium');
  assert.ok(lines.includes('Token use by source'));
  assert.ok(lines.includes('Other findings'));
});

test('table: no findings says so plainly and still shows coverage and skipped input', () => {
  const text = renderTable(emptyAudit(), {});
  assert.ok(text.endsWith('\nNo findings.\n'));
  assert.ok(text.includes('\nCoverage\n'));
  assert.ok(text.includes('logs/proxy/access.log.gz: truncated-gzip:'));
  assert.ok(text.includes('logs/missing.log: not-found:'));
});

test('table: no ANSI colour, and escapes from log text are shown, not obeyed', () => {
  const report = loadReport('audit');
  report.findings[0]!.userAgents = ['\u001b[31mred\u001b[0m', 'rtl\u202eevil'];
  const text = renderTable(report, {});
  assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/.test(text), 'no control characters besides newline');
  assert.ok(text.includes('\\x1b[31mred\\x1b[0m'));
  assert.ok(text.includes('rtl\\u202eevil'));
});

test('table: a newline inside a user agent never starts a line of its own', () => {
  const text = renderTable(loadReport('audit'), { width: 260 });
  assert.ok(text.includes('curl/8.4.0 | x\\nInjected-Header…'));
  assert.ok(!text.split('\n').some((line) => line.startsWith('Injected-Header')));
});

test('table: log text is cut at a sane length, endpoint lists end in +N more, and every line fits the width', () => {
  const report = loadReport('audit');
  report.findings[0]!.source = 'x'.repeat(500);
  const text = renderTable(report, { width: 260 });
  assert.ok(text.includes(`${'x'.repeat(39)}…`));
  assert.ok(!text.includes('x'.repeat(41)));
  assert.ok(text.includes('+2 more'));
  for (const width of [80, 120, 160, 260]) {
    for (const line of renderTable(report, { width }).split('\n')) assert.ok([...line].length <= width, `line wider than ${width}: ${line}`);
  }
});

test('table: --display-tz Asia/Kolkata prints +05:30 times', () => {
  const text = renderTable(loadReport('audit'), { displayTz: 'Asia/Kolkata' });
  assert.ok(text.startsWith('clawprint audit · window 2025-02-21T19:30:00.000+05:30 to 2025-02-22T00:00:00.000+05:30'));
  assert.ok(text.includes('2025-02-21T19:33:11.201+05:30'));
  assert.ok(!text.includes('2025-02-21T14:03:11.201Z'));
});

test('table: many inputs fold into a total row unless --verbose, but inputs with issues always show', () => {
  const report = emptyAudit();
  const base = report.inputs[0]!;
  const many: InputCoverage[] = Array.from({ length: 40 }, (_, i) => ({ ...base, path: `logs/part-${i}.jsonl`, issues: [] }));
  many[35] = { ...many[35]!, issues: [{ path: 'logs/part-35.jsonl', kind: 'corrupt-gzip', message: 'corrupt gzip data' }] };
  report.inputs = many;
  const text = renderTable(report, {});
  assert.ok(text.includes('logs/part-35.jsonl'));
  assert.ok(!text.includes('logs/part-36.jsonl'));
  assert.ok(text.includes('+20 more inputs (--verbose lists them)'));
  assert.ok(text.includes('logs/part-35.jsonl: corrupt-gzip: corrupt gzip data'));
  assert.ok(renderTable(report, { verbose: true }).includes('logs/part-39.jsonl'));
});

test('table: repeated long-line issues are capped without --verbose; incomplete reads never are', () => {
  const report = emptyAudit();
  const input = report.inputs[0]!;
  input.issues = [
    ...Array.from({ length: 6 }, (_, i) => ({ path: input.path, kind: 'long-line' as const, line: i + 1, message: `line ${i + 1} is long` })),
    { path: input.path, kind: 'truncated-log' as const, message: 'cut short' },
  ];
  const text = renderTable(report, {});
  assert.ok(text.includes('logs/gateway.jsonl:3: long-line'));
  assert.ok(!text.includes('logs/gateway.jsonl:4: long-line'));
  assert.ok(text.includes('logs/gateway.jsonl: +3 more long-line/timestamp issues'));
  assert.ok(text.includes('logs/gateway.jsonl: truncated-log: cut short'));
  assert.ok(renderTable(report, { verbose: true }).includes('logs/gateway.jsonl:6: long-line'));
});

// cli-table3's layout is quadratic in rows (10,000 token-use rows took 48 s), so long tables are
// drawn line by line instead: the text must be what cli-table3 draws, for every kind of cell.
test('table: the linear renderer of long tables draws exactly what cli-table3 draws', () => {
  const report = loadReport('audit');
  const rows = [];
  for (let i = 0; i < 60; i++) {
    for (const f of report.findings) {
      const g = { ...f, source: `203.0.113.${i}`, agent: `agent-${'x'.repeat(i % 30)} ${'研'.repeat(i % 4)}`, message: `${f.message} ${'word '.repeat(i % 23)}${'y'.repeat(i % 70)}` };
      rows.push(tokenUseRow(g, undefined, i % 2 === 0), findingRow(g, undefined, false));
    }
  }
  const uses = rows.filter((_, i) => i % 2 === 0);
  const others = rows.filter((_, i) => i % 2 === 1);
  const head = ['severity', 'source', 'token', 'first', 'last', 'count', 'endpoints', 'user agents', 'agent'];
  const otherHead = ['severity', 'rule', 'time', 'source / agent / device', 'where', 'message'];
  for (const n of [1, 2, 17, uses.length]) {
    const part = uses.slice(0, n).map((r) => (r.length === head.length ? r : [...r.slice(0, 2), '-', ...r.slice(2)]));
    assert.equal(renderRows(head, part, [], 0), renderRows(head, part, [], Infinity), `token-use rows, ${n}`);
    const widths = otherHead.map((h) => (h === 'message' ? 52 : null));
    assert.equal(renderRows(otherHead, others.slice(0, n), widths, 0), renderRows(otherHead, others.slice(0, n), widths, Infinity), `other rows, ${n}`);
  }
  assert.ok(LINEAR_FROM_ROWS <= 100);
});

test('table: 10,000 token-use rows are drawn by the linear renderer, one row block each', () => {
  const f = loadReport('audit').findings.find((x) => x.rule === 'token-use')!;
  const report = { ...loadReport('audit'), findings: Array.from({ length: 10_000 }, (_, i) => ({ ...f, id: String(i), source: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}` })) };
  const text = renderTable(report, {});
  const section = text.slice(text.indexOf('Token use by source'), text.indexOf('\n\n', text.indexOf('Token use by source')));
  assert.equal(section.split('\n').filter((l) => l.startsWith('├')).length, 10_000);
});

test('table: a use list\'s heading agrees in number with its count (1 line that prints, 2 lines that print)', () => {
  const base = { id: 'x', severity: 'high' as const, message: 'm', location: { path: 'ci.log', line: 3 }, time: Date.UTC(2025, 1, 21, 14, 3, 11) };
  const heading = (rule: string, count: number, extra: object = {}) => usesHeading({ ...base, rule, count, ...extra }, 'UTC');
  assert.equal(heading('token-exposure', 1), '(no source) ci.log — 1 line that prints the token, from 2025-02-21T14:03:11.000Z');
  assert.equal(heading('token-exposure', 2), '(no source) ci.log — 2 lines that print the token, from 2025-02-21T14:03:11.000Z');
  assert.equal(heading('token-in-unparsed-line', 1), '(no source) ci.log — 1 line not parsed, from 2025-02-21T14:03:11.000Z');
  assert.equal(heading('token-use', 1, { source: '203.0.113.7' }), '203.0.113.7 — 1 request, from 2025-02-21T14:03:11.000Z');
  assert.equal(heading('token-use-after-window', 3, { source: '203.0.113.7' }), '203.0.113.7 — 3 requests after the window, from 2025-02-21T14:03:11.000Z');
});
