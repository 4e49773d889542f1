// Audit options end to end through the CLI, each on its scenario in fixtures/commands/audit-options/:
// --input-format, --agents-dir, a truncated gzip, logs on stdin. Exact findings: rule, severity,
// time, path, line, source.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fixture, runCli } from '../helpers.js';

const FP = ['--fingerprint', 'sha256:492af9017f91'];
const WINDOW = ['--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z'];
const dir = (...parts: string[]): string => fixture('commands', 'audit-options', ...parts);

interface JsonFinding {
  rule: string;
  severity: string;
  time?: string;
  location?: { path: string; line: number };
  source?: string;
  agent?: string;
  reason?: string;
  count?: number;
  from?: string;
  to?: string;
}
interface JsonReport {
  inputs: Array<{ path: string; envelope: string; format: string; gzip: boolean; lines: number; events: number; first?: string; last?: string; issues: Array<{ kind: string; message: string }> }>;
  findings: JsonFinding[];
}

async function audit(args: string[], stdin?: Buffer): Promise<{ code: number; stderr: string; report: JsonReport }> {
  const r = await runCli(['audit', ...args, ...FP, ...WINDOW, '--format', 'json', '--no-progress'], stdin !== undefined ? { stdin } : {});
  return { code: r.code, stderr: r.stderr, report: JSON.parse(r.stdout) as JsonReport };
}

/** rule, severity, time, file name, line, source, and the agent or gap end where there is one. */
const project = (f: JsonFinding): unknown[] => [
  f.rule,
  f.severity,
  f.time ?? null,
  f.location?.path.split('/').pop() ?? null,
  f.location?.line ?? null,
  f.source ?? null,
  f.agent ?? f.to ?? null,
];

describe('audit --input-format', () => {
  // 20 lines of start-up text under `docker logs -t` prefixes, then the gateway's JSON access log:
  // detection looks past the banner (no parser claims it); forcing the format reads the same.
  const log = dir('input-format', 'gateway-stdout.log');

  for (const forced of [undefined, 'timestamped/gateway-jsonl', 'gateway-jsonl']) {
    it(`${forced === undefined ? 'detection' : `--input-format ${forced}`} reads the registration and the token use`, async () => {
      const { code, report } = await audit(forced === undefined ? [log] : [log, '--input-format', forced]);
      assert.equal(code, 1);
      assert.deepEqual(report.inputs.map((i) => [`${i.envelope}/${i.format}`, i.lines, i.events]), [['timestamped/gateway-jsonl', 23, 2]]);
      assert.deepEqual(report.findings.map(project), [
        ['unexpected-registration', 'critical', '2025-02-21T15:00:00.000Z', 'gateway-stdout.log', 21, '198.51.100.9', 'scraper-x'],
        ['token-use', 'critical', '2025-02-21T15:01:00.000Z', 'gateway-stdout.log', 22, '198.51.100.9', null],
        ['log-coverage-gap', 'medium', '2025-02-21T18:29:00.000Z', 'gateway-stdout.log', 23, null, '2025-02-21T18:30:00.000Z'],
      ]);
    });
  }
});

describe('audit --agents-dir', () => {
  const log = dir('agents-dir', 'gateway.jsonl');
  const registrations = (r: JsonReport): unknown[] => r.findings.filter((f) => f.rule === 'unexpected-registration').map(project);

  it('every <dir>/<name>/agent.yaml is a known agent; a folder without one is not', async () => {
    const { code, report } = await audit([log, '--agents-dir', dir('agents-dir', 'agents')]);
    assert.equal(code, 1);
    assert.deepEqual(registrations(report), [
      ['unexpected-registration', 'critical', '2025-02-21T14:30:00.000Z', 'gateway.jsonl', 4, '198.51.100.9', 'notes'],
      ['unexpected-registration', 'critical', '2025-02-21T14:40:00.000Z', 'gateway.jsonl', 5, '198.51.100.9', 'scraper-x'],
    ]);
    assert.deepEqual(report.findings.filter((f) => f.rule === 'unexpected-registration').map((f) => f.reason), ['unknown agent', 'unknown agent']);
  });

  it('without it, planner and researcher are unknown too', async () => {
    const { report } = await audit([log]);
    assert.deepEqual(
      registrations(report).map((p) => (p as unknown[])[6]),
      ['planner', 'researcher', 'notes', 'scraper-x'],
    );
  });

  it('a directory that cannot be read is one line, exit 2', async () => {
    const r = await runCli(['audit', log, ...FP, '--agents-dir', dir('agents-dir', 'missing')]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `clawprint: cannot read the agents directory: ENOENT (${dir('agents-dir', 'missing')})\n`);
  });
});

describe('audit of a truncated gzip', () => {
  // 480 gateway lines, one every 30 s from 14:00, gzipped and cut at half its bytes: 233 whole lines
  // and the start of line 234 survive (zcat agrees).
  const gz = dir('truncated-gzip', 'gateway-access.log.1.gz');

  it('reads to the cut, says so in one line, and reports the rest of the window as a gap', async () => {
    const { code, stderr, report } = await audit([gz]);
    assert.equal(code, 1, stderr); // the token use before the cut is critical
    assert.equal(stderr, `clawprint: gzip stream ends early (truncated); lines before the cut were read (${gz.replace(/^.*?fixtures/, 'fixtures')})\n`);
    const input = report.inputs[0]!;
    assert.deepEqual(
      [input.gzip, input.lines, input.first, input.last, input.issues.map((i) => i.kind)],
      [true, 234, '2025-02-21T14:00:00.000Z', '2025-02-21T15:56:00.000Z', ['truncated-gzip']],
    );
    assert.deepEqual(report.findings.map(project), [
      ['token-use', 'critical', '2025-02-21T14:30:00.000Z', 'gateway-access.log.1.gz', 61, '198.51.100.60', null],
      ['log-coverage-gap', 'medium', '2025-02-21T15:56:00.000Z', 'gateway-access.log.1.gz', 234, null, '2025-02-21T18:30:00.000Z'],
    ]);
  });
});

describe('audit of logs on stdin (-)', () => {
  it('reports the same findings as the file, located at -', async () => {
    const gz = readFileSync(fixture('demo', 'logs', 'gateway-access.log.1.gz'));
    const { code, report } = await audit(['-', '--known-agents', fixture('demo', 'agents.txt')], gz);
    assert.equal(code, 1);
    assert.deepEqual(report.inputs.map((i) => [i.path, i.gzip, i.lines, i.first, i.last]), [['-', true, 162, '2025-02-21T09:00:01.000Z', '2025-02-21T15:15:31.000Z']]);
    assert.deepEqual(report.findings.map(project), [
      ['token-use', 'high', '2025-02-21T14:00:07.000Z', '-', 123, '10.0.0.5', 'researcher'],
      ['token-use', 'high', '2025-02-21T14:00:31.000Z', '-', 124, '10.0.0.6', 'planner'],
      ['token-use', 'critical', '2025-02-21T14:40:12.000Z', '-', 141, '203.0.113.7', null],
      ['unexpected-registration', 'critical', '2025-02-21T15:05:03.000Z', '-', 154, '203.0.113.7', 'planner'],
      ['unexpected-registration', 'critical', '2025-02-21T15:12:40.000Z', '-', 160, '198.51.100.9', 'scraper-x'],
      ['log-coverage-gap', 'medium', '2025-02-21T15:15:31.000Z', '-', 162, null, '2025-02-21T18:30:00.000Z'],
    ]);
  });
});
