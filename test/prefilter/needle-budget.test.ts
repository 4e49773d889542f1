// How many needles the scan's prefilter derives from the rules' triggers, and how many exposed
// tokens fit the SIMD kernel beside them (TEDDY_BUDGET). Past the budget the scan is slower, not
// blind: every needle is searched with Buffer.indexOf, and --verbose says so.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SCAN_DETECTORS } from '../../src/detectors/index.js';
import { planNeedles } from '../../src/prefilter/needle-plan.js';
import { type GroupedNeedle, NeedleSet } from '../../src/prefilter/needles.js';
import { TEDDY_BUDGET, teddyAvailable } from '../../src/prefilter/teddy.js';
import { mergeTriggers } from '../../src/prefilter/triggers.js';
import { TokenMatcher } from '../../src/token.js';
import { fixture, runCli } from '../helpers.js';

const TRIGGERS = mergeTriggers(Object.values(SCAN_DETECTORS).map((d) => d.triggers));
const digest = (seed: string): string => createHash('sha256').update(seed).digest('hex');
/** `n` distinct generated gateway tokens (48 hex, as OpenClaw writes them). */
const tokens = (n: number): TokenMatcher => new TokenMatcher(Array.from({ length: n }, (_, i) => ({ label: `t${i}`, raw: digest(`budget ${i}`).slice(0, 48) })));

function budget(n: number, framed: boolean): { needles: number; bytes: number; set: NeedleSet } {
  const plan = planNeedles(TRIGGERS, tokens(n).needles(), { framed, completeLine: framed ? '"}\n' : undefined });
  return { needles: plan.length, bytes: plan.reduce((sum, p) => sum + Buffer.byteLength(p.needle), 0), set: new NeedleSet(plan) };
}

