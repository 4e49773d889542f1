// The prefilter on Markdown and other text files whose block holds a gateway key (scan-run.ts,
// structure-lines.ts): the block is read as if whole — the structure trackers keep their state
// across the lines left out — but only its marked lines, the lines where `gateway` is a key and the
// lines after one while the trackers follow reach the rules. Findings and coverage rows (lines and
// examined lines) are exactly those of reading every line; the traps: a password (no keyword of
// its own) under a `gateway:` block many lines below it, behind blank lines, comments and a code
// fence; a JSON object whose `{` comes on the line after `gateway:` ends a sentence; `gateway` in
// prose that is no key; a block that crosses the scan's 1 MiB read; CRLF lines and a BOM.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { nonEmptyLines } from '../../src/pipeline/lines.js';
import { scanBothWays } from './counted-rules.js';

// Fake secrets made here, never real ones: a password that is no token shape (no rule finds it
// outside a gateway context) and 48-hex tokens.
const pw = (n: number): string => `Pw-${createHash('sha256').update(`clawprint text-structure ${n}`).digest('base64url').slice(0, 20)}`;
const tok = (n: number): string => createHash('sha256').update(`clawprint text-structure token ${n}`).digest('hex').slice(0, 48);

/**
 * Scans `content` as a file called `name` with and without the prefilter: findings must agree, and
 * so must the coverage rows when `sameCoverage` (a file whose every block is read as if whole).
 */
async function scanFile(name: string, content: string, sameCoverage = true): Promise<{ found: string[]; given: number; lines: number; examined: number }> {
  const { full, filtered, given } = await scanBothWays({ [name]: content });
  if (sameCoverage) assert.deepEqual(filtered.coverage, full.coverage);
  else assert.deepEqual(filtered.coverage.map((c) => c.lines), full.coverage.map((c) => c.lines));
  return {
    found: filtered.findings.map((f) => `${f.rule} ${f.location.line}`),
    given,
    lines: full.coverage[0]!.lines,
    examined: full.coverage[0]!.examined,
  };
}

/** Documentation prose: nothing a rule could find, a `gateway` that is no key, blank lines. */
const prose = (n: number): string =>
  Array.from({ length: n }, (_, i) => `Paragraph ${i}: the gateway listens on port ${18000 + i} — réglage «${i}».\n\n`).join('');

describe('scan prefilter on a Markdown block that holds a gateway key', () => {
  it('finds a password deep under a gateway: block in a code fence, and gives the rules few lines', async () => {
    const md =
      `# Configuration\n\n${prose(200)}\`\`\`yaml\ngateway:\n  # the shared secret\n\n  bind: loopback\n  auth:\n    mode: password\n` +
      `    password: ${pw(1)}\nother:\n  password: ${pw(2)}\n\`\`\`\n\n${prose(200)}`;
    const r = await scanFile('guide.md', md);
    // Line 404 opens the block (```yaml is 403): the password is 6 lines below it. The second password is outside it: nothing.
    assert.deepEqual(r.found, ['gateway-token-literal 410']);
    assert.ok(r.given < 20, `given ${r.given} of ${r.lines} lines`);
  });

  it('follows a JSON object whose { comes on the line after a sentence that ends in "gateway:"', async () => {
    // Read every line, the JSON tracker takes `gateway:` as a key pending its value, so the `{` on
    // the next line opens gateway and `auth` under it: the password is a gateway.auth literal.
    const md = `${prose(50)}To set it, give the gateway:\n{"auth": {"mode": "password",\n  "password": "${pw(3)}"}}\n\n${prose(50)}`;
    const r = await scanFile('auth.md', md);
    assert.deepEqual(r.found, ['gateway-token-literal 103']);
  });

  it('reads a token line far below its key through a YAML-ish block in prose, and ends it at the dedent', async () => {
    const body = Array.from({ length: 30 }, (_, i) => `  # note ${i}\n  port${i}: ${18000 + i}\n`).join('');
    const md = `${prose(20)}gateway:\n${body}\n  token: ${tok(1)}\nLater text.\n  token: ${tok(2)}\n${prose(20)}`;
    const r = await scanFile('notes.txt', md);
    // The first token is under gateway (literal); after the dedent the second is a bare 48-hex shape.
    assert.deepEqual(r.found, ['gateway-token-literal 103', 'token-shaped-string 105']);
  });

  it('counts CRLF, blank and BOM lines as reading every line does', async () => {
    const md = `\uFEFF\r\n# Title\r\n\r\n\r${prose(10).replace(/\n/g, '\r\n')}gateway:\r\n  token: ${tok(3)}\r\n\r\n`;
    const r = await scanFile('crlf.md', md);
    assert.deepEqual(r.found, ['gateway-token-literal 25']);
    assert.equal(nonEmptyLines(Buffer.from('\uFEFF\r\nx\n\r\n\n\ry'), true), 2);
    assert.equal(nonEmptyLines(Buffer.from('\uFEFF\r\nx\n\r\n\n\ry'), false), 3);
    assert.equal(nonEmptyLines(Buffer.from('a\n'), false), 1);
    assert.equal(nonEmptyLines(Buffer.from(''), false), 0);
  });

  it('keeps following a gateway: block across the 1 MiB read', async () => {
    const before = prose(20_000);
    assert.ok(before.length > 1 << 20);
    const cut = before.slice(0, (1 << 20) - 300).replace(/\n[^\n]*$/, '\n');
    const md = `${cut}gateway:\n${Array.from({ length: 20 }, (_, i) => `  key${i}: value ${i}\n`).join('')}  password: ${pw(4)}\nend\n${prose(100)}`;
    const r = await scanFile('big.md', md, false);
    assert.equal(r.found.length, 1);
    assert.match(r.found[0]!, /^gateway-token-literal \d+$/);
  });
});
