// Tables fit the terminal (issue 8 §5): natural widths when they fit, the widest columns give way
// first, long cells wrap instead of being cut, and paths get a middle ellipsis only when the width
// forces it (never in Markdown; --verbose wraps them whole).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { renderTable } from '../../src/reporters/table.js';
import { fitTable, middleEllipsis, wrapLine } from '../../src/reporters/table-layout.js';
import { loadReport } from './report-fixtures.js';

test('fitTable: natural widths when they fit (content plus padding)', () => {
  const t = fitTable(['a', 'path'], [['x', 'logs/a.log:1']], 80, [{}, { ellipsis: true }], false);
  assert.deepEqual(t.colWidths, [3, 14]);
  assert.deepEqual(t.rows, [['x', 'logs/a.log:1']]);
});

test('fitTable: the widest column gives way; text wraps at spaces, a path gets a middle ellipsis', () => {
  const message = 'no input covers the part of the window between these two times';
  const where = 'fixtures/demo/logs/openclaw/openclaw-2025-02-21.log:3';
  const t = fitTable(['where', 'message'], [[where, message]], 50, [{ ellipsis: true }, {}], false);
  assert.equal(t.colWidths.reduce((a, b) => a + b, 0) + 3, 50);
  const [w, m] = t.rows[0]!;
  assert.equal(w, middleEllipsis(where, t.colWidths[0]! - 2));
  assert.ok(w!.startsWith('fixtures/') && w!.endsWith('21.log:3') && w!.includes('…'), w);
  assert.equal(m!.split('\n').join(' '), message, 'wrapped, nothing cut');
  for (const line of m!.split('\n')) assert.ok(line.length <= t.colWidths[1]! - 2);
  const verbose = fitTable(['where', 'message'], [[where, message]], 50, [{ ellipsis: true }, {}], true);
  assert.equal(verbose.rows[0]![0]!.split('\n').join(''), where, '--verbose: the whole path, wrapped');
});

test('wrapLine: a long word breaks after / ? & or before the T of a time, else hard', () => {
  assert.deepEqual(wrapLine('/api/v1/agents/planner/messages', 16), ['/api/v1/agents/', 'planner/messages']);
  assert.deepEqual(wrapLine('2025-02-21T14:00:07.000Z', 14), ['2025-02-21', 'T14:00:07.000Z']);
  assert.deepEqual(wrapLine('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
});

test('table at 80 columns: every line fits, a table too wide becomes one record per row, times whole', () => {
  const report = loadReport('audit');
  const text = renderTable(report, { width: 80 });
  for (const line of text.split('\n')) assert.ok([...line].length <= 80, `wider than 80: ${line}`);
  assert.match(text, /\nfirst +2025-02-21T14:03:11\.201Z\n/);
  // Markdown never shortens a path.
  const md = renderMarkdown(report, {});
  for (const f of report.findings.filter((x) => !x.rule.startsWith('token-use'))) if (f.location !== undefined) assert.ok(md.includes(`${f.location.path.replace(/_/g, '\\_')}:${f.location.line}`), f.location.path);
});
