// The audit searches a decoded line for a token trace only when the prefilter saw one of the
// token's needles on it (read-events.ts): a connect or a 401 decoded for its keyword alone holds
// no trace. The skip must never lose one: every trace form holds a needle, and an audit finds the
// same token-text lines whichever needle (keyword, token form, line shape) had the line decoded.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TokenMatcher } from '../../src/token.js';
import { fixture, runCli } from '../helpers.js';

// The repository's fake tokens (fixtures/token), never real ones.
const RAW = readFileSync(fixture('token', 'token.txt'), 'utf8').trim();
const NON_HEX = readFileSync(fixture('token', 'non-hex-token.txt'), 'utf8').trim();
const HEX = createHash('sha256').update(RAW).digest('hex');

describe('TokenMatcher.tracesHoldNeedles', () => {
  it('is true for raw tokens and for fingerprints of every accepted length', () => {
    for (const spec of [
      { label: 'exposed', raw: RAW },
      { label: 'exposed', raw: NON_HEX },
      { label: 'exposed', fingerprint: `sha256:${HEX}` },
      { label: 'exposed', fingerprint: `sha256:${HEX.slice(0, 12)}` },
      { label: 'exposed', fingerprint: HEX.slice(0, 8) },
    ]) {
      assert.equal(new TokenMatcher([spec]).tracesHoldNeedles(), true, JSON.stringify(spec));
    }
  });

  it('never finds a trace on a line that holds none of the needles (random cuts of every form)', () => {
    const m = new TokenMatcher([{ label: 'exposed', raw: NON_HEX }, { label: 'old', raw: RAW }]);
    const needles = m.needles();
    const forms = [RAW, NON_HEX, Buffer.from(RAW).toString('base64'), Buffer.from(NON_HEX).toString('base64url'), HEX, HEX.toUpperCase()];
    let traces = 0;
    for (const form of forms) {
      for (let a = 0; a < form.length; a++) {
        for (let b = a + 1; b <= form.length; b++) {
          const text = `{"event":"ws.connect","note":"${form.slice(a, b)}"}`;
          const held = needles.some((n) => text.includes(n));
          if (m.findTrace(text) !== undefined) {
            traces++;
            assert.ok(held, text);
          }
        }
      }
    }
    assert.ok(traces > 50, `only ${traces} cuts held a trace`);
  });
});

describe('audit: token traces on lines decoded for other needles', () => {
  it('finds exactly the traces, on keyword, token, first and misshapen lines', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-trace-'));
    const b64 = Buffer.from(RAW).toString('base64');
    const record = (o: Record<string, unknown>): string => JSON.stringify(o);
    const lines = [
      // The first line is decoded for no needle: its trace (the digest's 12 hex) is searched.
      record({ ts: '2025-02-21T14:00:00.000Z', event: 'http.request', method: 'GET', path: '/health', status: 200, detail: `fp ${HEX.slice(0, 12)}` }),
      record({ ts: '2025-02-21T14:01:00.000Z', event: 'ws.connect', remote_addr: '198.51.100.7', note: b64 }),
      // A keyword line without a trace (searched or not, nothing to find).
      record({ ts: '2025-02-21T14:02:00.000Z', event: 'ws.connect', remote_addr: '198.51.100.8' }),
      record({ ts: '2025-02-21T14:03:00.000Z', event: 'auth.failed', remote_addr: '198.51.100.9', detail: `digest ${HEX.slice(0, 12).toUpperCase()}` }),
      record({ ts: '2025-02-21T14:04:00.000Z', event: 'http.request', method: 'GET', path: '/x', status: 401, detail: `sha256 ${HEX.slice(0, 16)}` }),
      // Trap: 7 hex digits of the digest are no trace.
      record({ ts: '2025-02-21T14:05:00.000Z', event: 'agent.register', agent: 'a1', remote_addr: '198.51.100.11', detail: `fp ${HEX.slice(0, 7)}` }),
      // A plain 200 decoded for the raw token alone.
      record({ ts: '2025-02-21T14:06:00.000Z', event: 'http.request', method: 'GET', path: '/y', status: 200, detail: RAW }),
      // Not of the JSON line shape: decoded for its shape, and its trace still found.
      `2025-02-21T14:07:00Z cut line ${HEX.slice(0, 12)}`,
      record({ ts: '2025-02-21T14:08:00.000Z', event: 'http.request', method: 'GET', path: '/z', status: 200 }),
    ];
    const file = path.join(dir, 'gateway.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await runCli(
      ['audit', file, '--token-file', fixture('token', 'token.txt'), '--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--format', 'json', '--fail-on', 'none', '--no-progress'],
      { cwd: dir },
    );
    assert.equal(r.code, 0, r.stderr);
    const { findings } = JSON.parse(r.stdout) as { findings: Array<{ rule: string; uses?: Array<{ location: { line: number }; kind: string; time?: string }> }> };
    const traced = findings.find((f) => f.rule === 'token-in-unparsed-line');
    assert.deepEqual(
      traced?.uses?.map((u) => [u.location.line, u.kind, u.time]),
      [
        [1, 'token-text', '2025-02-21T14:00:00.000Z'],
        [2, 'token-text', '2025-02-21T14:01:00.000Z'],
        [4, 'token-text', '2025-02-21T14:03:00.000Z'],
        [5, 'token-text', '2025-02-21T14:04:00.000Z'],
        [7, 'token-text', '2025-02-21T14:06:00.000Z'],
        [8, 'token-text', undefined],
      ],
    );
    assert.ok(!r.stdout.includes(RAW) && !r.stdout.includes(b64));
  });
});
