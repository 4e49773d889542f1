// A line read from its bytes gets its text made only when asked (src/pipeline/line-bytes.ts): the
// text answers for the event of the line being handled only, and a token use found by its
// fingerprint still lists its query and size when a rule keeps it or --evidence writes it.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import type { AuditEvent } from '../../src/detectors/detector.js';
import { AUDIT_DETECTORS } from '../../src/detectors/index.js';
import { lineOf } from '../../src/detectors/uses.js';
import { runAudit } from '../../src/pipeline/audit-run.js';
import { parseForcedFormat } from '../../src/pipeline/format.js';
import { LineBytes } from '../../src/pipeline/line-bytes.js';
import { TokenMatcher } from '../../src/token.js';
import { EXAMPLE_CONTEXT, exampleAuditContext, exampleTime } from '../detectors/example-context.js';

const event = (): AuditEvent => ({ kind: 'request', location: { path: 'gateway.jsonl', line: 1 } });

it('makes the text of the line handled now, once, for its own event only', () => {
  const buf = Buffer.from('{"a":1}\n{"b":22}\n');
  const bytes = new LineBytes();
  const first = event();
  bytes.set(buf, 0, 7);
  bytes.own(first);
  first.lineBytes = bytes;
  assert.equal(lineOf(first), '{"a":1}');
  assert.equal(bytes.text(), bytes.text());
  assert.throws(() => bytes.textFor(event()), /after the line was handled/);
  const second = event();
  bytes.set(buf, 8, 16);
  bytes.own(second);
  second.lineBytes = bytes;
  assert.equal(lineOf(second), '{"b":22}');
  // The first line's bytes may be another line's by now (the read buffer is reused).
  assert.throws(() => lineOf(first), /after the line was handled/);
  // Once the input is read, for none at all.
  bytes.close();
  assert.throws(() => lineOf(second), /after the line was handled/);
  // A text given whole is the text, bytes or not.
  assert.equal(lineOf({ ...event(), text: 'given' }), 'given');
});

it('lists the query and size of uses found by their fingerprint, in the report and the evidence', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-line-bytes-'));
  const file = path.join(dir, 'gateway.jsonl');
  const fp = EXAMPLE_CONTEXT.token.fingerprint;
  const lines = ['{"ts":"2025-02-21T13:00:00.000Z","event":"http.request","method":"GET","path":"/api/v1/health","status":200,"remote_addr":"10.0.0.1"}'];
  // 150 uses: the use list keeps 100 and cuts at 200, so some are kept and some only counted.
  for (let i = 0; i < 150; i++) {
    const ts = new Date(EXAMPLE_CONTEXT.since + i * 1000).toISOString();
    const query = i % 2 === 0 ? `?page=${i}&token=AbCdEf${i}xyz` : '';
    lines.push(`{"ts":"${ts}","event":"http.request","method":"GET","path":"/api/v1/items/${i}${query}","status":200,"bytes":${1000 + i},"remote_addr":"203.0.113.7","token_fp":"${fp}"}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  const evidence: Array<{ path?: string; bytes?: number }> = [];
  const { useOf } = await import('../../src/detectors/uses.js');
  const result = await runAudit([{ path: 'gateway.jsonl', absolutePath: file }], {
    detectors: Object.values(AUDIT_DETECTORS),
    context: { ...exampleAuditContext(), onUse: (_rule, _id, e) => evidence.push(useOf(e)) },
    time: exampleTime(),
    forced: parseForcedFormat(undefined),
    tokens: new TokenMatcher([EXAMPLE_CONTEXT.token]),
  });
  const use = result.findings.find((f) => f.rule === 'token-use');
  assert.ok(use !== undefined);
  assert.equal(use.count, 150);
  const uses = use.uses ?? [];
  assert.equal(uses.length, 100);
  assert.equal(use.usesOmitted, 50);
  uses.forEach((u, i) => {
    assert.equal(u.location.line, i + 2);
    assert.equal(u.bytes, 1000 + i);
    // The query as logged, its `token=` value redacted like any credential in a finding.
    if (i % 2 === 0) assert.match(u.path ?? '', new RegExp(`^/api/v1/items/${i}\\?page=${i}&token=(?!AbCdEf)`));
    else assert.equal(u.path, `/api/v1/items/${i}`);
  });
  assert.equal(evidence.length, 150);
  evidence.forEach((u, i) => {
    assert.equal(u.bytes, 1000 + i);
    assert.equal(u.path, i % 2 === 0 ? `/api/v1/items/${i}?page=${i}&token=AbCdEf${i}xyz` : `/api/v1/items/${i}`);
  });
});

it('answers no kept event once its line is handled, also when the read buffers turn over before the next line read from bytes', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-line-bytes-'));
  const file = path.join(dir, 'stale.jsonl');
  const fp = EXAMPLE_CONTEXT.token.fingerprint;
  const ts = (i: number): string => new Date(EXAMPLE_CONTEXT.since + i * 1000).toISOString();
  const lines = [`{"ts":"${ts(0)}","event":"http.request","method":"GET","path":"/h","status":200,"remote_addr":"10.0.0.1"}`];
  lines.push(`{"ts":"${ts(1)}","event":"http.request","method":"GET","path":"/KEPT?x=1","status":200,"bytes":1,"remote_addr":"203.0.113.7","token_fp":"${fp}"}`);
  // ~8 MB no needle picks (never decoded): the read buffers are reused meanwhile.
  const filler = `{"ts":"${ts(2)}","event":"http.request","method":"GET","path":"/${'z'.repeat(46)}","status":200,"remote_addr":"10.9.9.9"}`;
  for (let i = 0; i < 80_000; i++) lines.push(filler);
  // A broken record naming the fingerprint: read from its text, so it reaches onEvent too.
  lines.push(`{"ts":"${ts(3)}","event":"http.request","token_fp":"${fp}", BROKEN`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  let kept: AuditEvent | undefined;
  const asked: string[] = [];
  await runAudit([{ path: 'stale.jsonl', absolutePath: file }], {
    detectors: [],
    context: exampleAuditContext(),
    time: exampleTime(),
    forced: parseForcedFormat(undefined),
    tokens: new TokenMatcher([EXAMPLE_CONTEXT.token]),
    onEvent: (e) => {
      if (kept === undefined && e.lineBytes !== undefined) {
        kept = e;
        assert.match(lineOf(e) ?? '', /KEPT/);
        return;
      }
      if (kept === undefined) return;
      try {
        asked.push(`answered: ${(lineOf(kept) ?? '').slice(0, 40)}`);
      } catch (error) {
        asked.push(`threw: ${(error as Error).message}`);
      }
    },
  });
  assert.equal(kept?.location.line, 2);
  assert.deepEqual(asked, ['threw: the text of a line read from its bytes was asked after the line was handled']);
});
