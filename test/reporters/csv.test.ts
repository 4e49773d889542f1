import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeCsv as csvField } from '../../src/escape.js';
import { renderCsv } from '../../src/reporters/csv.js';
import { assertGolden, emptyAudit, loadReport } from './report-fixtures.js';

/** A strict RFC 4180 reader, independent of the writer, so the round trip means something. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        assert.ok(q >= 0, 'unterminated quoted field');
        field += text.slice(i, q);
        i = q + 1;
        if (text[i] !== '"') break;
        field += '"';
        i++;
      }
    } else {
      const end = text.slice(i).search(/[,\r]/);
      const stop = end < 0 ? text.length : i + end;
      field += text.slice(i, stop);
      assert.ok(!field.includes('"') && !field.includes('\n'), `bare quote or newline in unquoted field: ${field}`);
      i = stop;
    }
    if (text[i] === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (text.startsWith('\r\n', i)) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      assert.fail(`unexpected character at ${i}: ${JSON.stringify(text.slice(i, i + 10))}`);
    }
  }
  return rows;
}

test('csv: audit and scan match their golden files', () => {
  assertGolden(renderCsv, 'csv', 'csv', 'audit', loadReport('audit'));
  assertGolden(renderCsv, 'csv', 'csv', 'scan', loadReport('scan'));
});

test('csv: header then one row per finding (without uses), every row as wide as the header', () => {
  const report = loadReport('audit');
  const rows = parseCsv(renderCsv(report, {}));
  assert.deepEqual(rows[0], [
    'id', 'rule', 'severity', 'time', 'path', 'line', 'column', 'source', 'userAgent', 'agent', 'device',
    'request', 'method', 'requestPath', 'status', 'bytes', 'tokenSlot', 'token', 'count', 'lastTime', 'reason', 'message',
  ]);
  assert.equal(rows.length, report.findings.length + 1);
  for (const row of rows) assert.equal(row.length, 22);
  assert.deepEqual(rows.slice(1).map((r) => r[0]), report.findings.map((f) => f.id));
});

test('csv: a field with comma and quote round-trips; a newline from log text is shown as \\n, one record per line', () => {
  const report = loadReport('audit');
  const nasty = 'Mozilla/5.0 (X11, "quoted")\nsecond line, still "one" field';
  report.findings[0]!.userAgent = nasty;
  const text = renderCsv(report, {});
  const rows = parseCsv(text);
  assert.equal(rows[1]![8], nasty.replace('\n', '\\n'));
  assert.equal(text.split('\r\n').length, report.findings.length + 2);
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('plain'), 'plain');
});

test('csv: cells that a spreadsheet would run as a formula get a leading apostrophe', () => {
  const rows = parseCsv(renderCsv(loadReport('audit'), {}));
  const registration = rows.find((r) => r[1] === 'unexpected-registration')!;
  assert.equal(registration[9], "'=cmd|' /C calc'!A0");
  const burst = rows.find((r) => r[1] === 'auth-failures')!;
  assert.equal(burst[8], "'@SUM(1+1)*cmd");
  for (const start of ['=', '+', '-', '@', '\t', '\r']) assert.ok(csvField(`${start}1`).replace(/^"/, '').startsWith("'"), JSON.stringify(start));
  for (const row of rows) for (const c of row) assert.ok(c === '-' || !/^[=+\-@]/.test(c), `unsafe cell ${c}`);
  // stdin's `-` alone computes nothing and is kept readable.
  assert.equal(rows.find((r) => r[1] === 'token-use-after-window')![4], '-');
});

test('csv: --display-tz Asia/Kolkata prints +05:30 times', () => {
  const rows = parseCsv(renderCsv(loadReport('audit'), { displayTz: 'Asia/Kolkata' }));
  assert.equal(rows[1]![3], '2025-02-21T19:33:11.201+05:30');
  assert.equal(rows[1]![rows[0]!.indexOf('lastTime')], '2025-02-21T23:15:02.004+05:30');
});

test('csv: no findings is the header row alone', () => {
  assert.equal(parseCsv(renderCsv(emptyAudit(), {})).length, 1);
});

test('csv: a finding with uses is one row per use, then a row for the uses the cap left out', () => {
  const report = loadReport('audit');
  const f = report.findings[0]!;
  f.uses = [
    { time: Date.parse('2025-02-21T14:03:11.201Z'), location: { path: 'logs/gateway.jsonl', line: 118 }, kind: 'request', source: '203.0.113.7', method: 'POST', path: '/api/v1/agents/researcher/messages', status: 200, bytes: 512, userAgent: 'python-requests/2.31.0' },
    { time: Date.parse('2025-02-21T14:05:00.000Z'), location: { path: 'logs/gateway.jsonl', line: 130 }, kind: 'auth-failure', source: '203.0.113.7', method: 'POST', path: '/api/v1/config?dry=1', status: 403, userAgent: '=cmd|calc' },
  ];
  f.usesOmitted = 40;
  const rows = parseCsv(renderCsv(report, {}));
  const head = rows[0]!;
  const pick = (r: string[]): string[] => ['id', 'time', 'line', 'method', 'requestPath', 'status', 'bytes', 'userAgent', 'count', 'message'].map((c) => r[head.indexOf(c)]!);
  assert.deepEqual(rows.slice(1, 4).map(pick), [
    [f.id, '2025-02-21T14:03:11.201Z', '118', 'POST', '/api/v1/agents/researcher/messages', '200', '512', 'python-requests/2.31.0', '42', f.message],
    [f.id, '2025-02-21T14:05:00.000Z', '130', 'POST', '/api/v1/config?dry=1', '403', '', "'=cmd|calc", '42', f.message],
    [f.id, '', '', '', '', '', '', '', '40', '40 more uses not listed; --evidence FILE lists every use'],
  ]);
  assert.equal(rows.length, report.findings.length + 1 + 2);
  for (const row of rows) assert.equal(row.length, head.length);
});
