// `clawprint audit` with several exposed tokens, end to end: the raw gateway token from
// --token-file plus the secondary slot token as --fingerprint, over the two-token scenario of the
// token-use rule (fixtures/detectors/token-use/ng.two-tokens: token_fp fields of both tokens and
// one ?token=<raw> use of the file's token in access.log).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, runCli } from '../helpers.js';

const SCENARIO = fixture('detectors', 'token-use', 'ng.two-tokens');
const TOKEN_FILE = fixture('detectors', 'gateway-token.txt');
/** SHA-256 of the token in TOKEN_FILE, and of the secondary slot token (never in the repository raw). */
const A = 'sha256:ef24adb29ed8';
const B = 'sha256:57600c51e331';
const WINDOW = ['--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--no-progress'];

interface JsonFinding {
  rule: string;
  severity: string;
  time: string;
  message: string;
  location: { path: string; line: number };
  source?: string;
  token?: string;
  count?: number;
}

/** Display paths are relative to the working directory (the repository root here). */
const SHOWN_DIR = 'fixtures/detectors/token-use/ng.two-tokens/';
const project = (f: JsonFinding): unknown[] => [f.rule, f.severity, f.time, f.location.path.replace(SHOWN_DIR, ''), f.location.line, f.source, f.token, f.count];

async function audit(tokenArgs: string[], format: string): Promise<{ code: number; stdout: string; stderr: string }> {
  // The logs only: the scenario's expected.json names the fingerprints too, and a file that carries
  // one is reported (token-in-unparsed-line) — right for an audit, noise for this test.
  const logs = ['access.log', 'gateway.jsonl'].map((name) => path.join(SCENARIO, name));
  return runCli(['audit', ...logs, ...tokenArgs, ...WINDOW, '--format', format]);
}

describe('audit: several exposed tokens', () => {
  it('--token-file plus --fingerprint: one finding per token and source, each naming its token', async () => {
    const r = await audit(['--token-file', TOKEN_FILE, '--fingerprint', B], 'json');
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { tokens: unknown; findings: JsonFinding[] };
    assert.deepEqual(report.tokens, [{ fingerprint: A, label: 'exposed' }, { fingerprint: B, label: 'exposed' }]);
    const uses = report.findings.filter((f) => f.rule === 'token-use');
    assert.deepEqual(uses.map(project), [
      ['token-use', 'high', '2025-02-21T14:05:00.000Z', 'gateway.jsonl', 3, '203.0.113.7', A, 2],
      ['token-use', 'high', '2025-02-21T14:12:30.000Z', 'gateway.jsonl', 4, '10.0.0.5', B, 1],
      ['token-use', 'critical', '2025-02-21T14:40:00.000Z', 'gateway.jsonl', 5, '203.0.113.7', B, 2],
      ['token-use', 'critical', '2025-02-21T15:02:00.000Z', 'gateway.jsonl', 6, '198.51.100.9', B, 2],
      ['token-use', 'critical', '2025-02-21T16:00:00.000Z', 'gateway.jsonl', 8, '10.0.0.5', A, 1],
      // The ?token=<raw> use: matched by the raw token from --token-file, counted under A only.
      ['token-use', 'critical', '2025-02-21T16:44:51.000Z', 'access.log', 2, '198.51.100.9', A, 1],
    ]);
    assert.deepEqual(uses.map((f) => f.message), [
      `2 uses of the exposed token ${A} from 203.0.113.7 inside the window`,
      `1 use of the exposed token ${B} from 10.0.0.5 inside the window`,
      `2 uses of the exposed token ${B} from 203.0.113.7 inside the window`,
      `2 uses of the exposed token ${B} from 198.51.100.9 inside the window`,
      `1 use of the exposed token ${A} from 10.0.0.5 inside the window`,
      `1 use of the exposed token ${A} from 198.51.100.9 inside the window`,
    ]);
    assert.ok(!r.stdout.includes('7014f98fc1cf'), 'the raw token never reaches the report');
  });

  it('the table has a token column; every other format names the token of each finding', async () => {
    const table = await audit(['--token-file', TOKEN_FILE, '--fingerprint', B], 'table');
    assert.ok(table.stdout.startsWith(`clawprint audit · window 2025-02-21T14:00:00.000Z to 2025-02-21T18:30:00.000Z · tokens ${A} (exposed), ${B} (exposed)\n`));
    assert.match(table.stdout, /│ severity +│ source +│ token +│ first +│/);
    assert.match(table.stdout, new RegExp(`│ critical +│ 198\\.51\\.100\\.9 +│ ${A} +│ 2025-02-21T16:44:51\\.000Z`));
    const md = await audit(['--token-file', TOKEN_FILE, '--fingerprint', B], 'markdown');
    assert.ok(md.stdout.includes(`| critical | 198.51.100.9 | ${A} | 2025-02-21T16:44:51.000Z |`));
    const csv = await audit(['--token-file', TOKEN_FILE, '--fingerprint', B], 'csv');
    // One row per use: token B's three token-use findings hold five uses.
    assert.equal(csv.stdout.split('\r\n').filter((line) => line.includes(`,token-use,`) && line.includes(`,${B},`)).length, 5);
    const sarif = JSON.parse((await audit(['--token-file', TOKEN_FILE, '--fingerprint', B], 'sarif')).stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; properties: { token?: string } }> }>;
    };
    assert.deepEqual(sarif.runs[0]!.results.filter((x) => x.ruleId === 'token-use').map((x) => x.properties.token), [A, B, B, B, A, A]);
    const jsonl = (await audit(['--token-file', TOKEN_FILE, '--fingerprint', B], 'jsonl')).stdout.trimEnd().split('\n');
    assert.deepEqual(jsonl.map((l) => (JSON.parse(l) as JsonFinding).token).filter((t) => t !== undefined), [A, B, B, B, A, A]);
  });

  it('one token: the same log gives only its uses, in the single-token shape', async () => {
    const r = await audit(['--token-file', TOKEN_FILE], 'json');
    const report = JSON.parse(r.stdout) as { findings: JsonFinding[] };
    assert.deepEqual(report.findings.filter((f) => f.rule === 'token-use').map(project), [
      ['token-use', 'high', '2025-02-21T14:05:00.000Z', 'gateway.jsonl', 3, '203.0.113.7', A, 2],
      ['token-use', 'critical', '2025-02-21T16:00:00.000Z', 'gateway.jsonl', 8, '10.0.0.5', A, 1],
      ['token-use', 'critical', '2025-02-21T16:44:51.000Z', 'access.log', 2, '198.51.100.9', A, 1],
    ]);
    assert.equal(report.findings[0]!.message, '2 uses of the exposed token from 203.0.113.7 inside the window');
    const table = await audit(['--token-file', TOKEN_FILE], 'table');
    assert.doesNotMatch(table.stdout, /│ token +│/);
  });

  it('the raw token and its own fingerprint are one token', async () => {
    const r = await audit(['--token-file', TOKEN_FILE, '--fingerprint', A], 'json');
    const report = JSON.parse(r.stdout) as { tokens: unknown; findings: JsonFinding[] };
    assert.deepEqual(report.tokens, [{ fingerprint: A, label: 'exposed' }]);
    assert.equal(report.findings.filter((f) => f.rule === 'token-use').length, 3);
  });
});
