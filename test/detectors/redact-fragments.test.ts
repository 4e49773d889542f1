// A fragment of the raw token (8 or more of its characters in order) in a string from an input is
// redacted as the token is (docs/product.md §9, redaction at entry), in every format and in the
// evidence file; bidi and invisible characters are written as \uXXXX in JSON, JSONL and SARIF.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { escapeJsonText } from '../../src/escape.js';
import { FORMAT_IDS } from '../../src/reporters/index.js';
import { FRAGMENT_CHARS, fingerprintOf, TokenMatcher } from '../../src/token.js';
import { runCli } from '../helpers.js';

// Generated at run time: no token-shaped literal in the repository.
const TOKEN = createHash('sha256').update('redact-fragments test').digest('hex').slice(0, 48);
const FRAGMENT = `[clawprint ${fingerprintOf(TOKEN)} fragment]`;
const WHOLE = `[clawprint ${fingerprintOf(TOKEN)}]`;

/** Every run of FRAGMENT_CHARS characters of the token. */
const RUNS = Array.from({ length: TOKEN.length - FRAGMENT_CHARS + 1 }, (_, i) => TOKEN.slice(i, i + FRAGMENT_CHARS));

describe('TokenMatcher.redactFragments', () => {
  const m = new TokenMatcher([{ label: 'exposed', raw: TOKEN }]);
  it('replaces each run of 8 or more of the token characters, longest at each place', () => {
    assert.equal(m.redactFragments(`/a/${TOKEN.slice(0, 20)}/b`), `/a/${FRAGMENT}/b`);
    assert.equal(m.redactFragments(`ua ${TOKEN.slice(30, 38)}`), `ua ${FRAGMENT}`);
    assert.equal(m.redactFragments(`${TOKEN.slice(0, 8)}-${TOKEN.slice(40)}`), `${FRAGMENT}-${FRAGMENT}`);
    // Two runs back to back that are not one run of the token: each its own marker.
    assert.equal(m.redactFragments(TOKEN.slice(10, 20) + TOKEN.slice(0, 10)), FRAGMENT + FRAGMENT);
  });
  it('keeps 7 characters, OpenClaw\'s 6+4 mask, other strings, and works after redact() on the whole token', () => {
    const seven = `x${TOKEN.slice(5, 12)}y`;
    assert.equal(m.redactFragments(seven), seven);
    const mask = `Bearer ${TOKEN.slice(0, 6)}…${TOKEN.slice(-4)}`;
    assert.equal(m.redactFragments(mask), mask);
    assert.equal(m.redactFragments('python-httpx/0.27 GET /api/v1/memory'), 'python-httpx/0.27 GET /api/v1/memory');
    assert.equal(m.redactFragments(m.redact(`t=${TOKEN}&u=${TOKEN.slice(1, 17)}`)), `t=${WHOLE}&u=${FRAGMENT}`);
  });
  it('does nothing for a token known only by its fingerprint', () => {
    const fp = new TokenMatcher([{ label: 'exposed', fingerprint: fingerprintOf(TOKEN) }]);
    assert.equal(fp.redactFragments(TOKEN.slice(0, 20)), TOKEN.slice(0, 20));
  });
});

describe('escapeJsonText', () => {
  it('writes what JSON.stringify leaves raw as \\uXXXX, and the JSON value is unchanged', () => {
    const value = 'a\u202eb\u2028c\u0085d\u200be\u{e0041}f\u007fg';
    const text = escapeJsonText(JSON.stringify({ value }));
    assert.equal(text, '{"value":"a\\u202eb\\u2028c\\u0085d\\u200be\\udb40\\udc41f\\u007fg"}');
    assert.deepEqual(JSON.parse(text), { value });
    assert.equal(escapeJsonText('{"plain":"ascii é"}'), '{"plain":"ascii é"}');
  });
});

