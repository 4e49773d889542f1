// Every use shown and nothing silently clean (issue 8 §1–2): the uses behind a finding in JSON,
// CSV, table and Markdown; --evidence with every use whatever the cap; refused requests as uses;
// no-source uses per input; printed tokens as exposures; unparsed lines with the fingerprint; and
// the stderr lines an operator needs (no --since, unrecognised format, suggested --since).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, runCli } from '../helpers.js';

const DIR = fixture('commands', 'audit-evidence');
const input = (name: string): string => path.join(DIR, name);
const TOKEN = ['--token-file', fixture('token', 'token.txt')];
const WINDOW = ['--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z'];
const FP = 'sha256:142586ca1c49';
const MARKER = `[clawprint ${FP}]`;
const RAW = readFileSync(fixture('token', 'token.txt'), 'utf8').trim();

interface Use {
  time?: string;
  location: { path: string; line: number };
  kind: string;
  source?: string;
  method?: string;
  path?: string;
  status?: number;
  bytes?: number;
  userAgent?: string;
  agent?: string;
  tokenSlot?: string;
}
interface Finding {
  id: string;
  rule: string;
  severity: string;
  time?: string;
  source?: string;
  count?: number;
  uses?: Use[];
  usesOmitted?: number;
  endpoints?: string[];
  activity?: Array<{ endpoint: string; count: number; statuses?: Record<string, number>; firstTime?: string }>;
  message: string;
}

const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'clawprint-evidence-'));

async function auditJson(args: string[]): Promise<{ findings: Finding[]; stderr: string; code: number }> {
  const r = await runCli(['audit', ...args, ...TOKEN, '--format', 'json', '--no-progress', '--fail-on', 'none'], { cwd: DIR });
  assert.ok(!/\n\s+at /.test(r.stderr), r.stderr);
  return { findings: (JSON.parse(r.stdout) as { findings: Finding[] }).findings, stderr: r.stderr, code: r.code };
}