describe('needle budget of the scan prefilter', () => {
  it('the kernel holds 1,024 needles of 16,160 bytes', () => {
    assert.deepEqual({ ...TEDDY_BUDGET }, { needles: 1024, bytes: 16160 });
  });

  // Files: 24 keywords (four of them, 64 bytes, are gateway-flag's `--gateway-token`,
  // `--gateway-password`, `--remote-token`, `--remote-password`: `openclaw onboard --remote-token
  // <v>` gave a token only `medium`; two, 14 bytes, setup-output's table row `oken |`, `oken** |`:
  // `| Gateway token | <v> |` in a deployment checklist was only `medium`), 128 mask needles (an ellipsis before each token character), 17
  // spellings of the `gateway` mapping key and the bare key (where the structure trackers may
  // start), `<key>` as a next-line key; framed logs, without the bare key, add keywords through
  // framing, the escaped ellipsis and Docker's record end. Each exposed token brings about ten
  // needles, cut to 24 characters.
  const expected: Array<[number, boolean, number, number]> = [
    [0, false, 171, 908],
    [1, false, 182, 1086],
    [20, false, 375, 4340],
    [0, true, 180, 950],
    [1, true, 191, 1128],
    [20, true, 384, 4382],
  ];
  for (const [n, framed, needles, bytes] of expected) {
    it(`${n} exposed token${n === 1 ? '' : 's'}, ${framed ? 'framed logs' : 'files'}: ${needles} needles, ${bytes} bytes, within the budget`, () => {
      const b = budget(n, framed);
      assert.deepEqual({ needles: b.needles, bytes: b.bytes }, { needles, bytes });
      assert.equal(b.set.fallback, undefined);
    });
  }

  it('100 exposed tokens do not fit: the set says why', () => {
    const b = budget(100, false);
    assert.ok(b.needles > TEDDY_BUDGET.needles);
    assert.match(b.set.fallback ?? '', /^1191 needles of 18071 bytes do not fit the SIMD prefilter \(1024 needles, 16160 bytes\)/);
  });

  it('a set past the old 256-needle area finds exactly the lines holding a needle (SIMD and indexOf)', () => {
    const needles: GroupedNeedle[] = Array.from({ length: 600 }, (_, i) => ({ needle: digest(`n${i}`).slice(0, 10), group: 1 + (i % 8) }));
    const lines = Array.from({ length: 4000 }, (_, i) => (i % 7 === 0 ? `x ${needles[(i * 13) % 600]!.needle} y` : `plain line ${digest(`l${i}`).slice(0, 30)}`));
    const buf = Buffer.from(`${lines.join('\n')}\n`);
    const expectedLines = lines.flatMap((l, i) => (l.startsWith('x ') ? [i + 1] : []));
    for (const useTeddy of [true, false]) {
      const set = new NeedleSet(needles, useTeddy && teddyAvailable());
      set.tune(buf);
      const found: number[] = [];
      set.forEachLine(buf, {}, (_start, line, groups) => {
        assert.notEqual(groups, 0);
        found.push(line);
      });
      assert.deepEqual(found, expectedLines, useTeddy ? 'SIMD' : 'indexOf');
    }
  });

  it('scan --verbose says, in one line, when the needles do not fit; the findings are the same', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'clawprint-budget-'));
    const bare = digest('budget bare').slice(0, 48);
    writeFileSync(path.join(dir, 'notes.txt'), `rotated to ${bare} on Friday\n`);
    // 400 fingerprints bring about 1,300 needles: past the kernel's 1,024.
    const fingerprints = Array.from({ length: 400 }, (_, i) => ['--fingerprint', `sha256:${digest(`fp ${i}`).slice(0, 12)}`]).flat();
    const few = await runCli(['scan', dir, '--format', 'json', '--fail-on', 'none', '--verbose', '--fingerprint', `sha256:${digest('fp 0').slice(0, 12)}`]);
    const many = await runCli(['scan', dir, '--format', 'json', '--fail-on', 'none', '--verbose', ...fingerprints]);
    const quiet = await runCli(['scan', dir, '--format', 'json', '--fail-on', 'none', ...fingerprints]);
    const lines = (stderr: string): string[] => stderr.split('\n').filter((l) => l.includes('prefilter'));
    assert.deepEqual(lines(few.stderr), []);
    assert.deepEqual(lines(quiet.stderr), []);
    assert.equal(lines(many.stderr).length, 1);
    assert.match(lines(many.stderr)[0]!, /prefilter: \d+ needles of \d+ bytes do not fit the SIMD prefilter \(1024 needles, 16160 bytes\): they are searched one pass each \(Buffer\.indexOf\), slower$/);
    const findings = (stdout: string): unknown => (JSON.parse(stdout) as { findings: Array<{ rule: string; location: unknown }> }).findings.map((f) => [f.rule, f.location]);
    assert.deepEqual(findings(many.stdout), findings(few.stdout));
    assert.deepEqual(findings(few.stdout), [['token-shaped-string', { path: path.join(dir, 'notes.txt'), line: 1, column: 12 }]]);
  });

  it('audit --verbose says it too, once per run, and finds the same uses', async () => {
    // Fingerprints that match nothing in the demo: only the needle count changes.
    const fingerprints = Array.from({ length: 400 }, (_, i) => ['--fingerprint', `sha256:${digest(`fp ${i}`).slice(0, 12)}`]).flat();
    const base = ['audit', fixture('demo', 'logs'), '--token-file', fixture('demo', 'leaked-token.txt'), '--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--format', 'json', '--fail-on', 'none', '--verbose'];
    const few = await runCli(base);
    const many = await runCli([...base, ...fingerprints]);
    const lines = (stderr: string): string[] => stderr.split('\n').filter((l) => l.includes('prefilter'));
    assert.deepEqual(lines(few.stderr), []);
    assert.equal(lines(many.stderr).length, 1);
    assert.match(lines(many.stderr)[0]!, /^clawprint: prefilter: \d+ needles of \d+ bytes do not fit the SIMD prefilter/);
    const findings = (stdout: string): unknown => (JSON.parse(stdout) as { findings: Array<{ rule: string; time?: string; location?: unknown }> }).findings.map((f) => [f.rule, f.time, f.location]);
    assert.deepEqual(findings(many.stdout), findings(few.stdout));
    assert.equal((JSON.parse(few.stdout) as { findings: unknown[] }).findings.length, 13);
  });
});
