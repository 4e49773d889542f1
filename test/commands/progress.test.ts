// Progress goes to stderr and only when stderr is a terminal (SPEC §9): on a pseudo-terminal it is
// drawn per input and cleared at the end, stdout stays the bare report; piped, nothing is drawn.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, runCli, runCliInPty } from '../helpers.js';

const AUDIT = ['audit', fixture('demo', 'logs'), '--fingerprint', 'sha256:492af9017f91', '--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--known-agents', fixture('demo', 'agents.txt'), '--format', 'json', '--fail-on', 'none'];
const INPUTS = ['gateway-access.log', 'gateway-access.log.1.gz', 'openclaw/openclaw-2025-02-21.log', 'proxy/access.log'];
// `\r`, clear to end of line, then `clawprint: <input>  <MB> MB  <rate> MB/s`.
const DRAW = /\r\u001b\[Kclawprint: (\S+)  \d+\.\d MB  \d+ MB\/s/g;

describe('progress', () => {
  it('is drawn on a terminal, once per input at least, and cleared; stdout is the bare report', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'clawprint-progress-')), 'report.json');
    const r = await runCliInPty(AUDIT, [], { stdoutTo: out });
    assert.equal(r.code, 0, r.transcript);
    const drawn = [...new Set([...r.transcript.matchAll(DRAW)].map((m) => m[1]!.replace(/^.*fixtures\/demo\/logs\//, '')))];
    assert.deepEqual(drawn, INPUTS);
    assert.ok(r.transcript.endsWith('\r\u001b[K'), JSON.stringify(r.transcript.slice(-40)));
    const report = readFileSync(out, 'utf8');
    assert.ok(!report.includes('\u001b') && !report.includes('\r'), 'control characters in the report');
    assert.equal((JSON.parse(report) as { inputs: unknown[] }).inputs.length, 4);
  });

  it('is not drawn with --no-progress, even on a terminal', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'clawprint-progress-')), 'report.json');
    const r = await runCliInPty([...AUDIT, '--no-progress'], [], { stdoutTo: out });
    assert.equal(r.code, 0, r.transcript);
    assert.equal(r.transcript, '');
  });

  it('is not drawn when stderr is a pipe', async () => {
    const r = await runCli(AUDIT);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal((JSON.parse(r.stdout) as { inputs: unknown[] }).inputs.length, 4);
  });
});