describe('audit: every use shown', () => {
  it('lists each use of the attacker in time order across inputs, refused and ?token= ones included', async () => {
    const { findings } = await auditJson(['gateway.jsonl', 'proxy-access.log', ...WINDOW]);
    const attacker = findings.find((f) => f.rule === 'token-use' && f.source === '203.0.113.7');
    assert.ok(attacker);
    assert.equal(attacker.severity, 'critical');
    assert.equal(attacker.count, 4);
    assert.equal(attacker.usesOmitted, 0);
    assert.deepEqual(attacker.uses, [
      // The proxy log is read second, but its request came first: time order, not reading order.
      { time: '2025-02-21T14:38:09.000Z', location: { path: 'proxy-access.log', line: 1 }, kind: 'request', source: '203.0.113.7', method: 'GET', path: `/hooks/wake?token=${MARKER}&mode=now`, status: 200, bytes: 17, userAgent: 'curl/8.5.0' },
      { time: '2025-02-21T14:40:12.000Z', location: { path: 'gateway.jsonl', line: 3 }, kind: 'request', source: '203.0.113.7', method: 'GET', path: '/api/v1/memory?scope=all', status: 200, bytes: 88231, userAgent: 'curl/8.5.0', tokenSlot: 'primary' },
      // A scope denial: the token was valid, the gateway refused the request. Still a use.
      { time: '2025-02-21T14:41:30.000Z', location: { path: 'gateway.jsonl', line: 4 }, kind: 'auth-failure', source: '203.0.113.7', method: 'POST', path: '/api/v1/config', status: 403, bytes: 61, userAgent: 'curl/8.5.0', tokenSlot: 'primary' },
      { time: '2025-02-21T14:43:02.000Z', location: { path: 'gateway.jsonl', line: 5 }, kind: 'request', source: '203.0.113.7', method: 'POST', path: '/api/v1/agents/researcher/messages', status: 200, bytes: 1290, userAgent: 'curl/8.5.0', tokenSlot: 'primary' },
    ]);
    assert.deepEqual(attacker.endpoints, ['GET /hooks/wake', 'GET /api/v1/memory', 'POST /api/v1/config', 'POST /api/v1/agents/researcher/messages']);
    assert.deepEqual(attacker.activity?.[2], { endpoint: 'POST /api/v1/config', count: 1, statuses: { '403': 1 }, firstTime: '2025-02-21T14:41:30.000Z' });
    // The veteran client is high, and its use before the window is not listed.
    const planner = findings.find((f) => f.rule === 'token-use' && f.source === '10.0.0.6');
    assert.equal(planner?.severity, 'high');
    assert.deepEqual(planner?.uses?.map((u) => [u.time, u.location.line, u.agent, u.bytes]), [['2025-02-21T14:20:00.000Z', 2, 'planner', 498]]);
  });

  it('groups uses with no source per input file, never across inputs', async () => {
    const { findings } = await auditJson(['worker-a.log', 'worker-b.log', ...WINDOW]);
    const uses = findings.filter((f) => f.rule === 'token-use');
    assert.deepEqual(
      uses.map((f) => [f.count, f.uses?.map((u) => `${u.location.path}:${u.location.line}`), f.message]),
      [
        [1, ['worker-a.log:1'], '1 use of the exposed token from (unknown source in worker-a.log) inside the window'],
        [1, ['worker-b.log:1'], '1 use of the exposed token from (unknown source in worker-b.log) inside the window'],
      ],
    );
  });

  it('keeps the 100 earliest uses in a bounded list; --evidence has every one, streamed as redacted JSON lines', async () => {
    const dir = tmp();
    const log = path.join(dir, 'burst.jsonl');
    // 250 uses written latest first: the kept ones must be the earliest by time, not the first read.
    const lines = Array.from({ length: 250 }, (_, i) => {
      const t = new Date(Date.parse('2025-02-21T15:00:00Z') + (249 - i) * 1000).toISOString();
      return JSON.stringify({ ts: t, event: 'http.request', method: 'GET', path: `/api/v1/memory/${249 - i}?token=${RAW}`, status: 200, remote_addr: '198.51.100.5' });
    });
    writeFileSync(log, lines.join('\n') + '\n');
    const evidence = path.join(dir, 'out', 'evidence.jsonl');
    const { findings } = await auditJson([log, ...WINDOW, '--evidence', evidence]);
    const burst = findings.find((f) => f.rule === 'token-use');
    assert.equal(burst?.count, 250);
    assert.equal(burst?.uses?.length, 100);
    assert.equal(burst?.usesOmitted, 150);
    assert.equal(burst?.uses?.[0]?.time, '2025-02-21T15:00:00.000Z');
    assert.equal(burst?.uses?.[99]?.time, '2025-02-21T15:01:39.000Z');
    assert.equal(burst?.uses?.[0]?.path, `/api/v1/memory/0?token=${MARKER}`);
    const text = readFileSync(evidence, 'utf8');
    assert.ok(!text.includes(RAW), 'the raw token in the evidence file');
    const records = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Use & { rule: string; finding: string; token: string });
    assert.equal(records.length, 250);
    assert.ok(records.every((r) => r.rule === 'token-use' && r.finding === burst?.id && r.token === FP && r.source === '198.51.100.5'));
    assert.ok(records[0]!.location.path.endsWith('burst.jsonl'));
    assert.deepEqual(records[0], {
      rule: 'token-use',
      finding: burst?.id,
      token: FP,
      time: '2025-02-21T15:04:09.000Z',
      location: { path: records[0]!.location.path, line: 1 },
      kind: 'request',
      source: '198.51.100.5',
      method: 'GET',
      path: `/api/v1/memory/249?token=${MARKER}`,
      status: 200,
    });
  });

  it('CSV has one row per use with method, path, status and user agent; table and Markdown list the critical source’s requests', async () => {
    const args = ['audit', 'gateway.jsonl', 'proxy-access.log', ...WINDOW, ...TOKEN, '--no-progress', '--fail-on', 'none'];
    const csv = (await runCli([...args, '--format', 'csv'], { cwd: DIR })).stdout.split('\r\n');
    const head = csv[0]!.split(',');
    const col = (name: string): number => head.indexOf(name);
    const attackerRows = csv.slice(1).filter((l) => l.includes(',token-use,critical,')).map((l) => l.split(','));
    assert.deepEqual(
      attackerRows.map((r) => [r[col('method')], r[col('requestPath')], r[col('status')], r[col('userAgent')], r[col('line')]]),
      [
        ['GET', `/hooks/wake?token=${MARKER}&mode=now`, '200', 'curl/8.5.0', '1'],
        ['GET', '/api/v1/memory?scope=all', '200', 'curl/8.5.0', '3'],
        ['POST', '/api/v1/config', '403', 'curl/8.5.0', '4'],
        ['POST', '/api/v1/agents/researcher/messages', '200', 'curl/8.5.0', '5'],
      ],
    );
    const table = (await runCli([...args, '--format', 'table'], { cwd: DIR })).stdout;
    assert.match(table, /\nRequests: 203\.0\.113\.7 — 4 requests, from 2025-02-21T14:38:09\.000Z\n/);
    const requests = table.slice(table.indexOf('Requests: '));
    assert.ok(requests.indexOf('/hooks/wake?token=') < requests.indexOf('POST /api/v1/config'), 'first request first');
    assert.match(table, /GET \/hooks\/wake ×1 \(200\)/);
    const md = (await runCli([...args, '--format', 'markdown'], { cwd: DIR })).stdout;
    assert.match(md, /### Requests: 203\.0\.113\.7 — 4 requests/);
    assert.match(md, /\| 2025-02-21T14:41:30\.000Z \| POST /);
    assert.ok(!table.includes(RAW) && !md.includes(RAW));
  });
});

