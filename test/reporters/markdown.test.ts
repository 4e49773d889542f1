import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeMarkdown } from '../../src/escape.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { assertGolden, emptyAudit, loadReport } from './report-fixtures.js';

/** Cell separators in a GFM table row: pipes not escaped by a backslash. */
function separators(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '|') n++;
  }
  return n;
}

/** Every table in the document: each row has exactly as many cells as its header. */
function assertTablesIntact(text: string): void {
  let width: number | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      width = undefined;
      continue;
    }
    width ??= separators(line);
    assert.equal(separators(line), width, `row breaks its table: ${line}`);
  }
}

test('markdown: audit, scan and a clean audit match their golden files', () => {
  assertGolden(renderMarkdown, 'markdown', 'md', 'audit', loadReport('audit'));
  assertGolden(renderMarkdown, 'markdown', 'md', 'scan', loadReport('scan'));
  assertGolden(renderMarkdown, 'markdown', 'md', 'audit-empty', emptyAudit());
});

test('markdown: title, window and tokens line, summary by severity', () => {
  const text = renderMarkdown(loadReport('audit'), {});
  assert.ok(text.startsWith('# clawprint audit\n\n**Window:** 2025-02-21T14:00:00.000Z to 2025-02-21T18:30:00.000Z · **Tokens:** sha256:9c1185a5c5e9 (exposed)\n'));
  assert.ok(text.includes('| critical | 3 |\n| high | 1 |\n| medium | 4 |\n| low | 0 |\n| info | 0 |\n| **total** | **8** |'));
  assert.ok(renderMarkdown(loadReport('scan'), {}).startsWith('# clawprint scan\n'));
});

test('markdown: a | or newline from log text stays inside its cell', () => {
  for (const report of [loadReport('audit'), loadReport('scan'), emptyAudit()]) assertTablesIntact(renderMarkdown(report, {}));
  const text = renderMarkdown(loadReport('audit'), {});
  assert.ok(text.includes('curl/8.4.0 \\| x\\\\nInjected-Header…'));
  assert.ok(text.includes("agent =cmd\\|' /C calc'!A0"));
});

test('markdown: escaping neutralises links, HTML and code spans', () => {
  assert.equal(escapeMarkdown('a|b'), 'a\\|b');
  assert.equal(escapeMarkdown('[x](http://e) <img src=x> `c`'), '\\[x\\](http&#8203;://e) \\<img src=x\\> \\`c\\`');
  assert.equal(escapeMarkdown('back\\slash'), 'back\\\\slash');
  const report = loadReport('audit');
  report.findings[0]!.userAgents = ['<script>alert(1)</script> | [x](y)\r\nz'];
  const text = renderMarkdown(report, {});
  assertTablesIntact(text);
  assert.ok(!text.includes('<script>'));
});

test('markdown: coverage section lists every input with its format and issues', () => {
  const text = renderMarkdown(emptyAudit(), {});
  assert.ok(text.includes('## Findings\n\nNo findings.\n'));
  assert.ok(text.includes('| logs/proxy/access.log.gz | none/access-log (gzip) | 5,400 | 5,400 | 0 | 2025-02-21T16:00:00.000Z | 2025-02-21T16:45:00.000Z | truncated-gzip |'));
  assert.ok(text.includes('- logs/missing.log: not-found: no such file or directory'));
});

test('markdown: --display-tz Asia/Kolkata prints +05:30 times', () => {
  const text = renderMarkdown(loadReport('audit'), { displayTz: 'Asia/Kolkata' });
  assert.ok(text.includes('**Window:** 2025-02-21T19:30:00.000+05:30 to 2025-02-22T00:00:00.000+05:30'));
  assert.ok(text.includes('| critical | 203.0.113.7 | 2025-02-21T19:33:11.201+05:30 | 2025-02-21T23:15:02.004+05:30 |'));
});
