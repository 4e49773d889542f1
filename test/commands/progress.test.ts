// Progress goes to stderr and only when stderr is a terminal (docs/product.md §9): on a pseudo-terminal it is
// drawn per input and cleared at the end, stdout stays the bare report; piped, nothing is drawn.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, runCli, runCliInPty } from '../helpers.js';

const AUDIT = ['audit', fixture('demo', 'logs'), '--fingerprint', 'sha256:492af9017f91', '--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--known-agents', fixture('demo', 'agents.txt'), '--format', 'json', '--fail-on', 'none'];
const INPUTS = ['ci/deploy-smoke-test.log', 'gateway-access.log', 'gateway-access.log.1.gz', 'openclaw/openclaw-2025-02-21.log', 'proxy/access.log'];
// `\r`, clear to end of line, then `clawprint: <input>  <MB> MB  <rate> MB/s  <percent>%[  <time> left]`
// (sizes on disk are known for files); the input's name gives way in the middle to fit one line.
const DRAW = /\r\u001b\[Kclawprint: (\S+)  \d+\.\d MB  \d+ MB\/s  (\d+)%(?:  \S+ left)?(?=\r|$)/g;

describe('progress', () => {
  it('is drawn on a terminal, once per input at least, and cleared; stdout is the bare report', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'clawprint-progress-')), 'report.json');
    const r = await runCliInPty(AUDIT, [], { stdoutTo: out });
    assert.equal(r.code, 0, r.transcript);
    const draws = [...r.transcript.matchAll(DRAW)];
    // Names may be shortened in the middle; their ends say which input (the longest that matches).
    const which = (name: string): string | undefined => INPUTS.filter((i) => name.endsWith(i.replace(/^(ci|openclaw)\//, ''))).sort((a, b) => b.length - a.length)[0];
    const drawn = [...new Set(draws.map((m) => which(m[1]!)))];
    assert.deepEqual(drawn, INPUTS, JSON.stringify(draws.map((m) => m[1])));
    // Percent of the bytes on disk, never past 100, never going back.
    const percents = draws.map((m) => Number(m[2]));
    assert.ok(percents.every((p, i) => p <= 100 && (i === 0 || p >= percents[i - 1]!)), percents.join(','));
    // One terminal line: no draw is wider than the terminal (80 columns when the pty reports none).
    for (const m of draws) assert.ok([...m[0].replace('\r\u001b[K', '')].length < 80, m[0]);
    // Cleared at the end: the last draw is followed by the clear, before any other line (the
    // warnings that follow the run) is written.
    const last = draws.at(-1)!;
    const after = r.transcript.slice(last.index + last[0].length);
    assert.ok(after.startsWith('\r\u001b[K') && !after.slice(4).includes('\r\u001b[K'), JSON.stringify(after.slice(0, 60)));
    const report = readFileSync(out, 'utf8');
    assert.ok(!report.includes('\u001b') && !report.includes('\r'), 'control characters in the report');
    assert.equal((JSON.parse(report) as { inputs: unknown[] }).inputs.length, 5);
  });

  it('is not drawn with --no-progress, even on a terminal', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'clawprint-progress-')), 'report.json');
    const r = await runCliInPty([...AUDIT, '--no-progress'], [], { stdoutTo: out });
    assert.equal(r.code, 0, r.transcript);
    // The demo's warnings (a CI log that covers no time, the suggested --since) are lines, never a redraw.
    assert.ok(!r.transcript.includes('\r\u001b[K'), JSON.stringify(r.transcript));
  });

  it('is not drawn when stderr is a pipe', async () => {
    const r = await runCli(AUDIT);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stderr.includes('\r') && !r.stderr.includes('\u001b'), JSON.stringify(r.stderr));
    assert.equal((JSON.parse(r.stdout) as { inputs: unknown[] }).inputs.length, 5);
  });
});