describe('audit: nothing silently clean', () => {
  it('an unrecognised JSON log with the fingerprint on every line is a finding per line, not "No findings"', async () => {
    const r = await runCli(['audit', 'unknown-format.log', ...WINDOW, ...TOKEN, '--no-progress'], { cwd: DIR });
    assert.equal(r.code, 1, r.stderr);
    assert.ok(!r.stdout.includes('No findings'));
    const { findings, stderr } = await auditJson(['unknown-format.log', ...WINDOW]);
    const unparsed = findings.find((f) => f.rule === 'token-in-unparsed-line');
    assert.deepEqual(unparsed?.uses?.map((u) => [u.location.line, u.kind, u.time]), [[1, 'token-text', undefined], [2, 'token-text', undefined], [3, 'token-text', undefined]]);
    assert.equal(unparsed?.severity, 'high');
    // The plain input covers no time: the gap is the whole window and names it.
    const gap = findings.find((f) => f.rule === 'log-coverage-gap');
    assert.equal(gap?.time, '2025-02-21T14:00:00.000Z');
    assert.match(gap?.message ?? '', /not counted as coverage, format not recognised: unknown-format\.log\)$/);
    assert.match(stderr, /^clawprint: format not recognised, read as plain text: it covers no time of the window \(--input-format forces a format\) \(unknown-format\.log\)$/m);
  });

  it('a token echoed in a CI log is token-exposure with its time, and stderr suggests it as --since', async () => {
    const { findings, stderr } = await auditJson(['ci-deploy.log', 'gateway.jsonl', ...WINDOW]);
    const exposure = findings.find((f) => f.rule === 'token-exposure');
    assert.equal(exposure?.severity, 'high');
    assert.equal(exposure?.time, '2025-02-21T13:28:12.513Z');
    assert.deepEqual(exposure?.uses?.map((u) => [u.location.line, u.kind]), [[1, 'exposure']]);
    assert.ok(!findings.some((f) => f.rule === 'token-use' && f.source === undefined), 'the echoed curl is not a use');
    assert.match(stderr, /^clawprint: the token was printed in a log at 2025-02-21T13:28:12\.513Z \(ci-deploy\.log:1\): it was exposed from then on; suggested --since 2025-02-21T13:28:12\.513Z$/m);
  });

  it('without --since, warns that every source will look new', async () => {
    const { stderr } = await auditJson(['gateway.jsonl', '--until', '2025-02-21T18:30Z']);
    assert.match(stderr, /^clawprint: no --since: the window starts at the earliest event read, so every source will look new; give --since with the time the token was exposed$/m);
  });

  it('a missing input fails before any report is printed', async () => {
    const r = await runCli(['audit', 'gateway.jsonl', 'no-such.log', ...WINDOW, ...TOKEN, '--no-progress'], { cwd: DIR });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.split('\n').filter((l) => !l.includes('bytes of entropy')).join('\n'), 'clawprint: input not found: no such file or directory (no-such.log)\n');
  });

  it('--since 2025-02-21 14:00 unquoted is one line asking to quote the value', async () => {
    const r = await runCli(['audit', '--since', '2025-02-21', '14:00', 'gateway.jsonl', ...TOKEN, '--no-progress'], { cwd: DIR });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.split('\n').filter((l) => !l.includes('bytes of entropy')).join('\n'), 'clawprint: --since 2025-02-21 14:00: quote a date and time that has a space (--since "2025-02-21 14:00")\n');
  });
});