describe('an audit whose log holds fragments of the exposed token and bidi controls', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-fragments-'));
  const tokenFile = path.join(dir, 'token.txt');
  writeFileSync(tokenFile, `${TOKEN}\n`);
  const log = path.join(dir, 'access.log');
  writeFileSync(
    log,
    `203.0.113.9 - - [01/Jan/2024:10:00:00 +0000] "GET /a\u202eb/${TOKEN.slice(0, 20)}?token=${TOKEN} HTTP/1.1" 200 5 "-" "Mozilla\u202e ${TOKEN.slice(0, 16)}"\n`,
  );
  const args = ['audit', log, '--token-file', tokenFile, '--since', '2023-01-01T00:00:00Z', '--until', '2024-02-01T00:00:00Z', '--fail-on', 'none', '--no-progress'];

  for (const format of FORMAT_IDS) {
    it(`--format ${format}: no run of 8 token characters, the request kept with its fragment marked`, async () => {
      const r = await runCli([...args, '--format', format]);
      assert.equal(r.code, 0, r.stderr);
      for (const text of [r.stdout, r.stderr]) for (const run of RUNS) assert.ok(!text.includes(run), `${format}: ${run} printed`);
      // The table wraps the marker across lines; SARIF's results carry no request or user agent.
      if (format === 'table') assert.ok(r.stdout.includes('fragment]'), 'table: no fragment marker');
      else if (format !== 'sarif') assert.ok(r.stdout.includes(FRAGMENT) || r.stdout.includes(FRAGMENT.replace(/[[\]]/g, '\\$&')), `${format}: no fragment marker`);
      if (format === 'json' || format === 'jsonl' || format === 'sarif') {
        assert.ok(!r.stdout.includes('\u202e'), `${format}: raw U+202E`);
        if (format !== 'sarif') assert.ok(r.stdout.includes('\\u202e'), `${format}: U+202E not escaped`);
      }
    });
  }

  it('--evidence: the use line has the fragments redacted and U+202E escaped', async () => {
    const evidence = path.join(dir, 'evidence.jsonl');
    const r = await runCli([...args, '--format', 'json', '--evidence', evidence]);
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(evidence, 'utf8');
    for (const run of RUNS) assert.ok(!text.includes(run), `evidence: ${run} written`);
    const use = JSON.parse(text.trim()) as { path: string; userAgent: string };
    assert.equal(use.path, `/a\u202eb/${FRAGMENT}?token=${WHOLE}`);
    assert.equal(use.userAgent, `Mozilla\u202e ${FRAGMENT}`);
    assert.ok(!text.includes('\u202e') && text.includes('\\u202e'));
  });
});

describe('mask', () => {
  it('replaces a fragment of the token as [clawprint … fragment], the whole token as usual, and keeps 7 characters (the 6+4 mask is a form of its own)', async () => {
    const input = `echo ${TOKEN.slice(0, 16)}\nt=${TOKEN} u=${TOKEN.slice(3, 11)}\nid ${TOKEN.slice(0, 7)} ${TOKEN.slice(0, 6)}…${TOKEN.slice(-4)}\n`;
    const r = await runCli(['mask', '--token-env', 'LEAKED'], { env: { LEAKED: TOKEN }, stdin: input });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `echo ${FRAGMENT}\nt=${WHOLE} u=${FRAGMENT}\nid ${TOKEN.slice(0, 7)} ${WHOLE}\n`);
  });
});

describe('SARIF and JSON carry an agent name from the log with its bidi control escaped', () => {
  it('an unexpected registration of agent `ev\\u202eil`', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-bidi-'));
    const log = path.join(dir, 'gateway.jsonl');
    writeFileSync(log, `${JSON.stringify({ ts: '2025-02-21T14:01:00Z', event: 'agent.register', agent: 'ev\u202eil', remote_addr: '203.0.113.9' })}\n`);
    const tokenFile = path.join(dir, 'token.txt');
    writeFileSync(tokenFile, `${TOKEN}\n`);
    for (const format of ['sarif', 'json', 'jsonl']) {
      const r = await runCli(['audit', log, '--token-file', tokenFile, '--since', '2025-02-21T14:00:00Z', '--until', '2025-02-21T15:00:00Z', '--format', format, '--fail-on', 'none', '--no-progress']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!r.stdout.includes('\u202e'), `${format}: raw U+202E`);
      assert.ok(r.stdout.includes('ev\\u202eil'), `${format}: the agent name not written escaped`);
    }
  });
});
