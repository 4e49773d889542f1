// The formats operators have, end to end through the CLI: every folder under
// fixtures/commands/audit-formats/ is one scenario — one log (its file name matters: a date in it
// dates time-of-day lines), `args.json` (extra audit flags, optional) and `expected.json`: the
// detected format and coverage of the input, and every finding with its time, source, peer,
// request and status. The planted token (token.txt, generated) is used in each log at least once.
// Real samples are excerpts listed in SOURCES.md next to the scenarios.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assertMatchesFile, fixture, runCli } from '../helpers.js';

const ROOT = fixture('commands', 'audit-formats');
const TOKEN = ['--token-file', path.join(ROOT, 'token.txt')];
/** `clawprint fingerprint --token-file fixtures/commands/audit-formats/token.txt`. */
const FINGERPRINT = 'sha256:a7b7acc99ef5';

interface JsonFinding {
  rule: string;
  time?: string;
  location?: { path: string; line: number };
  source?: string;
  peer?: string;
  request?: string;
  status?: number;
  count?: number;
  reason?: string;
  token?: string;
}
interface JsonInput {
  bytes: number;
  envelope: string;
  format: string;
  lines: number;
  events: number;
  unparsed: number;
  first?: string;
  last?: string;
  undated?: number;
  yearGuess?: { year: number; from: string; lines: number };
}

const scenarios = readdirSync(ROOT).filter((name) => statSync(path.join(ROOT, name)).isDirectory()).sort();

describe('audit reads the formats operators have', () => {
  it('has scenarios', () => assert.ok(scenarios.length >= 25));
  for (const scenario of scenarios) {
    it(scenario, async () => {
      const dir = path.join(ROOT, scenario);
      const files = readdirSync(dir).filter((f) => f !== 'args.json' && f !== 'expected.json');
      assert.equal(files.length, 1, `${scenario}: one log per scenario`);
      const log = path.join(dir, files[0]!);
      const args = readdirSync(dir).includes('args.json') ? (JSON.parse(readFileSync(path.join(dir, 'args.json'), 'utf8')) as string[]) : [];
      const r = await runCli(['audit', log, ...TOKEN, '--format', 'json', '--no-progress', '--fail-on', 'none', ...args]);
      assert.equal(r.code, 0, r.stderr);
      const raw = readFileSync(path.join(ROOT, 'token.txt'), 'utf8').trim();
      assert.ok(!r.stdout.includes(raw) && !r.stderr.includes(raw), 'the raw token is never printed');
      const report = JSON.parse(r.stdout) as { inputs: JsonInput[]; findings: JsonFinding[] };
      // The planted token is found (a use, or an exposure where the log holds no request) and named.
      const named = report.findings.filter((f) => f.token !== undefined);
      assert.ok(named.some((f) => f.rule === 'token-use' || f.rule === 'token-exposure'), 'the planted token is found');
      for (const f of named) assert.equal(f.token, FINGERPRINT, f.rule);
      const input = report.inputs[0]!;
      // Every byte of the file, no more: the audit reads a last line without a newline as if it had one.
      assert.equal(input.bytes, statSync(log).size, 'coverage bytes');
      const actual = {
        format: `${input.envelope}/${input.format}`,
        coverage: {
          lines: input.lines,
          events: input.events,
          unparsed: input.unparsed,
          first: input.first ?? null,
          last: input.last ?? null,
          ...(input.undated !== undefined ? { undated: input.undated } : {}),
          ...(input.yearGuess !== undefined ? { yearGuess: input.yearGuess } : {}),
        },
        findings: report.findings.map((f) => [
          f.rule, f.time ?? null, f.location?.line ?? null, f.source ?? null, f.peer ?? null, f.request ?? null, f.status ?? null, f.count ?? null,
        ]),
        stderr: r.stderr.split('\n').filter((l) => l !== '').map((l) => l.replace(log, '<log>')),
      };
      assertMatchesFile(actual, path.join(dir, 'expected.json'));
    });
  }
});
